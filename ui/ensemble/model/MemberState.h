#pragma once
// What the studio knows about one ensemble member, folded from the trace: its role, epochs, vote,
// the votes it received in the current round, and its transaction history as the views show it.

#include "quorum/Vote.h"

#include <QString>

#include <map>
#include <set>

namespace zooscope::ui::ensemble {

using quorum::ServerId;
using quorum::ServerState;
using quorum::Zxid;

// One notification a member received in its current election round.
struct ReceivedVote
{
    quorum::Vote vote;
    qint64 timeMs = 0;
    bool ignored = false;
    QString ignoredBecause;
};

// One transaction in a member's history.
struct ProposalMark
{
    Zxid zxid = 0;
    bool proposed = false;  // the leader sent it / the learner logged it
    bool acked = false;     // learner: the leader counted our ACK; leader: a quorum acked
    bool committed = false; // applied to the member's state
    int ackCount = 0;       // leader: acks counted so far (itself included)
    std::set<ServerId> ackedBy;
    qint64 proposedMs = -1;
    qint64 committedMs = -1;
};

struct MemberState
{
    ServerId sid = 0;
    bool observer = false;
    bool up = true;
    bool paused = false;
    bool restarting = false; // restarted; what it has on disk shows in its first vote or role change
    ServerState state = ServerState::Looking;
    bool serving = false;
    ServerId leader = quorum::NoServer;
    std::int64_t acceptedEpoch = 0;
    std::int64_t epoch = 0;         // ZAB current epoch
    std::int64_t electionRound = 0; // FLE logical clock
    quorum::Vote currentVote;       // our proposal while looking, the decided vote afterwards
    std::map<ServerId, ReceivedVote> receivedVotes;
    bool quorumReached = false;     // a quorum agrees: the finalize wait runs
    QString decision;               // how the last election ended
    quorum::Vote decidedVote;       // the vote it ended with (the current vote's epoch moves on later)
    QString lastRoleLost;
    Zxid lastZxid = 0;      // last logged or proposed
    Zxid committedZxid = 0; // last applied
    QString syncMode;       // learner: how it last synchronized (DIFF/TRUNC/SNAP)
    std::map<ServerId, QString> syncModesSent; // leader: learner -> last sync detail
    std::set<ServerId> newLeaderAcked;         // leader: learners that acknowledged NEWLEADER
    std::map<Zxid, ProposalMark> proposals;
    int sessionCount = 0;
    QString activatedConfiguration; // the last reconfiguration it activated ("voters 1,2,4; observers none")
    qint64 lastEventMs = 0;
};

QString zxidText(Zxid zxid);           // "0x100000003"
QString zxidEpochCounter(Zxid zxid);   // "1/3"

} // namespace zooscope::ui::ensemble
