#pragma once
// One observable protocol step. The election and replication cores emit these with their outputs;
// the drivers add their own (faults, deliveries) and hand the stream to whoever listens: the GUI's
// animations, the classroom's step/rewind view, and the tests.

#include "Vote.h"

#include <QString>

#include <optional>

namespace zooscope::quorum {

enum class TraceKind : std::uint8_t {
    // Fast Leader Election
    VoteSent,             // peer: recipient; leader/zxid/epochs: the vote; state: sender's state
    VoteReceived,         // peer: sender; the vote as received, state: sender's state
    VoteIgnored,          // peer: sender; details: why the notification did not count
    VoteChanged,          // our proposal changed; leader/zxid/epoch: the new proposal
    ElectionEpochChanged, // our logical clock moved; electionEpoch: the new value
    NotificationTimeout,  // nothing arrived in time: notifications re-sent; details: the next interval
    QuorumReached,        // a quorum agrees with our proposal: the finalize wait starts
    FinalizeInterrupted,  // a better vote arrived during the finalize wait: the tally goes on
    StateChanged,         // state: the new state
    LeaderElected,        // the election ended: leader, its zxid and epochs; state: our new role
    // ZAB
    EpochChanged,     // the member's accepted/current epoch changed; details: both values
    NewEpochProposed, // leader: zxid = newEpoch << 32, from a quorum of LEARNERINFO
    LeaderInfoSent,   // leader: LEADERINFO to peer; zxid = newEpoch << 32
    EpochAcked,       // learner: took LEADERINFO and sent ACKEPOCH to peer (its leader); zxid = its last logged
    SyncModeChosen,   // leader: peer = learner, details: DIFF/TRUNC/SNAP; learner: what it received
    NewLeaderAcked,   // leader: peer = the learner that finished synchronizing
    ProposalSent,     // leader: zxid
    ProposalReceived, // follower: zxid, peer = leader
    AckReceived,      // leader: peer acknowledged every proposal up to zxid
    CommitSent,       // leader: zxid committed by a quorum; details: ack count
    Committed,        // any member applied zxid to its state
    RequestForwarded, // leader: peer forwarded a client request
    LearnerDropped,   // leader: peer's connection closed or went silent
    SessionCreated, // a createSession transaction was applied; details: the session id
    SessionClosed,  // a closeSession was applied (closed by its client or expired by the leader)
    SessionMoved,
    SessionExpired,
    // Learner connection: the simulator's stand-in for ZAB's connect/heartbeat until ZAB lands
    LearnerConnected,  // member: follower/observer; peer: its leader
    LeaderEstablished, // a quorum of voters is connected to this leader
    RoleLost,          // back to LOOKING; peer: the leader we lost (or ourselves); details: why
    ConfigActivated,   // a committed reconfiguration took effect here; details: the new voters and observers
    // Simulator
    MemberCrashed,
    MemberRestarted,
    LinkChanged,       // member -> peer link blocked/unblocked/re-configured; details says which
    MessageDropped,    // member: sender; peer: recipient; details: why
    MessageDuplicated, // member: sender; peer: recipient
};

const char *traceKindName(TraceKind kind);

// Why a VoteIgnored notification did not count. The event's details carry the English text (logs,
// trace files, replay comparisons); the code lets a user interface say it in its own language,
// also for traces read back from a file, where only the text survives.
enum class VoteIgnoredReason : std::uint8_t {
    ElectionNotStarted,
    NotLooking,
    ObserverAnswersNothing,
    FinalizeNotBetter,
    ProposesNonVoter,
    FromObserver,
    OwnZxidUnknown,
    TheirZxidUnknown,
    EarlierRound,
};
inline constexpr int VoteIgnoredReasonCount = 9;

QString voteIgnoredReasonText(VoteIgnoredReason reason); // the English details, stable
std::optional<VoteIgnoredReason> voteIgnoredReasonFromText(const QString &details);

struct TraceEvent
{
    TraceKind kind = TraceKind::StateChanged;
    qint64 timeMs = 0;
    ServerId member = NoServer; // who took the step
    ServerId peer = NoServer;   // the other side, if any
    ServerId leader = NoServer; // the leader a vote or decision names, if any
    Zxid zxid = NoServer;
    std::int64_t electionEpoch = 0; // FLE's logical clock
    std::int64_t epoch = NoServer;  // the ZAB epoch; a vote's peer epoch
    ServerState state = ServerState::Looking;
    QString details;

    // One line in a stable format: logs, failure reports, and byte-for-byte replay comparisons.
    QString toText() const;
};

} // namespace zooscope::quorum
