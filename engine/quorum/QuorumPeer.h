#pragma once
// One ensemble member's replication protocol as a sans-IO state machine: Fast Leader Election
// (LeaderElection) followed by ZAB in the role the election gave it — leader, follower or observer —
// until that role ends and the member looks for a leader again (ZooKeeper's QuorumPeer.run with
// Leader.lead, Follower.followLeader and Observer.observeLeader).
//
// Inputs are calls carrying the current time; outputs go to the QuorumPeerHost synchronously (send a
// message, log a proposal, apply a committed one, ...). No sockets, timers or threads inside: the TCP
// driver and the simulator deliver messages, report when the log is durable, and call tick() at
// nextDeadlineMs(). The quorum link between two members must be FIFO; when it breaks the driver calls
// peerDisconnected() on both sides.
//
// Differences from ZooKeeper's implementation (not from its protocol): ACK and COMMIT are cumulative
// (an ACK for zxid Z acknowledges every proposal up to Z on that link, as the link is FIFO); the leader
// keeps its recent committed history in memory for DIFF (ZooKeeper's committedLog) and sends SNAP
// beyond it; a learner re-sends its LEARNERINFO until the leader answers instead of reconnecting.

#include "LeaderElection.h"
#include "ZabMessage.h"

#include <deque>
#include <map>
#include <set>

namespace zooscope::quorum {

// What the member is doing, for the host: whether to serve clients and how.
struct RoleStatus
{
    ServerState state = ServerState::Looking;
    ServerId leader = NoServer;
    std::int64_t epoch = 0;
    // Leader: a quorum finished synchronizing (NEWLEADER acked). Learner: UPTODATE received.
    bool serving = false;
};

class QuorumPeerHost
{
public:
    virtual ~QuorumPeerHost() = default;
    virtual void sendNotification(ServerId to, const Notification &notification) = 0;
    virtual void sendMessage(ServerId to, const ZabMessage &message) = 0;
    // Ends the quorum connection to `peer` (a leader letting its learners go, a learner leaving).
    virtual void closeConnection(ServerId peer) = 0;
    // Appends to the transaction log; the host calls QuorumPeer::logged() once it is durable.
    virtual void appendToLog(const Proposal &proposal) = 0;
    // Applies a committed transaction to the state (the data tree), in zxid order.
    virtual void applyCommitted(const Proposal &proposal) = 0;
    // Drops every logged and applied transaction after `zxid` (the state goes back to `zxid`).
    virtual void truncateTo(Zxid zxid) = 0;
    // The applied state, serialized, and loading it back (replacing the state and the log).
    virtual QByteArray takeSnapshot() = 0;
    virtual void loadSnapshot(Zxid zxid, const QByteArray &snapshot) = 0;
    // Durable before the call returns (ZooKeeper's acceptedEpoch and currentEpoch files).
    virtual void persistEpochs(std::int64_t acceptedEpoch, std::int64_t currentEpoch) = 0;
    virtual void roleChanged(const RoleStatus &status) = 0;
    // Leader: a learner forwarded a client request.
    virtual void forwardedRequest(ServerId from, const QByteArray &request) = 0;
    // Learner: the leader answered a SYNC (the payload it was sent with).
    virtual void syncDone(const QByteArray &payload) = 0;
    // Learner: what its reply to a leader's PING carries (ZooKeeper: the sessions it touched).
    virtual QByteArray learnerPingPayload() = 0;
    // Leader: a learner's PING reply.
    virtual void learnerPing(ServerId from, const QByteArray &payload) = 0;
    virtual void trace(const TraceEvent &event) = 0;
    // Dynamic reconfiguration. The membership a transaction installs once committed, when it is a
    // reconfiguration; and the membership the state holds after a snapshot or truncation replaced it.
    virtual std::optional<QuorumConfig> membershipOf(const Proposal &) { return std::nullopt; }
    virtual std::optional<QuorumConfig> membershipOfState() { return std::nullopt; }
};

struct PeerTiming
{
    ElectionTiming election;
    qint64 tickTimeMs = 2000;
    int initLimit = 10;
    int syncLimit = 5;
    qint64 learnerInfoRetryMs = 200;
    // Committed proposals the leader keeps for DIFF (ZooKeeper's commitLogCount is 500).
    std::size_t historyLimit = 10000;
};

// What the member has on disk when it starts.
struct PeerDisk
{
    Zxid lastLoggedZxid = 0;
    std::int64_t acceptedEpoch = 0;
    std::int64_t currentEpoch = 0;
};

class QuorumPeer
{
public:
    QuorumPeer(ServerId self, QuorumConfig config, PeerTiming timing, QuorumPeerHost &host);

