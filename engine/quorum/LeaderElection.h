#pragma once
// Apache ZooKeeper's Fast Leader Election for one member, as a sans-IO state machine: the logic of
// FastLeaderElection.lookForLeader together with its WorkerReceiver (the replies sent as soon as a
// notification arrives). Inputs are calls with the current time; outputs are returned from each call.
// No sockets, timers, threads or clocks inside: the TCP driver and the simulator deliver the
// notifications, call tick() at nextDeadlineMs(), and re-enter lookForLeader() whenever the member's
// role ends (its leader went away, or a leader lost its quorum).
//
// Left to the driver: connections (QuorumCnxManager's one connection per pair, its one-message send
// queue and re-send on reconnect, haveDelivered/connectAll on a time-out: here a time-out simply
// re-sends) and the wire format. A committed reconfiguration replaces the members (reconfigure());
// not implemented: configuration versions in notifications, hierarchical quorum weights, and the
// two-member oracle (QuorumOracleMaj).
// Deviation: an observer never answers a notification (see handle()).

#include "QuorumConfig.h"
#include "TraceEvent.h"

#include <deque>
#include <map>
#include <optional>
#include <vector>

namespace zooscope::quorum {

// ZooKeeper's defaults: finalizeWait, and zookeeper.fastleader.min/maxNotificationInterval.
struct ElectionTiming
{
    qint64 finalizeWaitMs = 200;
    qint64 minNotificationIntervalMs = 200;
    qint64 maxNotificationIntervalMs = 60000;
};

struct OutgoingNotification
{
    ServerId to = 0;
    Notification notification;
};

struct ElectionOutput
{
    std::vector<OutgoingNotification> messages;
    // Set when the election ended: the vote we settled on; its state is our new role.
    std::optional<Vote> decision;
    std::vector<TraceEvent> trace;
};

class LeaderElection
{
public:
    LeaderElection(ServerId self, QuorumConfig config, ElectionTiming timing = {});

    // Enters LOOKING and starts a new round with our own vote: at start-up, and again every time
    // the role ends. The log position and epoch are what the member has on disk at that moment.
    ElectionOutput lookForLeader(qint64 nowMs, Zxid lastLoggedZxid, std::int64_t currentEpoch);
    // A notification from a peer, in any state of ours.
    ElectionOutput receive(qint64 nowMs, ServerId from, const Notification &notification);
    // Call at (or after) nextDeadlineMs(): re-sends notifications when none arrived in time, and
    // declares the result once the finalize wait passed quietly.
    ElectionOutput tick(qint64 nowMs);
    std::optional<qint64> nextDeadlineMs() const;

    // ZAB's hook (QuorumPeer.updateElectionVote): once a new epoch is established, replies to
    // looking members carry it, so late joiners count us as agreeing with the others.
    ElectionOutput updateElectionVote(qint64 nowMs, std::int64_t newPeerEpoch);

    ServerId self() const { return m_self; }
    const QuorumConfig &config() const { return m_config; }
    bool isVoter() const { return m_isVoter; }
    // A committed reconfiguration: later tallies and notifications use the new members.
    void reconfigure(QuorumConfig config);
    ServerState state() const { return m_state; }
    std::int64_t logicalClock() const { return m_logicalClock; }
    // What we currently propose while looking (its electionEpoch is our logical clock).
    Vote proposal() const;
    // The last decision (before the first one: our own initial vote), as QuorumPeer.currentVote.
    const Vote &currentVote() const { return m_currentVote; }
    bool isFinalizing() const { return m_finalizeDeadlineMs.has_value(); }
    qint64 notificationIntervalMs() const { return m_notificationIntervalMs; }

private:
    Vote initialVote() const;
    void handle(qint64 nowMs, ServerId from, const Notification &notification, ElectionOutput &output);
    void tally(qint64 nowMs, ServerId from, const Notification &notification, ElectionOutput &output);
    void tallyLooking(qint64 nowMs, ServerId from, const Notification &notification, ElectionOutput &output);
    void tallyEstablished(qint64 nowMs, ServerId from, const Notification &notification, ElectionOutput &output);
    bool hasQuorumAgreeing(const std::map<ServerId, Vote> &votes, const Vote &target) const;
    bool leaderConfirmed(const std::map<ServerId, Vote> &votes, ServerId leader, std::int64_t electionEpoch) const;
    void updateProposal(qint64 nowMs, const Vote &candidate, ElectionOutput &output);
    void setLogicalClock(qint64 nowMs, std::int64_t value, ElectionOutput &output);
    void sendNotifications(qint64 nowMs, ElectionOutput &output);
    void send(qint64 nowMs, ServerId to, const Notification &notification, ElectionOutput &output);
    void decide(qint64 nowMs, const Vote &endVote, const QString &how, ElectionOutput &output);
    void setState(qint64 nowMs, ServerState state, ElectionOutput &output);
    void drainLoopback(qint64 nowMs, ElectionOutput &output);
    void ignore(qint64 nowMs, ServerId from, const Notification &notification, const QString &why,
                ElectionOutput &output);
    TraceEvent event(TraceKind kind, qint64 nowMs) const;

    ServerId m_self;
    QuorumConfig m_config;
    ElectionTiming m_timing;
    bool m_isVoter;
    bool m_started = false;
    ServerState m_state = ServerState::Looking;
    Zxid m_lastLoggedZxid = 0;
    std::int64_t m_currentEpoch = 0;
    std::int64_t m_logicalClock = 0;
    Vote m_proposal;    // leader, zxid and peer epoch we propose in this round
    Vote m_currentVote; // QuorumPeer.currentVote
    // recvset: this round's votes; outofelection: what members that already left the election
    // follow, from any round (ZOOKEEPER-1732). std::map so every walk is deterministic.
    std::map<ServerId, Vote> m_received;
    std::map<ServerId, Vote> m_outOfElection;
    qint64 m_notificationIntervalMs;
    qint64 m_pollDeadlineMs = 0;
    std::optional<qint64> m_finalizeDeadlineMs;
    // Our notifications to ourselves: QuorumCnxManager queues them behind whatever is being
    // handled, so they are processed after the current input, in order.
    std::deque<Notification> m_loopback;
};

} // namespace zooscope::quorum
