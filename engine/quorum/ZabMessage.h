#pragma once
// The messages ZAB exchanges between a leader and its learners (ZooKeeper's QuorumPacket types), and
// their encoding on ZooScope's quorum links. Discovery: FOLLOWERINFO/OBSERVERINFO -> LEADERINFO ->
// ACKEPOCH. Synchronization: DIFF, TRUNC or SNAP, then PROPOSAL/COMMIT pairs, NEWLEADER -> ACK,
// UPTODATE. Broadcast: PROPOSAL -> ACK -> COMMIT (INFORM to observers), PING both ways, REQUEST
// (a learner forwarding a client write) and SYNC (a learner's sync barrier).

#include "Vote.h"

#include <QByteArray>

#include <optional>

namespace zooscope::quorum {

enum class ZabType : std::uint8_t {
    LearnerInfo,  // learner -> leader: zxid = last logged zxid, epoch = accepted epoch, observer flag
    LeaderInfo,   // leader -> learner: epoch = the new epoch proposed
    AckEpoch,     // learner -> leader: epoch = current epoch, zxid = last logged zxid
    Diff,         // leader -> learner: zxid = the leader's last committed zxid; proposals follow
    Trunc,        // leader -> learner: drop every transaction after zxid, then proposals follow
    Snap,         // leader -> learner: payload = snapshot of the state at zxid
    Proposal,     // leader -> follower: zxid + payload (the transaction)
    Commit,       // leader -> follower: everything up to zxid is committed
    Inform,       // leader -> observer: zxid + payload, committed
    NewLeader,    // leader -> learner: zxid = newEpoch << 32; the learner acks once it logged the sync
    AckNewLeader, // learner -> leader
    UpToDate,     // leader -> learner: synchronized, start serving clients
    Ack,          // follower -> leader: everything up to zxid is logged
    Ping,         // both ways; a learner's reply carries its touched sessions in payload
    Request,      // learner -> leader: payload = a forwarded client request (opaque to ZAB)
    Sync,         // learner -> leader: payload echoed back in SyncDone once earlier commits were sent
    SyncDone,     // leader -> learner
    Refused,      // a member that does not lead -> a learner that chose it: look for a leader again
};

const char *zabTypeName(ZabType type);

struct ZabMessage
{
    ZabType type = ZabType::Ping;
    Zxid zxid = 0;
    std::int64_t epoch = 0;
    bool observer = false;
    QByteArray payload;
};

// One proposal: its zxid and the transaction bytes (ZooKeeper's TxnHeader + txn record).
struct Proposal
{
    Zxid zxid = 0;
    QByteArray payload;
};

// Wire form on a quorum link: type, zxid, epoch, observer flag, payload length and bytes (big endian).
QByteArray encodeZabMessage(const ZabMessage &message);
std::optional<ZabMessage> decodeZabMessage(const QByteArray &bytes);

} // namespace zooscope::quorum