    // Looks for a leader with what is on disk (the state has every logged transaction applied).
    void start(qint64 nowMs, const PeerDisk &disk);
    void receiveNotification(qint64 nowMs, ServerId from, const Notification &notification);
    void receiveMessage(qint64 nowMs, ServerId from, const ZabMessage &message);
    void peerDisconnected(qint64 nowMs, ServerId peer);
    // The log is durable up to `zxid`.
    void logged(qint64 nowMs, Zxid zxid);
    void tick(qint64 nowMs);
    std::optional<qint64> nextDeadlineMs() const;

    // Leader, serving: proposes the next transaction; its zxid must be nextZxid().
    bool propose(qint64 nowMs, const Proposal &proposal);
    Zxid nextZxid() const { return m_lastProposedZxid + 1; }
    // Learner, serving: forwards a client request / a sync barrier to the leader.
    bool forwardRequest(qint64 nowMs, const QByteArray &request);
    bool forwardSync(qint64 nowMs, const QByteArray &payload);

    ServerId self() const { return m_self; }
    const QuorumConfig &config() const { return m_config; }
    const LeaderElection &election() const { return m_election; }
    const RoleStatus &role() const { return m_role; }
    std::int64_t acceptedEpoch() const { return m_acceptedEpoch; }
    std::int64_t currentEpoch() const { return m_currentEpoch; }
    Zxid lastLoggedZxid() const { return m_lastLoggedZxid; }
    Zxid durableZxid() const { return m_durableZxid; }
    Zxid lastCommittedZxid() const { return m_lastAppliedZxid; }
    // Leader: proposals sent and not yet committed.
    std::size_t outstandingProposals() const { return m_outstanding.size(); }
    // Leader: itself and every follower synchronized and heard from within syncLimit, members of the
    // configuration or not (a member joining by reconfiguration follows before it is one): what a
    // new configuration's quorum is checked against (ZooKeeper's NewConfigNoQuorum).
    std::set<ServerId> synchronizedFollowers(qint64 nowMs) const;
    // Not in the configuration: removed by a reconfiguration, this member takes no part any more.
    bool removed() const { return m_removed; }

private:
    enum class LearnerPhase : std::uint8_t { Discovery, Synchronization, Broadcast };

    // The leader's view of one connected learner (ZooKeeper's LearnerHandler).
    struct LearnerHandle
    {
        bool observer = false;
        LearnerPhase phase = LearnerPhase::Discovery;
        std::int64_t acceptedEpoch = 0;
        Zxid lastLoggedZxid = 0;
        bool epochAcked = false;
        std::int64_t currentEpoch = 0;
        bool newLeaderAcked = false;
        qint64 lastHeardMs = 0;
    };
    struct Outstanding
    {
        Proposal proposal;
        std::set<ServerId> acks;
        std::vector<std::pair<ServerId, QByteArray>> syncs; // answered right after this commit
        // A reconfiguration commits with a quorum of the current and of the next configuration.
        std::optional<QuorumConfig> nextConfig;
    };

