#include "QuorumPeer.h"

#include <QStringList>

#include <algorithm>

namespace zooscope::quorum {

namespace {

QString hexZxid(Zxid zxid)
{
    return QStringLiteral("0x") + QString::number(zxid, 16);
}

constexpr std::int64_t MaxCounter = 0xffffffffLL;

bool containsZxid(const std::deque<Proposal> &history, Zxid zxid)
{
    const auto found = std::lower_bound(history.begin(), history.end(), zxid,
                                        [](const Proposal &proposal, Zxid value) { return proposal.zxid < value; });
    return found != history.end() && found->zxid == zxid;
}

} // namespace

QuorumPeer::QuorumPeer(ServerId self, QuorumConfig config, PeerTiming timing, QuorumPeerHost &host)
    : m_self(self)
    , m_config(std::move(config))
    , m_timing(timing)
    , m_host(host)
    , m_election(self, m_config, timing.election)
{
}

void QuorumPeer::start(qint64 nowMs, const PeerDisk &disk)
{
    m_started = true;
    m_removed = !m_config.contains(m_self);
    m_lastLoggedZxid = m_durableZxid = m_lastAppliedZxid = m_historyBase = disk.lastLoggedZxid;
    m_history.clear();
    m_acceptedEpoch = disk.acceptedEpoch;
    m_currentEpoch = disk.currentEpoch;
    lookForLeader(nowMs);
}

// ---- Roles

void QuorumPeer::lookForLeader(qint64 nowMs)
{
    m_learners.clear();
    m_newEpoch.reset();
    m_syncStarted = false;
    m_established = false;
    m_outstanding.clear();
    m_pending.clear();
    m_newLeaderZxid.reset();
    m_learnerPhase = LearnerPhase::Discovery;
    m_roleSinceMs = nowMs;
    setRole(nowMs, RoleStatus{ServerState::Looking, NoServer, m_currentEpoch, false});
    if (m_removed)
        return; // out of the ensemble: no election, no role
    applyElectionOutput(nowMs, m_election.lookForLeader(nowMs, m_lastLoggedZxid, m_currentEpoch));
}

void QuorumPeer::applyElectionOutput(qint64 nowMs, ElectionOutput output)
{
    for (const TraceEvent &event : output.trace)
        m_host.trace(event);
    for (const OutgoingNotification &outgoing : output.messages)
        m_host.sendNotification(outgoing.to, outgoing.notification);
    if (output.decision)
        takeDecision(nowMs, output.decision);
}

void QuorumPeer::takeDecision(qint64 nowMs, const std::optional<Vote> &decision)
{
    m_roleSinceMs = nowMs;
    switch (decision->state) {
    case ServerState::Leading:
        lead(nowMs);
        break;
    case ServerState::Following:
        followLeader(nowMs, decision->leader, false);
        break;
    case ServerState::Observing:
        followLeader(nowMs, decision->leader, true);
        break;
    case ServerState::Looking:
        break;
    }
}

void QuorumPeer::endRole(qint64 nowMs, const QString &why)
{
    record(nowMs, TraceKind::RoleLost, m_role.leader, m_lastAppliedZxid, why);
    const bool wasLeading = m_role.state == ServerState::Leading;
    if (wasLeading) {
        for (const auto &[sid, learner] : m_learners)
            m_host.closeConnection(sid);
    } else if (m_role.leader != NoServer) {
        m_host.closeConnection(m_role.leader);
    }
    // The host stops serving first, so nobody is answered for what follows.
    setRole(nowMs, RoleStatus{ServerState::Looking, NoServer, m_currentEpoch, false});
    // Like ZooKeeper's fastForwardDataBase: what this member logged becomes part of its history,
    // committed or not; the next election and synchronization decide whether it stays.
    if (wasLeading) {
        for (const auto &[zxid, outstanding] : m_outstanding)
            applyProposal(nowMs, outstanding.proposal);
    } else {
        for (const Proposal &proposal : m_pending)
            applyProposal(nowMs, proposal);
    }
    m_lastLoggedZxid = std::max(m_lastLoggedZxid, m_lastAppliedZxid);
    lookForLeader(nowMs);
}

void QuorumPeer::setRole(qint64 nowMs, RoleStatus status)
{
    const bool changed = status.state != m_role.state || status.leader != m_role.leader ||
                         status.epoch != m_role.epoch || status.serving != m_role.serving;
    m_role = status;
    if (!changed)
        return;
    record(nowMs, TraceKind::StateChanged, status.leader, m_lastAppliedZxid,
         status.serving ? QStringLiteral("serving") : QStringLiteral("not serving"));
    m_host.roleChanged(m_role);
}

void QuorumPeer::receiveNotification(qint64 nowMs, ServerId from, const Notification &notification)
{
    if (!m_started)
        return;
    applyElectionOutput(nowMs, m_election.receive(nowMs, from, notification));
}

void QuorumPeer::receiveMessage(qint64 nowMs, ServerId from, const ZabMessage &message)
{
    if (!m_started)
        return;
    // A leader also hears members its configuration does not list yet: they join as non-voting
    // followers before a reconfiguration adds them (ZooKeeper does the same).
    const bool fromLearner = m_role.state == ServerState::Leading &&
                             (message.type == ZabType::LearnerInfo || m_learners.count(from) > 0);
    if (!m_config.contains(from) && !fromLearner)
        return;
    if (message.type == ZabType::LearnerInfo) {
        switch (m_role.state) {
        case ServerState::Leading:
            learnerInfo(nowMs, from, message);
            break;
        case ServerState::Looking:
            // Still deciding: this learner's connection waits until we know whether we lead.
            m_earlyLearnerInfo[from] = message;
            break;
        case ServerState::Following:
        case ServerState::Observing:
            send(nowMs, from, ZabMessage{ZabType::Refused, 0, m_currentEpoch, false, {}});
            break;
        }
        return;
    }
    if (m_role.state == ServerState::Leading)
        leaderReceive(nowMs, from, message);
    else if ((m_role.state == ServerState::Following || m_role.state == ServerState::Observing) && from == m_role.leader)
        learnerReceive(nowMs, message);
}

void QuorumPeer::peerDisconnected(qint64 nowMs, ServerId peer)
{
    m_earlyLearnerInfo.erase(peer);
    if (m_role.state == ServerState::Leading) {
        if (m_learners.erase(peer) > 0)
            record(nowMs, TraceKind::LearnerDropped, peer, m_lastAppliedZxid, QStringLiteral("connection closed"));
    } else if ((m_role.state == ServerState::Following || m_role.state == ServerState::Observing) &&
               peer == m_role.leader) {
        endRole(nowMs, QStringLiteral("connection to the leader closed"));
    }
}

void QuorumPeer::logged(qint64 nowMs, Zxid zxid)
{
    if (zxid <= m_durableZxid)
        return;
    m_durableZxid = zxid;
    if (m_role.state == ServerState::Leading && m_newEpoch && !m_syncStarted)
        maybeStartSync(nowMs);
    if (m_role.state == ServerState::Leading)
        ackProposals(nowMs, m_self, zxid);
    else if (m_role.state == ServerState::Following || m_role.state == ServerState::Observing)
        learnerAckIfLogged(nowMs);
}

void QuorumPeer::tick(qint64 nowMs)
{
    if (!m_started)
        return;
    switch (m_role.state) {
    case ServerState::Looking:
        if (const auto deadline = m_election.nextDeadlineMs(); deadline && *deadline <= nowMs)
            applyElectionOutput(nowMs, m_election.tick(nowMs));
        break;
    case ServerState::Leading:
        leaderTick(nowMs);
        break;
    case ServerState::Following:
    case ServerState::Observing:
        learnerTick(nowMs);
        break;
    }
}

std::optional<qint64> QuorumPeer::nextDeadlineMs() const
{
    if (!m_started)
        return std::nullopt;
    const qint64 tick = m_timing.tickTimeMs;
    switch (m_role.state) {
    case ServerState::Looking:
        return m_election.nextDeadlineMs();
    case ServerState::Leading: {
        qint64 deadline = m_nextPingMs;
        if (!m_established)
            deadline = std::min(deadline, m_roleSinceMs + m_timing.initLimit * tick + 1);
        return deadline;
    }
    case ServerState::Following:
    case ServerState::Observing: {
        const int limit = m_learnerPhase == LearnerPhase::Broadcast ? m_timing.syncLimit : m_timing.initLimit;
        qint64 deadline = m_lastHeardFromLeaderMs + limit * tick + 1;
        if (m_learnerPhase == LearnerPhase::Discovery)
            deadline = std::min(deadline, m_nextLearnerInfoMs);
        return deadline;
    }
    }
    return std::nullopt;
}

// ---- Leader

void QuorumPeer::lead(qint64 nowMs)
{
    m_roleSinceMs = nowMs;
    m_nextPingMs = nowMs + m_timing.tickTimeMs / 2;
    setRole(nowMs, RoleStatus{ServerState::Leading, m_self, m_currentEpoch, false});
    std::map<ServerId, ZabMessage> early;
    early.swap(m_earlyLearnerInfo);
    for (const auto &[sid, message] : early)
        learnerInfo(nowMs, sid, message);
    maybeDecideEpoch(nowMs);
}

void QuorumPeer::leaderReceive(qint64 nowMs, ServerId from, const ZabMessage &message)
{
    auto found = m_learners.find(from);
    if (found == m_learners.end())
        return;
    LearnerHandle &learner = found->second;
    learner.lastHeardMs = nowMs;
    switch (message.type) {
    case ZabType::AckEpoch:
        ackEpoch(nowMs, from, message);
        break;
    case ZabType::AckNewLeader:
        ackNewLeader(nowMs, from);
        break;
    case ZabType::Ack:
        if (!learner.observer)
            ackProposals(nowMs, from, message.zxid);
        break;
    case ZabType::Ping:
        m_host.learnerPing(from, message.payload);
        break;
    case ZabType::Request:
        if (m_established) {
            record(nowMs, TraceKind::RequestForwarded, from, m_lastProposedZxid);
            m_host.forwardedRequest(from, message.payload);
        }
        break;
    case ZabType::Sync:
        if (m_outstanding.empty())
            send(nowMs, from, ZabMessage{ZabType::SyncDone, m_lastAppliedZxid, m_currentEpoch, false, message.payload});
        else
            m_outstanding.rbegin()->second.syncs.emplace_back(from, message.payload);
        break;
    default:
        break;
    }
}

void QuorumPeer::learnerInfo(qint64 nowMs, ServerId from, const ZabMessage &message)
{
    auto found = m_learners.find(from);
    if (found != m_learners.end() && found->second.phase == LearnerPhase::Discovery && !found->second.epochAcked) {
        // A re-sent LEARNERINFO: answer again.
        found->second.lastHeardMs = nowMs;
        if (m_newEpoch)
            sendLeaderInfo(nowMs, from);
        return;
    }
    if (m_syncStarted && message.epoch > m_currentEpoch) {
        // It promised a later epoch (to a leader attempt that never established itself) and cannot
        // follow ours. ZooKeeper leaves it out until the next election; we hold one now, whose epoch
        // will be above its promise, so the ensemble gets all its members back.
        endRole(nowMs, QStringLiteral("learner %1 accepted epoch %2, later than ours (%3): electing again")
                           .arg(from)
                           .arg(message.epoch)
                           .arg(m_currentEpoch));
        return;
    }
    LearnerHandle learner;
    learner.observer = message.observer || m_config.isObserver(from);
    learner.acceptedEpoch = message.epoch;
    learner.lastLoggedZxid = message.zxid;
    learner.lastHeardMs = nowMs;
    m_learners[from] = learner;
    record(nowMs, TraceKind::LearnerConnected, from, message.zxid,
         QStringLiteral("%1, accepted epoch %2").arg(learner.observer ? QStringLiteral("observer") : QStringLiteral("follower")).arg(message.epoch));
    if (m_newEpoch)
        sendLeaderInfo(nowMs, from);
    else
        maybeDecideEpoch(nowMs);
}

void QuorumPeer::maybeDecideEpoch(qint64 nowMs)
{
    if (m_newEpoch)
        return;
    std::set<ServerId> connected{m_self};
    std::int64_t highestAccepted = m_acceptedEpoch;
    for (const auto &[sid, learner] : m_learners) {
        connected.insert(sid);
        highestAccepted = std::max(highestAccepted, learner.acceptedEpoch);
    }
    if (!hasQuorum(connected))
        return;
    // Leader.getEpochToPropose: one more than any epoch a quorum member has accepted.
    m_newEpoch = highestAccepted + 1;
    setEpochs(nowMs, *m_newEpoch, m_currentEpoch);
    record(nowMs, TraceKind::NewEpochProposed, NoServer, makeZxid(*m_newEpoch, 0));
    for (const auto &[sid, learner] : m_learners)
        sendLeaderInfo(nowMs, sid);
    maybeStartSync(nowMs); // a one-voter ensemble needs nobody's ack
}

void QuorumPeer::sendLeaderInfo(qint64 nowMs, ServerId to)
{
    send(nowMs, to, ZabMessage{ZabType::LeaderInfo, makeZxid(*m_newEpoch, 0), *m_newEpoch, false, {}});
    record(nowMs, TraceKind::LeaderInfoSent, to, makeZxid(*m_newEpoch, 0));
}

void QuorumPeer::ackEpoch(qint64 nowMs, ServerId from, const ZabMessage &message)
{
    LearnerHandle &learner = m_learners[from];
    if (learner.phase != LearnerPhase::Discovery || learner.epochAcked)
        return;
    learner.epochAcked = true;
    learner.currentEpoch = message.epoch;
    learner.lastLoggedZxid = message.zxid;
    if (!learner.observer && (message.epoch > m_currentEpoch ||
                              (message.epoch == m_currentEpoch && message.zxid > m_lastLoggedZxid))) {
        endRole(nowMs, QStringLiteral("follower %1 is ahead of the leader (epoch %2, zxid %3)")
                           .arg(from)
                           .arg(message.epoch)
                           .arg(hexZxid(message.zxid)));
        return;
    }
    if (m_syncStarted)
        synchronize(nowMs, from);
    else
        maybeStartSync(nowMs);
}

void QuorumPeer::maybeStartSync(qint64 nowMs)
{
    std::set<ServerId> acked{m_self};
    for (const auto &[sid, learner] : m_learners) {
        if (learner.epochAcked)
            acked.insert(sid);
    }
    if (!hasQuorum(acked) || m_durableZxid < m_lastLoggedZxid)
        return; // logged() calls again once our own history is on disk
    // Leader.waitForEpochAck passed: the epoch is ours, and proposals will carry it.
    m_syncStarted = true;
    setEpochs(nowMs, *m_newEpoch, *m_newEpoch);
    m_lastProposedZxid = makeZxid(*m_newEpoch, 0);
    m_role.epoch = *m_newEpoch;
    for (const auto &[sid, learner] : m_learners) {
        if (learner.epochAcked)
            synchronize(nowMs, sid);
    }
    maybeEstablish(nowMs);
}

void QuorumPeer::synchronize(qint64 nowMs, ServerId to)
{
    LearnerHandle &learner = m_learners[to];
    learner.phase = LearnerPhase::Synchronization;
    const Zxid peerLast = learner.lastLoggedZxid;
    const Zxid ourLast = m_lastAppliedZxid;
    // Proposals committed after `from` go as PROPOSAL + COMMIT pairs.
    auto sendCommittedAfter = [&](Zxid from) {
        auto first = std::upper_bound(m_history.begin(), m_history.end(), from,
                                      [](Zxid zxid, const Proposal &proposal) { return zxid < proposal.zxid; });
        for (auto it = first; it != m_history.end(); ++it) {
            send(nowMs, to, ZabMessage{ZabType::Proposal, it->zxid, m_currentEpoch, false, it->payload});
            send(nowMs, to, ZabMessage{ZabType::Commit, it->zxid, m_currentEpoch, false, {}});
        }
        return int(std::distance(first, m_history.end()));
    };
    QString mode;
    Zxid outstandingAfter = 0; // outstanding proposals after this zxid follow the sync
    if (m_outstanding.count(peerLast)) {
        // A learner that left this epoch and came back already logged our proposals up to peerLast:
        // nothing to cut, the commits for them will come as usual.
        send(nowMs, to, ZabMessage{ZabType::Diff, ourLast, m_currentEpoch, false, {}});
        mode = QStringLiteral("DIFF (has proposals up to %1)").arg(hexZxid(peerLast));
        outstandingAfter = peerLast;
    } else if (peerLast == ourLast) {
        send(nowMs, to, ZabMessage{ZabType::Diff, ourLast, m_currentEpoch, false, {}});
        mode = QStringLiteral("DIFF (in sync)");
    } else if (peerLast > ourLast) {
        send(nowMs, to, ZabMessage{ZabType::Trunc, ourLast, m_currentEpoch, false, {}});
        mode = QStringLiteral("TRUNC to %1").arg(hexZxid(ourLast));
    } else if (peerLast >= m_historyBase) {
        const bool known = peerLast == m_historyBase || containsZxid(m_history, peerLast);
        Zxid from = peerLast;
        if (known) {
            send(nowMs, to, ZabMessage{ZabType::Diff, ourLast, m_currentEpoch, false, {}});
            mode = QStringLiteral("DIFF from %1").arg(hexZxid(peerLast));
        } else {
            // The learner logged something we never committed: cut it back to our common prefix.
            auto after = std::upper_bound(m_history.begin(), m_history.end(), peerLast,
                                          [](Zxid zxid, const Proposal &proposal) { return zxid < proposal.zxid; });
            from = after == m_history.begin() ? m_historyBase : std::prev(after)->zxid;
            send(nowMs, to, ZabMessage{ZabType::Trunc, from, m_currentEpoch, false, {}});
            mode = QStringLiteral("TRUNC to %1, then DIFF").arg(hexZxid(from));
        }
        const int count = sendCommittedAfter(from);
        mode += QStringLiteral(" (%1 proposals)").arg(count);
    } else {
        send(nowMs, to, ZabMessage{ZabType::Snap, ourLast, m_currentEpoch, false, m_host.takeSnapshot()});
        mode = QStringLiteral("SNAP at %1").arg(hexZxid(ourLast));
    }
    // Proposals still waiting for their quorum follow, so this learner can ack them too.
    if (!learner.observer) {
        for (auto it = m_outstanding.upper_bound(outstandingAfter); it != m_outstanding.end(); ++it)
            send(nowMs, to, ZabMessage{ZabType::Proposal, it->first, m_currentEpoch, false, it->second.proposal.payload});
    }
    record(nowMs, TraceKind::SyncModeChosen, to, peerLast, mode);
    send(nowMs, to, ZabMessage{ZabType::NewLeader, makeZxid(m_currentEpoch, 0), m_currentEpoch, false, {}});
}

void QuorumPeer::ackNewLeader(qint64 nowMs, ServerId from)
{
    LearnerHandle &learner = m_learners[from];
    if (learner.phase != LearnerPhase::Synchronization || learner.newLeaderAcked)
        return;
    learner.newLeaderAcked = true;
    learner.phase = LearnerPhase::Broadcast;
    record(nowMs, TraceKind::NewLeaderAcked, from, m_lastAppliedZxid);
    if (m_established)
        send(nowMs, from, ZabMessage{ZabType::UpToDate, m_lastAppliedZxid, m_currentEpoch, false, {}});
    else
        maybeEstablish(nowMs);
}

void QuorumPeer::maybeEstablish(qint64 nowMs)
{
    if (m_established || !m_syncStarted)
        return;
    std::set<ServerId> acked{m_self};
    for (const auto &[sid, learner] : m_learners) {
        if (learner.newLeaderAcked)
            acked.insert(sid);
    }
    if (!hasQuorum(acked))
        return;
    m_established = true;
    record(nowMs, TraceKind::LeaderEstablished, NoServer, m_lastAppliedZxid,
         QStringLiteral("epoch %1 with %2 voters synchronized").arg(m_currentEpoch).arg(acked.size()));
    for (const auto &[sid, learner] : m_learners) {
        if (learner.newLeaderAcked)
            send(nowMs, sid, ZabMessage{ZabType::UpToDate, m_lastAppliedZxid, m_currentEpoch, false, {}});
    }
    applyElectionOutput(nowMs, m_election.updateElectionVote(nowMs, m_currentEpoch));
    setRole(nowMs, RoleStatus{ServerState::Leading, m_self, m_currentEpoch, true});
}

bool QuorumPeer::propose(qint64 nowMs, const Proposal &proposal)
{
    if (m_role.state != ServerState::Leading || !m_established || proposal.zxid != m_lastProposedZxid + 1)
        return false;
    if ((proposal.zxid & MaxCounter) == MaxCounter) {
        // ZooKeeper forces a new election before the counter rolls over into the epoch bits.
        endRole(nowMs, QStringLiteral("zxid counter exhausted in epoch %1").arg(m_currentEpoch));
        return false;
    }
    m_lastProposedZxid = proposal.zxid;
    Outstanding &outstanding = m_outstanding[proposal.zxid];
    outstanding.proposal = proposal;
    outstanding.nextConfig = m_host.membershipOf(proposal);
    appendToLog(proposal);
    record(nowMs, TraceKind::ProposalSent, NoServer, proposal.zxid);
    for (const auto &[sid, learner] : m_learners) {
        if (!learner.observer && learner.phase != LearnerPhase::Discovery)
            send(nowMs, sid, ZabMessage{ZabType::Proposal, proposal.zxid, m_currentEpoch, false, proposal.payload});
    }
    return true;
}

void QuorumPeer::ackProposals(qint64 nowMs, ServerId from, Zxid zxid)
{
    bool any = false;
    for (auto &[proposalZxid, outstanding] : m_outstanding) {
        if (proposalZxid > zxid)
            break;
        any = outstanding.acks.insert(from).second || any;
    }
    if (any)
        record(nowMs, TraceKind::AckReceived, from, zxid);
    commitReady(nowMs);
}

void QuorumPeer::commitReady(qint64 nowMs)
{
    if (!m_established)
        return;
    auto committable = [this](const Outstanding &outstanding) {
        if (!hasQuorum(outstanding.acks))
            return false;
        const std::vector<ServerId> acks(outstanding.acks.begin(), outstanding.acks.end());
        return !outstanding.nextConfig || outstanding.nextConfig->hasQuorum(std::span(acks.data(), acks.size()));
    };
    while (!m_outstanding.empty() && committable(m_outstanding.begin()->second)) {
        Outstanding outstanding = std::move(m_outstanding.begin()->second);
        m_outstanding.erase(m_outstanding.begin());
        const Proposal &proposal = outstanding.proposal;
        record(nowMs, TraceKind::CommitSent, NoServer, proposal.zxid,
             QStringLiteral("%1 acks").arg(outstanding.acks.size()));
        for (const auto &[sid, learner] : m_learners) {
            if (learner.phase == LearnerPhase::Discovery)
                continue;
            if (learner.observer)
                send(nowMs, sid, ZabMessage{ZabType::Inform, proposal.zxid, m_currentEpoch, true, proposal.payload});
            else
                send(nowMs, sid, ZabMessage{ZabType::Commit, proposal.zxid, m_currentEpoch, false, {}});
        }
        applyProposal(nowMs, proposal);
        for (const auto &[sid, payload] : outstanding.syncs) {
            if (m_learners.count(sid))
                send(nowMs, sid, ZabMessage{ZabType::SyncDone, proposal.zxid, m_currentEpoch, false, payload});
        }
    }
}

void QuorumPeer::leaderTick(qint64 nowMs)
{
    const qint64 tick = m_timing.tickTimeMs;
    if (!m_established && nowMs - m_roleSinceMs > m_timing.initLimit * tick) {
        endRole(nowMs, QStringLiteral("no quorum synchronized within initLimit"));
        return;
    }
    // Learners that stopped answering are dropped (ZooKeeper's LearnerHandler.ping/synced()).
    for (auto it = m_learners.begin(); it != m_learners.end();) {
        const int limit = it->second.phase == LearnerPhase::Broadcast ? m_timing.syncLimit : m_timing.initLimit;
        if (nowMs - it->second.lastHeardMs > limit * tick) {
            record(nowMs, TraceKind::LearnerDropped, it->first, m_lastAppliedZxid, QStringLiteral("silent"));
            it = m_learners.erase(it);
        } else {
            ++it;
        }
    }
    if (m_established && !hasQuorum(syncedVoters(nowMs))) {
        endRole(nowMs, QStringLiteral("lost the quorum of synced followers"));
        return;
    }
    if (nowMs >= m_nextPingMs) {
        m_nextPingMs = nowMs + tick / 2;
        for (const auto &[sid, learner] : m_learners)
            send(nowMs, sid, ZabMessage{ZabType::Ping, m_lastAppliedZxid, m_currentEpoch, false, {}});
    }
}

std::set<ServerId> QuorumPeer::syncedVoters(qint64 nowMs) const
{
    std::set<ServerId> synced{m_self};
    for (const auto &[sid, learner] : m_learners) {
        if (!learner.observer && learner.phase == LearnerPhase::Broadcast &&
            nowMs - learner.lastHeardMs <= m_timing.syncLimit * m_timing.tickTimeMs)
            synced.insert(sid);
    }
    return synced;
}

std::set<ServerId> QuorumPeer::synchronizedFollowers(qint64 nowMs) const
{
    std::set<ServerId> synced{m_self};
    for (const auto &[sid, learner] : m_learners) {
        if (!learner.observer && learner.phase == LearnerPhase::Broadcast &&
            nowMs - learner.lastHeardMs <= m_timing.syncLimit * m_timing.tickTimeMs)
            synced.insert(sid);
    }
    return synced;
}

bool QuorumPeer::hasQuorum(const std::set<ServerId> &sids) const
{
    const std::vector<ServerId> list(sids.begin(), sids.end());
    return m_config.hasQuorum(std::span(list.data(), list.size()));
}

// ---- Learner

void QuorumPeer::followLeader(qint64 nowMs, ServerId leader, bool observer)
{
    m_observer = observer;
    m_learnerPhase = LearnerPhase::Discovery;
    m_pending.clear();
    m_newLeaderZxid.reset();
    // Learners that waited for us to decide learn that we do not lead.
    for (const auto &[sid, message] : m_earlyLearnerInfo)
        send(nowMs, sid, ZabMessage{ZabType::Refused, 0, m_currentEpoch, false, {}});
    m_earlyLearnerInfo.clear();
    m_lastHeardFromLeaderMs = nowMs;
    m_lastAckedZxid = 0; // re-acknowledge what is logged: the new leader may still wait for it
    setRole(nowMs, RoleStatus{observer ? ServerState::Observing : ServerState::Following, leader, m_currentEpoch, false});
    send(nowMs, leader, ZabMessage{ZabType::LearnerInfo, m_lastLoggedZxid, m_acceptedEpoch, observer, {}});
    m_nextLearnerInfoMs = nowMs + m_timing.learnerInfoRetryMs;
}

void QuorumPeer::learnerReceive(qint64 nowMs, const ZabMessage &message)
{
    m_lastHeardFromLeaderMs = nowMs;
    switch (message.type) {
    case ZabType::Refused:
        endRole(nowMs, QStringLiteral("member %1 does not lead").arg(m_role.leader));
        return;
    case ZabType::LeaderInfo: {
        if (m_learnerPhase != LearnerPhase::Discovery)
            return;
        if (message.epoch < m_acceptedEpoch) {
            endRole(nowMs, QStringLiteral("leader proposed epoch %1, older than our accepted epoch %2")
                               .arg(message.epoch)
                               .arg(m_acceptedEpoch));
            return;
        }
        if (message.epoch > m_acceptedEpoch)
            setEpochs(nowMs, message.epoch, m_currentEpoch);
        m_learnerPhase = LearnerPhase::Synchronization;
        send(nowMs, m_role.leader, ZabMessage{ZabType::AckEpoch, m_lastLoggedZxid, m_currentEpoch, m_observer, {}});
        record(nowMs, TraceKind::EpochAcked, m_role.leader, m_lastLoggedZxid, QStringLiteral("epoch %1").arg(message.epoch));
        return;
    }
    case ZabType::Diff:
        record(nowMs, TraceKind::SyncModeChosen, m_role.leader, message.zxid, QStringLiteral("DIFF"));
        return;
    case ZabType::Trunc: {
        const Zxid target = message.zxid;
        m_host.truncateTo(target);
        m_lastLoggedZxid = m_durableZxid = m_lastAppliedZxid = m_lastAckedZxid = target;
        while (!m_history.empty() && m_history.back().zxid > target)
            m_history.pop_back();
        if (m_historyBase > target) {
            m_history.clear();
            m_historyBase = target;
        }
        record(nowMs, TraceKind::SyncModeChosen, m_role.leader, target, QStringLiteral("TRUNC"));
        if (const std::optional<QuorumConfig> membership = m_host.membershipOfState())
            activate(nowMs, *membership);
        return;
    }
    case ZabType::Snap:
        m_host.loadSnapshot(message.zxid, message.payload);
        m_lastLoggedZxid = m_durableZxid = m_lastAppliedZxid = m_lastAckedZxid = message.zxid;
        m_history.clear();
        m_historyBase = message.zxid;
        record(nowMs, TraceKind::SyncModeChosen, m_role.leader, message.zxid, QStringLiteral("SNAP"));
        if (const std::optional<QuorumConfig> membership = m_host.membershipOfState())
            activate(nowMs, *membership);
        return;
    case ZabType::Proposal:
        if (message.zxid > m_lastLoggedZxid)
            learnerLogProposal(nowMs, Proposal{message.zxid, message.payload});
        return;
    case ZabType::Commit:
        learnerCommit(nowMs, message.zxid);
        return;
    case ZabType::Inform:
        if (message.zxid > m_lastLoggedZxid) {
            const Proposal proposal{message.zxid, message.payload};
            appendToLog(proposal);
            applyProposal(nowMs, proposal);
        }
        return;
    case ZabType::NewLeader:
        if (m_learnerPhase != LearnerPhase::Synchronization)
            return;
        // The new epoch becomes current only once the history it follows is on disk (learnerAckIfLogged):
        // a member that crashed in between would otherwise vote with the new epoch and a shorter log.
        m_newLeaderZxid = message.zxid;
        m_newLeaderEpoch = message.epoch;
        learnerAckIfLogged(nowMs);
        return;
    case ZabType::UpToDate:
        if (m_learnerPhase != LearnerPhase::Synchronization)
            return;
        m_learnerPhase = LearnerPhase::Broadcast;
        applyElectionOutput(nowMs, m_election.updateElectionVote(nowMs, m_currentEpoch));
        setRole(nowMs, RoleStatus{m_role.state, m_role.leader, m_currentEpoch, true});
        return;
    case ZabType::Ping:
        send(nowMs, m_role.leader, ZabMessage{ZabType::Ping, m_lastAppliedZxid, m_currentEpoch, false, m_host.learnerPingPayload()});
        return;
    case ZabType::SyncDone:
        m_host.syncDone(message.payload);
        return;
    default:
        return;
    }
}

void QuorumPeer::learnerLogProposal(qint64 nowMs, const Proposal &proposal)
{
    m_pending.push_back(proposal);
    appendToLog(proposal);
    record(nowMs, TraceKind::ProposalReceived, m_role.leader, proposal.zxid);
}

void QuorumPeer::learnerCommit(qint64 nowMs, Zxid zxid)
{
    while (!m_pending.empty() && m_pending.front().zxid <= zxid) {
        const Proposal proposal = std::move(m_pending.front());
        m_pending.pop_front();
        applyProposal(nowMs, proposal);
    }
}

void QuorumPeer::learnerAckIfLogged(qint64 nowMs)
{
    if (m_durableZxid < m_lastLoggedZxid && m_newLeaderZxid)
        return; // NEWLEADER is acked once everything before it is on disk
    if (m_newLeaderZxid) {
        setEpochs(nowMs, std::max(m_acceptedEpoch, m_newLeaderEpoch), m_newLeaderEpoch);
        send(nowMs, m_role.leader, ZabMessage{ZabType::AckNewLeader, *m_newLeaderZxid, m_currentEpoch, m_observer, {}});
        m_newLeaderZxid.reset();
    }
    if (!m_observer && m_learnerPhase != LearnerPhase::Discovery && m_durableZxid > m_lastAckedZxid) {
        m_lastAckedZxid = m_durableZxid;
        send(nowMs, m_role.leader, ZabMessage{ZabType::Ack, m_durableZxid, m_currentEpoch, false, {}});
    }
}

void QuorumPeer::learnerTick(qint64 nowMs)
{
    const int limit = m_learnerPhase == LearnerPhase::Broadcast ? m_timing.syncLimit : m_timing.initLimit;
    if (nowMs - m_lastHeardFromLeaderMs > limit * m_timing.tickTimeMs) {
        endRole(nowMs, QStringLiteral("leader %1 silent for %2 ticks").arg(m_role.leader).arg(limit));
        return;
    }
    if (m_learnerPhase == LearnerPhase::Discovery && nowMs >= m_nextLearnerInfoMs) {
        m_nextLearnerInfoMs = nowMs + m_timing.learnerInfoRetryMs;
        send(nowMs, m_role.leader, ZabMessage{ZabType::LearnerInfo, m_lastLoggedZxid, m_acceptedEpoch, m_observer, {}});
    }
}

bool QuorumPeer::forwardRequest(qint64 nowMs, const QByteArray &request)
{
    if ((m_role.state != ServerState::Following && m_role.state != ServerState::Observing) || !m_role.serving)
        return false;
    send(nowMs, m_role.leader, ZabMessage{ZabType::Request, 0, m_currentEpoch, false, request});
    return true;
}

bool QuorumPeer::forwardSync(qint64 nowMs, const QByteArray &payload)
{
    if ((m_role.state != ServerState::Following && m_role.state != ServerState::Observing) || !m_role.serving)
        return false;
    send(nowMs, m_role.leader, ZabMessage{ZabType::Sync, 0, m_currentEpoch, false, payload});
    return true;
}

// ---- Shared

void QuorumPeer::appendToLog(const Proposal &proposal)
{
    m_host.appendToLog(proposal);
    m_lastLoggedZxid = std::max(m_lastLoggedZxid, proposal.zxid);
}

void QuorumPeer::applyProposal(qint64 nowMs, const Proposal &proposal)
{
    if (proposal.zxid <= m_lastAppliedZxid)
        return;
    m_host.applyCommitted(proposal);
    m_lastAppliedZxid = proposal.zxid;
    remember(proposal);
    record(nowMs, TraceKind::Committed, NoServer, proposal.zxid);
    if (const std::optional<QuorumConfig> membership = m_host.membershipOf(proposal))
        activate(nowMs, *membership);
}

// A committed reconfiguration takes effect on every member when it applies it (ZooKeeper activates it
// with COMMITANDACTIVATE / INFORMANDACTIVATE, the same moment in the order of transactions).
void QuorumPeer::activate(qint64 nowMs, const QuorumConfig &config)
{
    if (config.members() == m_config.members())
        return;
    m_config = config;
    m_election.reconfigure(config);
    QStringList voters;
    for (ServerId sid : config.voters())
        voters << QString::number(sid);
    QStringList observers;
    for (ServerId sid : config.observers())
        observers << QString::number(sid);
    record(nowMs, TraceKind::ConfigActivated, NoServer, m_lastAppliedZxid,
           QStringLiteral("voters %1; observers %2").arg(voters.join(QLatin1Char(',')),
                                                         observers.isEmpty() ? QStringLiteral("none") : observers.join(QLatin1Char(','))));
    if (!config.contains(m_self)) {
        m_removed = true;
        endRole(nowMs, QStringLiteral("removed from the ensemble by reconfiguration"));
        return;
    }
    switch (m_role.state) {
    case ServerState::Leading:
        if (!config.isVoter(m_self)) {
            endRole(nowMs, QStringLiteral("no longer a voter after reconfiguration"));
            return;
        }
        // Learners removed, or whose kind changed, reconnect (or stay away) under the new configuration.
        for (auto it = m_learners.begin(); it != m_learners.end();) {
            const ServerId sid = it->first;
            if (config.contains(sid) && it->second.observer == config.isObserver(sid)) {
                ++it;
                continue;
            }
            record(nowMs, TraceKind::LearnerDropped, sid, m_lastAppliedZxid, QStringLiteral("reconfiguration"));
            m_host.closeConnection(sid);
            it = m_learners.erase(it);
        }
        break;
    case ServerState::Following:
    case ServerState::Observing:
        if (m_observer != config.isObserver(m_self))
            endRole(nowMs, QStringLiteral("role changed by reconfiguration"));
        break;
    case ServerState::Looking:
        break;
    }
}

void QuorumPeer::remember(const Proposal &proposal)
{
    m_history.push_back(proposal);
    while (m_history.size() > m_timing.historyLimit) {
        m_historyBase = m_history.front().zxid;
        m_history.pop_front();
    }
}

void QuorumPeer::send(qint64 nowMs, ServerId to, ZabMessage message)
{
    Q_UNUSED(nowMs);
    m_host.sendMessage(to, message);
}

void QuorumPeer::setEpochs(qint64 nowMs, std::int64_t acceptedEpoch, std::int64_t currentEpoch)
{
    if (acceptedEpoch == m_acceptedEpoch && currentEpoch == m_currentEpoch)
        return;
    m_acceptedEpoch = acceptedEpoch;
    m_currentEpoch = currentEpoch;
    m_host.persistEpochs(acceptedEpoch, currentEpoch);
    record(nowMs, TraceKind::EpochChanged, NoServer, m_lastAppliedZxid,
         QStringLiteral("accepted %1, current %2").arg(acceptedEpoch).arg(currentEpoch));
}

void QuorumPeer::record(qint64 nowMs, TraceKind kind, ServerId peer, Zxid zxid, const QString &details)
{
    TraceEvent event;
    event.kind = kind;
    event.timeMs = nowMs;
    event.member = m_self;
    event.peer = peer;
    event.leader = m_role.leader;
    event.zxid = zxid;
    event.electionEpoch = m_election.logicalClock();
    event.epoch = m_currentEpoch;
    event.state = m_role.state;
    event.details = details;
    m_host.trace(event);
}

} // namespace zooscope::quorum
