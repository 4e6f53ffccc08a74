#pragma once
// Fast Leader Election vocabulary: server states, votes and notifications, and the order in which
// Apache ZooKeeper ranks votes (FastLeaderElection.totalOrderPredicate, Vote.equals).

#include <cstdint>
#include <limits>

namespace zooscope::quorum {

using ServerId = std::int64_t;
using Zxid = std::int64_t;

// ZooKeeper's Long.MIN_VALUE: an observer's initial vote names no leader, no zxid and no epoch,
// so that any voter's vote beats it.
inline constexpr std::int64_t NoServer = std::numeric_limits<std::int64_t>::min();

// Ordinals as on ZooKeeper's election wire (QuorumPeer.ServerState).
enum class ServerState : std::uint8_t { Looking = 0, Following = 1, Leading = 2, Observing = 3 };

constexpr const char *serverStateName(ServerState state)
{
    switch (state) {
    case ServerState::Looking: return "LOOKING";
    case ServerState::Following: return "FOLLOWING";
    case ServerState::Leading: return "LEADING";
    case ServerState::Observing: return "OBSERVING";
    }
    return "?";
}

// zxid = epoch << 32 | counter.
constexpr std::int64_t epochOfZxid(Zxid zxid)
{
    return zxid >> 32;
}
constexpr Zxid makeZxid(std::int64_t epoch, std::int64_t counter)
{
    return Zxid((std::uint64_t(epoch) << 32) | (std::uint64_t(counter) & 0xffffffffULL));
}

// A vote: who should lead, that candidate's last logged zxid and current (peer) epoch, the election
// round it was cast in, and the state of the member casting it. A notification on the wire is the
// sender's vote with the sender's state, so the same struct carries both.
struct Vote
{
    ServerId leader = NoServer;
    Zxid zxid = NoServer;
    std::int64_t electionEpoch = 0;
    std::int64_t peerEpoch = NoServer;
    ServerState state = ServerState::Looking;

    friend bool operator==(const Vote &, const Vote &) = default;
};

using Notification = Vote;

// The total order ZooKeeper elects by: peer epoch, then zxid, then server id. Election epoch and state
// do not take part. Negative, zero or positive as a ranks below, level with or above b.
constexpr int compareCandidates(const Vote &a, const Vote &b)
{
    if (a.peerEpoch != b.peerEpoch)
        return a.peerEpoch < b.peerEpoch ? -1 : 1;
    if (a.zxid != b.zxid)
        return a.zxid < b.zxid ? -1 : 1;
    if (a.leader != b.leader)
        return a.leader < b.leader ? -1 : 1;
    return 0;
}

constexpr bool isBetterCandidate(const Vote &candidate, const Vote &current)
{
    return compareCandidates(candidate, current) > 0;
}

// ZooKeeper's Vote.equals, used to count a quorum: votes cast while looking must match in leader,
// zxid, election epoch and peer epoch; between members that are out of the election only the leader
// and its peer epoch must match, because their zxids and rounds can legitimately differ (ZOOKEEPER-1805).
constexpr bool votesAgree(const Vote &a, const Vote &b)
{
    if (a.state == ServerState::Looking || b.state == ServerState::Looking)
        return a.leader == b.leader && a.zxid == b.zxid && a.electionEpoch == b.electionEpoch &&
               a.peerEpoch == b.peerEpoch;
    return a.leader == b.leader && a.peerEpoch == b.peerEpoch;
}

} // namespace zooscope::quorum
