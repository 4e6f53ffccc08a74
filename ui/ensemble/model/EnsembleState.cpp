#include "EnsembleState.h"

#include <QRegularExpression>

#include <algorithm>

namespace zooscope::ui::ensemble {

using quorum::NoServer;
using quorum::TraceEvent;
using quorum::TraceKind;

namespace {

// "DIFF (in sync)", "TRUNC to 0x1, then DIFF" -> "DIFF", "TRUNC"
QString syncModeOf(const QString &details)
{
    return details.section(QLatin1Char(' '), 0, 0);
}

bool sameVote(const quorum::Vote &a, const TraceEvent &event)
{
    return a.leader == event.leader && a.zxid == event.zxid && a.electionEpoch == event.electionEpoch &&
           a.peerEpoch == event.epoch && a.state == event.state;
}

quorum::Vote voteOf(const TraceEvent &event)
{
    return quorum::Vote{event.leader, event.zxid, event.electionEpoch, event.epoch, event.state};
}

} // namespace

EnsembleState::EnsembleState(const std::vector<quorum::QuorumMember> &members)
    : m_quorum(members)
{
    for (const quorum::QuorumMember &spec : m_quorum.members()) {
        MemberState &member = m_members[spec.sid];
        member.sid = spec.sid;
        member.observer = spec.observer;
    }
}

void EnsembleState::setMessageTimeouts(qint64 inFlightMs, qint64 lingerMs)
{
    m_inFlightTimeoutMs = inFlightMs;
    m_lingerMs = lingerMs;
}

void EnsembleState::setMemberStatus(ServerId sid, bool up, bool paused)
{
    if (m_removedMembers.count(sid))
        return;
    MemberState &member = memberFor(sid);
    if (member.up && !up) {
        member.serving = false;
        member.state = ServerState::Looking;
        member.leader = NoServer;
        dropBetween(sid, NoServer, m_nowMs, false);
    }
    member.up = up;
    member.paused = paused;
}

void EnsembleState::forgetMember(ServerId sid)
{
    m_removedMembers.insert(sid);
    dropBetween(sid, NoServer, m_nowMs, false);
    m_members.erase(sid);
}

void EnsembleState::setLinkBlocked(ServerId from, ServerId to, bool blocked)
{
    m_links[{from, to}].blocked = blocked;
}

void EnsembleState::advanceTo(qint64 nowMs)
{
    m_nowMs = std::max(m_nowMs, nowMs);
    expireMessages(m_nowMs);
}

const MemberState *EnsembleState::member(ServerId sid) const
{
    const auto found = m_members.find(sid);
    return found == m_members.end() ? nullptr : &found->second;
}

MemberState &EnsembleState::memberFor(ServerId sid)
{
    MemberState &member = m_members[sid];
    member.sid = sid;
    return member;
}

std::vector<FlightMessage> EnsembleState::messagesInFlight() const
{
    std::vector<FlightMessage> flying;
    std::copy_if(m_messages.begin(), m_messages.end(), std::back_inserter(flying),
                 [](const FlightMessage &message) { return message.inFlight(); });
    return flying;
}

std::vector<ServerId> EnsembleState::leaders() const
{
    std::vector<ServerId> sids;
    for (const auto &[sid, member] : m_members) {
        if (member.up && member.state == ServerState::Leading)
            sids.push_back(sid);
    }
    return sids;
}

std::optional<ServerId> EnsembleState::agreedLeader() const
{
    std::optional<ServerId> leader;
    for (const auto &[sid, member] : m_members) {
        if (!member.up)
            continue;
        if (member.state == ServerState::Looking || !member.serving)
            return std::nullopt;
        if (leader && *leader != member.leader)
            return std::nullopt;
        leader = member.leader;
    }
    return leader;
}

int EnsembleState::agreeingVoters(ServerId sid) const
{
    const MemberState *self = member(sid);
    if (!self)
        return 0;
    int agreeing = 0;
    for (const auto &[from, received] : self->receivedVotes) {
        if (!received.ignored && m_quorum.isVoter(from) && quorum::votesAgree(received.vote, self->currentVote))
            ++agreeing;
    }
    return agreeing;
}

std::vector<ServerId> EnsembleState::learnersOf(ServerId leader, bool observers) const
{
    std::vector<ServerId> learners;
    const ServerState wanted = observers ? ServerState::Observing : ServerState::Following;
    for (const auto &[sid, member] : m_members) {
        if (sid != leader && member.up && member.state == wanted && member.leader == leader)
            learners.push_back(sid);
    }
    return learners;
}

FlightMessage &EnsembleState::send(MessageType type, ServerId from, ServerId to, qint64 nowMs)
{
    FlightMessage message;
    message.id = m_nextMessageId++;
    message.type = type;
    message.from = from;
    message.to = to;
    message.sentMs = nowMs;
    m_messages.push_back(message);
    return m_messages.back();
}

void EnsembleState::deliver(MessageType type, ServerId from, ServerId to, qint64 nowMs,
                            const std::function<bool(const FlightMessage &)> &matches)
{
    for (FlightMessage &message : m_messages) {
        if (message.inFlight() && message.type == type && message.from == from && message.to == to && matches(message)) {
            message.deliveredMs = nowMs;
            return;
        }
    }
}

void EnsembleState::arrived(MessageType type, ServerId from, ServerId to, qint64 nowMs, Zxid zxid, const QString &details)
{
    // Only the receiving side reports these: drawn as a message that just arrived.
    FlightMessage &message = send(type, from, to, nowMs);
    message.zxid = zxid;
    message.details = details;
    message.deliveredMs = nowMs;
}

void EnsembleState::dropBetween(ServerId a, ServerId b, qint64 nowMs, bool zabOnly)
{
    Q_UNUSED(nowMs);
    for (FlightMessage &message : m_messages) {
        if (!message.inFlight() || (zabOnly && message.type == MessageType::Vote))
            continue;
        const bool between = (message.from == a && (b == NoServer || message.to == b)) ||
                             (message.to == a && (b == NoServer || message.from == b));
        if (between)
            message.lost = true;
    }
}

void EnsembleState::expireMessages(qint64 nowMs)
{
    for (FlightMessage &message : m_messages) {
        if (message.inFlight() && nowMs - message.sentMs > m_inFlightTimeoutMs)
            message.lost = true; // lost on the way: loss leaves no trace event
    }
    m_messages.erase(std::remove_if(m_messages.begin(), m_messages.end(),
                                    [&](const FlightMessage &message) {
                                        if (message.inFlight())
                                            return false;
                                        const qint64 end = message.deliveredMs.value_or(message.sentMs + m_inFlightTimeoutMs);
                                        return nowMs - end > m_lingerMs;
                                    }),
                     m_messages.end());
    // Under heavy load thousands of delivered messages would linger, and every delivery scans them:
    // keep the newest few hundred (the view animates at most 400 messages anyway).
    constexpr std::size_t MaxLingering = 600;
    std::size_t lingering = std::count_if(m_messages.begin(), m_messages.end(), [](const FlightMessage &message) { return !message.inFlight(); });
    if (lingering > MaxLingering) {
        std::size_t excess = lingering - MaxLingering;
        m_messages.erase(std::remove_if(m_messages.begin(), m_messages.end(),
                                        [&excess](const FlightMessage &message) {
                                            if (excess == 0 || message.inFlight())
                                                return false;
                                            --excess;
                                            return true;
                                        }),
                         m_messages.end());
    }
}

void EnsembleState::apply(const TraceEvent &event)
{
    const qint64 index = m_eventCount++;
    if (event.timeMs > m_nowMs) {
        // Many events share a millisecond under load: expire once per tick of the clock.
        m_nowMs = event.timeMs;
        expireMessages(m_nowMs);
    }
    m_invariants.apply(event, index);
    if (event.kind == TraceKind::ConfigActivated)
        applyConfiguration(event);
    if (event.member == NoServer || m_removedMembers.count(event.member))
        return;
    MemberState &member = memberFor(event.member);
    member.lastEventMs = event.timeMs;
    if (event.kind == TraceKind::ConfigActivated)
        member.activatedConfiguration = event.details;
    switch (event.kind) {
    case TraceKind::VoteSent:
    case TraceKind::VoteReceived:
    case TraceKind::VoteIgnored:
    case TraceKind::VoteChanged:
    case TraceKind::ElectionEpochChanged:
    case TraceKind::NotificationTimeout:
    case TraceKind::QuorumReached:
    case TraceKind::FinalizeInterrupted:
    case TraceKind::LeaderElected:
        applyElection(event, member);
        break;
    case TraceKind::MemberCrashed:
    case TraceKind::MemberRestarted:
    case TraceKind::LinkChanged:
    case TraceKind::MessageDropped:
    case TraceKind::MessageDuplicated:
        applyFault(event, member);
        break;
    default:
        applyZab(event, member);
        break;
    }
}

void EnsembleState::applyConfiguration(const TraceEvent &event)
{
    // "voters 1,2,4; observers none": every member reports the same one when it applies the reconfig.
    if (event.details == m_activatedConfiguration)
        return;
    const QStringList parts = event.details.split(QLatin1Char(';'));
    if (parts.size() != 2)
        return;
    std::vector<quorum::QuorumMember> members;
    const auto collect = [&members](const QString &part, const QString &prefix, bool observer) {
        const QString list = part.trimmed();
        if (!list.startsWith(prefix))
            return false;
        for (const QString &word : list.mid(prefix.size()).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool ok = false;
            const ServerId sid = word.trimmed().toLongLong(&ok);
            if (ok)
                members.push_back({sid, observer});
        }
        return true;
    };
    if (!collect(parts[0], QStringLiteral("voters "), false) || !collect(parts[1], QStringLiteral("observers "), true) ||
        members.empty())
        return;
    m_activatedConfiguration = event.details;
    m_quorum = quorum::QuorumConfig(members);
    for (const quorum::QuorumMember &spec : m_quorum.members()) {
        m_removedMembers.erase(spec.sid);
        memberFor(spec.sid).observer = spec.observer;
    }
    for (auto it = m_members.begin(); it != m_members.end();) {
        if (m_quorum.contains(it->first)) {
            ++it;
            continue;
        }
        m_removedMembers.insert(it->first);
        dropBetween(it->first, NoServer, event.timeMs, false);
        it = m_members.erase(it);
    }
}

void EnsembleState::applyElection(const TraceEvent &event, MemberState &member)
{
    const ServerId sid = event.member;
    switch (event.kind) {
    case TraceKind::VoteSent:
        if (event.peer != sid && event.peer != NoServer)
            send(MessageType::Vote, sid, event.peer, event.timeMs).vote = voteOf(event);
        break;
    case TraceKind::VoteReceived:
        if (event.peer != sid)
            deliver(MessageType::Vote, event.peer, sid, event.timeMs,
                    [&](const FlightMessage &message) { return sameVote(message.vote, event); });
        member.receivedVotes[event.peer] = ReceivedVote{voteOf(event), event.timeMs, false, {}};
        break;
    case TraceKind::VoteIgnored: {
        ReceivedVote &received = member.receivedVotes[event.peer];
        received.vote = voteOf(event);
        received.ignored = true;
        received.ignoredBecause = event.details;
        break;
    }
    case TraceKind::VoteChanged:
        member.currentVote = voteOf(event);
        member.currentVote.state = ServerState::Looking;
        if (event.leader == sid && member.restarting) {
            member.restarting = false;
            member.lastZxid = member.committedZxid = event.zxid;
            member.proposals.erase(member.proposals.upper_bound(event.zxid), member.proposals.end());
        } else if (event.leader == sid) {
            member.lastZxid = std::max(member.lastZxid, event.zxid);
        }
        break;
    case TraceKind::ElectionEpochChanged:
        member.electionRound = event.electionEpoch;
        member.receivedVotes.clear();
        member.quorumReached = false;
        member.decision.clear();
        break;
    case TraceKind::QuorumReached:
        member.quorumReached = true;
        break;
    case TraceKind::FinalizeInterrupted:
        member.quorumReached = false;
        break;
    case TraceKind::LeaderElected:
        member.currentVote = voteOf(event);
        member.decidedVote = member.currentVote;
        member.leader = event.leader;
        member.state = event.state;
        member.decision = event.details;
        break;
    default:
        break;
    }
}

void EnsembleState::applyZab(const TraceEvent &event, MemberState &member)
{
    const ServerId sid = event.member;
    switch (event.kind) {
    case TraceKind::StateChanged:
        member.state = event.state;
        if (!event.details.isEmpty()) {
            // The peer's role change (the election reports its own state change first, without details).
            const bool wasServing = member.serving;
            member.serving = event.details == QLatin1String("serving");
            member.leader = event.leader;
            member.epoch = event.epoch;
            member.committedZxid = event.zxid;
            member.lastZxid = member.restarting ? event.zxid : std::max(member.lastZxid, event.zxid);
            member.restarting = false;
            if (member.serving && !wasServing && event.state != ServerState::Leading)
                deliver(MessageType::UpToDate, event.leader, sid, event.timeMs, [](const FlightMessage &) { return true; });
        }
        if (event.state == ServerState::Looking) {
            member.leader = NoServer;
            member.serving = false;
            member.newLeaderAcked.clear();
        }
        break;
    case TraceKind::EpochChanged:
        if (event.details.isEmpty()) {
            member.currentVote.peerEpoch = event.epoch; // the election's vote takes the new epoch
            break;
        }
        {
            static const QRegularExpression epochs(QStringLiteral("accepted (-?\\d+), current (-?\\d+)"));
            const QRegularExpressionMatch match = epochs.match(event.details);
            if (match.hasMatch()) {
                member.acceptedEpoch = match.captured(1).toLongLong();
                member.epoch = match.captured(2).toLongLong();
            }
        }
        break;
    case TraceKind::NewEpochProposed:
        member.acceptedEpoch = quorum::epochOfZxid(event.zxid);
        break;
    case TraceKind::LearnerConnected:
        arrived(MessageType::LearnerInfo, event.peer, sid, event.timeMs, event.zxid, event.details);
        break;
    case TraceKind::LeaderInfoSent:
        send(MessageType::LeaderInfo, sid, event.peer, event.timeMs).zxid = event.zxid;
        break;
    case TraceKind::EpochAcked: {
        deliver(MessageType::LeaderInfo, event.peer, sid, event.timeMs, [](const FlightMessage &) { return true; });
        FlightMessage &message = send(MessageType::AckEpoch, sid, event.peer, event.timeMs);
        message.zxid = event.zxid;
        message.details = event.details;
        break;
    }
    case TraceKind::SyncModeChosen:
        if (event.state == ServerState::Leading) {
            // The leader synchronizes a learner once it has its ACKEPOCH (and a quorum's).
            deliver(MessageType::AckEpoch, event.peer, sid, event.timeMs, [](const FlightMessage &) { return true; });
            FlightMessage &message = send(MessageType::Sync, sid, event.peer, event.timeMs);
            message.syncMode = syncModeOf(event.details);
            message.zxid = event.zxid;
            message.details = event.details;
            member.syncModesSent[event.peer] = event.details;
            m_syncs.push_back(SyncRecord{sid, event.peer, message.syncMode, event.details, event.timeMs});
            // NEWLEADER closes the same batch (after the history it carries).
            send(MessageType::NewLeader, sid, event.peer, event.timeMs).zxid = quorum::makeZxid(event.epoch, 0);
        } else {
            const QString mode = syncModeOf(event.details);
            deliver(MessageType::Sync, event.peer, sid, event.timeMs, [](const FlightMessage &) { return true; });
            deliver(MessageType::NewLeader, event.peer, sid, event.timeMs, [](const FlightMessage &) { return true; });
            // A LEADERINFO answering a re-sent LEARNERINFO came before the sync on the same link and
            // was ignored: it has arrived too.
            for (FlightMessage &message : m_messages) {
                if (message.inFlight() && message.type == MessageType::LeaderInfo && message.from == event.peer && message.to == sid)
                    message.deliveredMs = event.timeMs;
            }
            member.syncMode = mode;
            if (mode == QLatin1String("TRUNC") || mode == QLatin1String("SNAP")) {
                member.lastZxid = member.committedZxid = event.zxid;
                member.proposals.erase(member.proposals.upper_bound(event.zxid), member.proposals.end());
                if (mode == QLatin1String("SNAP"))
                    member.proposals.clear();
            }
        }
        break;
    case TraceKind::NewLeaderAcked:
        arrived(MessageType::NewLeaderAck, event.peer, sid, event.timeMs, event.zxid);
        member.newLeaderAcked.insert(event.peer);
        if (member.serving) // established already: UPTODATE goes out at once
            send(MessageType::UpToDate, sid, event.peer, event.timeMs).zxid = event.zxid;
        break;
    case TraceKind::LeaderEstablished:
        for (ServerId learner : member.newLeaderAcked)
            send(MessageType::UpToDate, sid, learner, event.timeMs).zxid = event.zxid;
        break;
    case TraceKind::ProposalSent: {
        member.lastZxid = std::max(member.lastZxid, event.zxid);
        ProposalMark &mark = member.proposals[event.zxid];
        mark.zxid = event.zxid;
        mark.proposed = true;
        mark.proposedMs = event.timeMs;
        for (ServerId learner : learnersOf(sid, false))
            send(MessageType::Proposal, sid, learner, event.timeMs).zxid = event.zxid;
        break;
    }
    case TraceKind::ProposalReceived: {
        deliver(MessageType::Proposal, event.peer, sid, event.timeMs,
                [&](const FlightMessage &message) { return message.zxid == event.zxid; });
        member.lastZxid = std::max(member.lastZxid, event.zxid);
        ProposalMark &mark = member.proposals[event.zxid];
        mark.zxid = event.zxid;
        mark.proposed = true;
        mark.proposedMs = event.timeMs;
        break;
    }
    case TraceKind::AckReceived: {
        if (event.peer != sid)
            arrived(MessageType::Ack, event.peer, sid, event.timeMs, event.zxid);
        // ACKs are cumulative on the FIFO link: every outstanding proposal up to zxid.
        for (auto &[zxid, mark] : member.proposals) {
            if (zxid > event.zxid)
                break;
            if (!mark.committed && mark.ackedBy.insert(event.peer).second)
                mark.ackCount = int(mark.ackedBy.size());
        }
        if (MemberState *learner = m_members.count(event.peer) ? &m_members[event.peer] : nullptr) {
            for (auto &[zxid, mark] : learner->proposals) {
                if (zxid > event.zxid)
                    break;
                mark.acked = true;
            }
        }
        break;
    }
    case TraceKind::CommitSent: {
        ProposalMark &mark = member.proposals[event.zxid];
        mark.zxid = event.zxid;
        mark.acked = true;
        const int acks = event.details.section(QLatin1Char(' '), 0, 0).toInt();
        if (acks > 0)
            mark.ackCount = acks;
        for (ServerId learner : learnersOf(sid, false))
            send(MessageType::Commit, sid, learner, event.timeMs).zxid = event.zxid;
        for (ServerId learner : learnersOf(sid, true))
            send(MessageType::Inform, sid, learner, event.timeMs).zxid = event.zxid;
        break;
    }
    case TraceKind::Committed: {
        member.committedZxid = event.zxid;
        member.lastZxid = std::max(member.lastZxid, event.zxid);
        ProposalMark &mark = member.proposals[event.zxid];
        mark.zxid = event.zxid;
        mark.committed = true;
        mark.committedMs = event.timeMs;
        if (member.leader != NoServer && member.leader != sid) {
            for (FlightMessage &message : m_messages) {
                if (message.inFlight() && message.to == sid && message.from == member.leader &&
                    (message.type == MessageType::Commit || message.type == MessageType::Inform) && message.zxid <= event.zxid)
                    message.deliveredMs = event.timeMs;
            }
        }
        while (member.proposals.size() > m_historyLimit)
            member.proposals.erase(member.proposals.begin());
        break;
    }
    case TraceKind::RequestForwarded:
        arrived(MessageType::Request, event.peer, sid, event.timeMs, event.zxid);
        break;
    case TraceKind::LearnerDropped:
        dropBetween(sid, event.peer, event.timeMs, true);
        break;
    case TraceKind::SessionCreated:
        ++member.sessionCount;
        break;
    case TraceKind::SessionClosed:
    case TraceKind::SessionExpired:
        member.sessionCount = std::max(0, member.sessionCount - 1);
        break;
    case TraceKind::RoleLost:
        member.lastRoleLost = event.details;
        dropBetween(sid, NoServer, event.timeMs, true);
        break;
    default:
        break;
    }
}

void EnsembleState::applyFault(const TraceEvent &event, MemberState &member)
{
    const ServerId sid = event.member;
    switch (event.kind) {
    case TraceKind::MemberCrashed:
        member.up = false;
        member.serving = false;
        member.state = ServerState::Looking;
        member.leader = NoServer;
        member.quorumReached = false;
        member.sessionCount = 0;
        dropBetween(sid, NoServer, event.timeMs, false);
        break;
    case TraceKind::MemberRestarted:
        member.up = true;
        member.restarting = true;
        member.paused = false;
        member.serving = false;
        member.state = ServerState::Looking;
        member.leader = NoServer;
        member.receivedVotes.clear();
        member.decision.clear();
        break;
    case TraceKind::LinkChanged: {
        LinkState &link = m_links[{sid, event.peer}];
        // The simulator says "blocked" / "unblocked"; a live ensemble "blocked, delay ..." / "open, ...".
        if (event.details.startsWith(QLatin1String("blocked")))
            link.blocked = true;
        else if (event.details.startsWith(QLatin1String("unblocked")) || event.details.startsWith(QLatin1String("open")))
            link.blocked = false;
        link.details = event.details;
        if (event.peer == NoServer) {
            // A member-wide fault reported by a live ensemble (pause/resume).
            if (event.details.contains(QLatin1String("paused")))
                member.paused = true;
            else if (event.details.contains(QLatin1String("resumed")))
                member.paused = false;
        }
        break;
    }
    case TraceKind::MessageDropped:
        if (event.details.startsWith(QLatin1String("connection broken")))
            dropBetween(sid, event.peer, event.timeMs, true);
        break;
    default:
        break;
    }
}

} // namespace zooscope::ui::ensemble
