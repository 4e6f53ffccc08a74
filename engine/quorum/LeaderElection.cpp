#include "LeaderElection.h"

#include <algorithm>

namespace zooscope::quorum {

namespace {

TraceEvent withVote(TraceEvent event, const Vote &vote)
{
    event.leader = vote.leader;
    event.zxid = vote.zxid;
    event.electionEpoch = vote.electionEpoch;
    event.epoch = vote.peerEpoch;
    event.state = vote.state;
    return event;
}

} // namespace

LeaderElection::LeaderElection(ServerId self, QuorumConfig config, ElectionTiming timing)
    : m_self(self)
    , m_config(std::move(config))
    , m_timing(timing)
    , m_isVoter(m_config.isVoter(self))
    , m_notificationIntervalMs(timing.minNotificationIntervalMs)
{
}

void LeaderElection::reconfigure(QuorumConfig config)
{
    m_config = std::move(config);
    m_isVoter = m_config.isVoter(m_self);
}

Vote LeaderElection::initialVote() const
{
    // Observers start with ZooKeeper's Long.MIN_VALUE vote: the first voter they hear from beats it.
    if (!m_isVoter)
        return Vote{};
    return Vote{m_self, m_lastLoggedZxid, 0, m_currentEpoch, ServerState::Looking};
}

Vote LeaderElection::proposal() const
{
    return Vote{m_proposal.leader, m_proposal.zxid, m_logicalClock, m_proposal.peerEpoch, ServerState::Looking};
}

std::optional<qint64> LeaderElection::nextDeadlineMs() const
{
    if (!m_started || m_state != ServerState::Looking)
        return std::nullopt;
    if (m_finalizeDeadlineMs)
        return m_finalizeDeadlineMs;
    return m_pollDeadlineMs;
}

ElectionOutput LeaderElection::lookForLeader(qint64 nowMs, Zxid lastLoggedZxid, std::int64_t currentEpoch)
{
    ElectionOutput output;
    m_lastLoggedZxid = lastLoggedZxid;
    m_currentEpoch = currentEpoch;
    if (!m_started) {
        m_started = true;
        // QuorumPeer.startLeaderElection: until the first decision our "current vote" is ourselves.
        m_currentVote = Vote{m_self, lastLoggedZxid, -1, currentEpoch, ServerState::Looking};
    }
    setState(nowMs, ServerState::Looking, output);
    m_received.clear();
    m_outOfElection.clear();
    m_loopback.clear();
    m_finalizeDeadlineMs.reset();
    m_notificationIntervalMs = m_timing.minNotificationIntervalMs;
    setLogicalClock(nowMs, m_logicalClock + 1, output);
    updateProposal(nowMs, initialVote(), output);
    sendNotifications(nowMs, output);
    m_pollDeadlineMs = nowMs + m_notificationIntervalMs;
    drainLoopback(nowMs, output);
    return output;
}

ElectionOutput LeaderElection::receive(qint64 nowMs, ServerId from, const Notification &notification)
{
    ElectionOutput output;
    handle(nowMs, from, notification, output);
    drainLoopback(nowMs, output);
    return output;
}

ElectionOutput LeaderElection::tick(qint64 nowMs)
{
    ElectionOutput output;
    if (!m_started || m_state != ServerState::Looking)
        return output;
    if (m_finalizeDeadlineMs) {
        if (nowMs >= *m_finalizeDeadlineMs)
            decide(nowMs, proposal(), QStringLiteral("a quorum agreed and the finalize wait passed quietly"), output);
    } else if (nowMs >= m_pollDeadlineMs) {
        // Exponential back-off, so a long partition does not flood the network with notifications.
        const qint64 next = std::min(m_notificationIntervalMs * 2, m_timing.maxNotificationIntervalMs);
        TraceEvent timeout = event(TraceKind::NotificationTimeout, nowMs);
        timeout.details = QStringLiteral("next wait %1 ms").arg(next);
        output.trace.push_back(timeout);
        sendNotifications(nowMs, output);
        m_notificationIntervalMs = next;
        m_pollDeadlineMs = nowMs + m_notificationIntervalMs;
    }
    drainLoopback(nowMs, output);
    return output;
}

ElectionOutput LeaderElection::updateElectionVote(qint64 nowMs, std::int64_t newPeerEpoch)
{
    ElectionOutput output;
    m_currentVote.peerEpoch = newPeerEpoch;
    output.trace.push_back(withVote(event(TraceKind::EpochChanged, nowMs), m_currentVote));
    return output;
}

// WorkerReceiver, then (while looking) one turn of lookForLeader's loop for this notification.
void LeaderElection::handle(qint64 nowMs, ServerId from, const Notification &notification, ElectionOutput &output)
{
    TraceEvent received = withVote(event(TraceKind::VoteReceived, nowMs), notification);
    received.peer = from;
    output.trace.push_back(received);
    if (!m_started) {
        ignore(nowMs, from, notification, voteIgnoredReasonText(VoteIgnoredReason::ElectionNotStarted), output);
        return;
    }
    if (!m_config.isVoter(from)) {
        // A non-voter (an observer) is answered at once with our current vote; its own vote never counts.
        Notification reply = m_currentVote;
        reply.electionEpoch = m_logicalClock;
        reply.state = m_state;
        send(nowMs, from, reply, output);
        return;
    }
    // Deviation: an observer answers nothing. ZooKeeper's observer answers like a voter, but a voter
    // never counts what an observer sends and answers every observer notification at once, so an
    // observer out of the election (or a round ahead) and a looking voter would bounce notifications
    // for as long as the voter looks (found by the simulator, seeds 2846 and 6049). Voters only ever
    // send an observer answers, so nothing is lost; the observer's own notifications still go out.
    const bool answers = m_isVoter;
    if (m_state != ServerState::Looking) {
        // Out of the election: tell a looking member whom we follow, so it can join.
        if (notification.state != ServerState::Looking) {
            ignore(nowMs, from, notification, voteIgnoredReasonText(VoteIgnoredReason::NotLooking), output);
        } else if (!answers) {
            ignore(nowMs, from, notification, voteIgnoredReasonText(VoteIgnoredReason::ObserverAnswersNothing), output);
        } else {
            Notification reply = m_currentVote;
            reply.state = m_state;
            send(nowMs, from, reply, output);
        }
        return;
    }
    // A looking member behind us gets our proposal, so it catches up with this round.
    if (answers && notification.state == ServerState::Looking && notification.electionEpoch < m_logicalClock)
        send(nowMs, from, proposal(), output);

    if (m_finalizeDeadlineMs) {
        // lookForLeader's finalize loop: only a better vote interrupts it; anything else is dropped
        // and the wait starts over.
        if (!(m_config.isVoter(notification.leader) && isBetterCandidate(notification, m_proposal))) {
            m_finalizeDeadlineMs = nowMs + m_timing.finalizeWaitMs;
            ignore(nowMs, from, notification, voteIgnoredReasonText(VoteIgnoredReason::FinalizeNotBetter), output);
            return;
        }
        m_finalizeDeadlineMs.reset();
        TraceEvent interrupted = withVote(event(TraceKind::FinalizeInterrupted, nowMs), notification);
        interrupted.peer = from;
        output.trace.push_back(interrupted);
    }
    m_pollDeadlineMs = nowMs + m_notificationIntervalMs;
    tally(nowMs, from, notification, output);
}

void LeaderElection::tally(qint64 nowMs, ServerId from, const Notification &notification, ElectionOutput &output)
{
    if (!m_config.isVoter(notification.leader)) {
        ignore(nowMs, from, notification, voteIgnoredReasonText(VoteIgnoredReason::ProposesNonVoter), output);
        return;
    }
    switch (notification.state) {
    case ServerState::Looking: tallyLooking(nowMs, from, notification, output); break;
    case ServerState::Following:
    case ServerState::Leading: tallyEstablished(nowMs, from, notification, output); break;
    case ServerState::Observing: ignore(nowMs, from, notification, voteIgnoredReasonText(VoteIgnoredReason::FromObserver), output); break;
    }
}

void LeaderElection::tallyLooking(qint64 nowMs, ServerId from, const Notification &notification, ElectionOutput &output)
{
    if (initialVote().zxid == -1) {
        ignore(nowMs, from, notification, voteIgnoredReasonText(VoteIgnoredReason::OwnZxidUnknown), output);
        return;
    }
    if (notification.zxid == -1) {
        ignore(nowMs, from, notification, voteIgnoredReasonText(VoteIgnoredReason::TheirZxidUnknown), output);
        return;
    }
    const Vote candidate{notification.leader, notification.zxid, 0, notification.peerEpoch, ServerState::Looking};
    if (notification.electionEpoch > m_logicalClock) {
        // A later round: join it, forget this round's votes, and vote again from scratch.
        setLogicalClock(nowMs, notification.electionEpoch, output);
        m_received.clear();
        const Vote own = initialVote();
        updateProposal(nowMs, isBetterCandidate(candidate, own) ? candidate : own, output);
        sendNotifications(nowMs, output);
    } else if (notification.electionEpoch < m_logicalClock) {
        ignore(nowMs, from, notification, voteIgnoredReasonText(VoteIgnoredReason::EarlierRound), output);
        return;
    } else if (isBetterCandidate(candidate, m_proposal)) {
        updateProposal(nowMs, candidate, output);
        sendNotifications(nowMs, output);
    }
    m_received[from] = Vote{notification.leader, notification.zxid, notification.electionEpoch, notification.peerEpoch,
                            ServerState::Looking};
    if (hasQuorumAgreeing(m_received, proposal())) {
        m_finalizeDeadlineMs = nowMs + m_timing.finalizeWaitMs;
        output.trace.push_back(withVote(event(TraceKind::QuorumReached, nowMs), proposal()));
    }
}

void LeaderElection::tallyEstablished(qint64 nowMs, ServerId from, const Notification &notification,
                                      ElectionOutput &output)
{
    const Vote vote{notification.leader, notification.zxid, notification.electionEpoch, notification.peerEpoch,
                    notification.state};
    const Vote endVote{vote.leader, vote.zxid, vote.electionEpoch, vote.peerEpoch, ServerState::Looking};
    if (notification.electionEpoch == m_logicalClock) {
        m_received[from] = vote;
        if (hasQuorumAgreeing(m_received, vote) && leaderConfirmed(m_received, vote.leader, vote.electionEpoch)) {
            decide(nowMs, endVote, QStringLiteral("a quorum of this round follows it"), output);
            return;
        }
    }
    // Before joining an ensemble that already runs, make sure a quorum follows that leader and the
    // leader itself says it leads, so we do not keep electing a member that crashed.
    m_outOfElection[from] = vote;
    if (hasQuorumAgreeing(m_outOfElection, vote) && leaderConfirmed(m_outOfElection, vote.leader, vote.electionEpoch)) {
        setLogicalClock(nowMs, vote.electionEpoch, output);
        decide(nowMs, endVote, QStringLiteral("joined the leader a quorum already follows"), output);
    }
}

bool LeaderElection::hasQuorumAgreeing(const std::map<ServerId, Vote> &votes, const Vote &target) const
{
    std::vector<ServerId> agreeing;
    for (const auto &[sid, vote] : votes) {
        if (votesAgree(vote, target))
            agreeing.push_back(sid);
    }
    return m_config.hasQuorum(agreeing);
}

// ZooKeeper's checkLeader.
bool LeaderElection::leaderConfirmed(const std::map<ServerId, Vote> &votes, ServerId leader,
                                     std::int64_t electionEpoch) const
{
    if (leader == m_self)
        return m_logicalClock == electionEpoch;
    const auto found = votes.find(leader);
    return found != votes.end() && found->second.state == ServerState::Leading;
}

void LeaderElection::updateProposal(qint64 nowMs, const Vote &candidate, ElectionOutput &output)
{
    const Vote next{candidate.leader, candidate.zxid, 0, candidate.peerEpoch, ServerState::Looking};
    if (next == m_proposal)
        return;
    m_proposal = next;
    output.trace.push_back(withVote(event(TraceKind::VoteChanged, nowMs), proposal()));
}

void LeaderElection::setLogicalClock(qint64 nowMs, std::int64_t value, ElectionOutput &output)
{
    if (value == m_logicalClock)
        return;
    m_logicalClock = value;
    output.trace.push_back(event(TraceKind::ElectionEpochChanged, nowMs));
}

void LeaderElection::sendNotifications(qint64 nowMs, ElectionOutput &output)
{
    const Notification notification = proposal();
    for (ServerId voter : m_config.voters())
        send(nowMs, voter, notification, output);
}

void LeaderElection::send(qint64 nowMs, ServerId to, const Notification &notification, ElectionOutput &output)
{
    TraceEvent sent = withVote(event(TraceKind::VoteSent, nowMs), notification);
    sent.peer = to;
    output.trace.push_back(sent);
    if (to == m_self)
        m_loopback.push_back(notification);
    else
        output.messages.push_back({to, notification});
}

void LeaderElection::decide(qint64 nowMs, const Vote &endVote, const QString &how, ElectionOutput &output)
{
    const ServerState role = endVote.leader == m_self ? ServerState::Leading
                             : m_isVoter              ? ServerState::Following
                                                      : ServerState::Observing;
    m_currentVote = endVote;
    m_currentVote.state = role;
    m_received.clear();
    m_outOfElection.clear();
    m_loopback.clear();
    m_finalizeDeadlineMs.reset();
    setState(nowMs, role, output);
    TraceEvent elected = withVote(event(TraceKind::LeaderElected, nowMs), m_currentVote);
    elected.details = how;
    output.trace.push_back(elected);
    output.decision = m_currentVote;
}

void LeaderElection::setState(qint64 nowMs, ServerState state, ElectionOutput &output)
{
    if (state == m_state)
        return;
    m_state = state;
    output.trace.push_back(event(TraceKind::StateChanged, nowMs));
}

void LeaderElection::drainLoopback(qint64 nowMs, ElectionOutput &output)
{
    while (!m_loopback.empty()) {
        const Notification notification = m_loopback.front();
        m_loopback.pop_front();
        handle(nowMs, m_self, notification, output);
    }
}

void LeaderElection::ignore(qint64 nowMs, ServerId from, const Notification &notification, const QString &why,
                            ElectionOutput &output)
{
    TraceEvent ignored = withVote(event(TraceKind::VoteIgnored, nowMs), notification);
    ignored.peer = from;
    ignored.details = why;
    output.trace.push_back(ignored);
}

TraceEvent LeaderElection::event(TraceKind kind, qint64 nowMs) const
{
    TraceEvent event;
    event.kind = kind;
    event.timeMs = nowMs;
    event.member = m_self;
    event.electionEpoch = m_logicalClock;
    event.state = m_state;
    return event;
}

} // namespace zooscope::quorum