    // Roles
    void lookForLeader(qint64 nowMs);
    void takeDecision(qint64 nowMs, const std::optional<Vote> &decision);
    void endRole(qint64 nowMs, const QString &why);
    void setRole(qint64 nowMs, RoleStatus status);
    void activate(qint64 nowMs, const QuorumConfig &config);
    void applyElectionOutput(qint64 nowMs, ElectionOutput output);

    // Leader
    void lead(qint64 nowMs);
    void leaderReceive(qint64 nowMs, ServerId from, const ZabMessage &message);
    void learnerInfo(qint64 nowMs, ServerId from, const ZabMessage &message);
    void maybeDecideEpoch(qint64 nowMs);
    void sendLeaderInfo(qint64 nowMs, ServerId to);
    void ackEpoch(qint64 nowMs, ServerId from, const ZabMessage &message);
    void maybeStartSync(qint64 nowMs);
    void synchronize(qint64 nowMs, ServerId to);
    void ackNewLeader(qint64 nowMs, ServerId from);
    void maybeEstablish(qint64 nowMs);
    void ackProposals(qint64 nowMs, ServerId from, Zxid zxid);
    void commitReady(qint64 nowMs);
    void leaderTick(qint64 nowMs);
    bool hasQuorum(const std::set<ServerId> &sids) const;
    std::set<ServerId> syncedVoters(qint64 nowMs) const;

    // Learner
    void followLeader(qint64 nowMs, ServerId leader, bool observer);
    void learnerReceive(qint64 nowMs, const ZabMessage &message);
    void learnerLogProposal(qint64 nowMs, const Proposal &proposal);
    void learnerCommit(qint64 nowMs, Zxid zxid);
    void learnerAckIfLogged(qint64 nowMs);
    void learnerTick(qint64 nowMs);

    // Shared
    void appendToLog(const Proposal &proposal);
    void applyProposal(qint64 nowMs, const Proposal &proposal);
    void remember(const Proposal &proposal);
    void send(qint64 nowMs, ServerId to, ZabMessage message);
    void setEpochs(qint64 nowMs, std::int64_t acceptedEpoch, std::int64_t currentEpoch);
    void record(qint64 nowMs, TraceKind kind, ServerId peer, Zxid zxid, const QString &details = {});

    ServerId m_self;
    QuorumConfig m_config;
    PeerTiming m_timing;
    QuorumPeerHost &m_host;
    LeaderElection m_election;
    RoleStatus m_role;
    bool m_started = false;
    bool m_removed = false;
    qint64 m_roleSinceMs = 0;

    std::int64_t m_acceptedEpoch = 0;
    std::int64_t m_currentEpoch = 0;
    Zxid m_lastLoggedZxid = 0;  // appended to the log (durable or not)
    Zxid m_durableZxid = 0;     // the log is durable up to here
    Zxid m_lastAppliedZxid = 0; // applied to the state
    // Committed proposals, oldest first, for DIFF; m_historyBase is the zxid just before the first.
    std::deque<Proposal> m_history;
    Zxid m_historyBase = 0;

    // Leader
    std::map<ServerId, LearnerHandle> m_learners;
    std::map<ServerId, ZabMessage> m_earlyLearnerInfo; // arrived while we were still looking
    std::optional<std::int64_t> m_newEpoch;
    bool m_syncStarted = false;
    bool m_established = false;
    Zxid m_lastProposedZxid = 0;
    std::map<Zxid, Outstanding> m_outstanding;
    qint64 m_nextPingMs = 0;

    // Learner
    LearnerPhase m_learnerPhase = LearnerPhase::Discovery;
    bool m_observer = false;
    qint64 m_lastHeardFromLeaderMs = 0;
    qint64 m_nextLearnerInfoMs = 0;
    std::deque<Proposal> m_pending; // proposals received and not yet committed
    std::optional<Zxid> m_newLeaderZxid;  // NEWLEADER received, ack owed once logged
    std::int64_t m_newLeaderEpoch = 0;    // and the epoch it makes current then
    Zxid m_lastAckedZxid = 0;
};

} // namespace zooscope::quorum
