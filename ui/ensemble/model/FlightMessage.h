#pragma once
// A protocol message between two members as the views animate it. The trace reports election
// notifications at both ends; ZAB messages are derived from the step each side reports (a leader's
// ProposalSent and each follower's ProposalReceived, an AckReceived, a CommitSent and the Committed
// that follows it, the sync mode both sides record, LEADERINFO and ACKEPOCH from LeaderInfoSent and
// EpochAcked, NEWLEADER from the leader's sync). Heartbeats (PING) are not traced and not drawn.

#include "MemberState.h"

#include <optional>

namespace zooscope::ui::ensemble {

enum class MessageType : std::uint8_t {
    Vote,
    // Discovery
    LearnerInfo,
    LeaderInfo,
    AckEpoch,
    // Synchronization
    Sync, // DIFF, TRUNC or SNAP: see syncMode
    NewLeader,
    NewLeaderAck,
    UpToDate,
    Proposal,
    Ack,
    Commit,
    Inform,
    Request,
};

const char *messageTypeName(MessageType type);

struct FlightMessage
{
    quint64 id = 0;
    MessageType type = MessageType::Vote;
    ServerId from = 0;
    ServerId to = 0;
    qint64 sentMs = 0;
    std::optional<qint64> deliveredMs;
    bool lost = false;
    quorum::Vote vote;  // Vote
    Zxid zxid = 0;      // ZAB messages
    QString syncMode;   // Sync: DIFF/TRUNC/SNAP
    QString details;

    bool inFlight() const { return !deliveredMs && !lost; }
    // "VOTE (3, 0x0, 1)", "PROPOSAL 0x100000002", "SNAP 0x100000005"
    QString label() const;
};

} // namespace zooscope::ui::ensemble
