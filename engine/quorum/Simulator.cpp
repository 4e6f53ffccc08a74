#include "Simulator.h"

#include <QStringList>

#include <algorithm>

namespace zooscope::quorum {

namespace {

QString sidList(const std::vector<ServerId> &sids)
{
    QStringList parts;
    for (ServerId sid : sids)
        parts << QString::number(sid);
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

} // namespace

SimulatorConfig SimulatorConfig::ensemble(int voters, int observers, std::uint64_t seed)
{
    SimulatorConfig config;
    config.seed = seed;
    for (int i = 1; i <= voters + observers; ++i)
        config.members.push_back({ServerId(i), i > voters, 0, 0});
    return config;
}

Simulator::Simulator(SimulatorConfig config)
    : m_config(std::move(config))
    , m_random(m_config.seed)
{
    std::vector<QuorumMember> members;
    for (const SimulatedMember &spec : m_config.members) {
        members.push_back({spec.sid, spec.observer});
        m_members[spec.sid].spec = spec;
    }
    m_quorum = QuorumConfig(std::move(members));
    for (const auto &[from, fromMember] : m_members) {
        for (const auto &[to, toMember] : m_members) {
            if (from != to)
                m_links[{from, to}].behaviour = m_config.link;
        }
    }
}

Simulator::~Simulator() = default;

Simulator::Member &Simulator::member(ServerId sid)
{
    Q_ASSERT(m_members.count(sid));
    return m_members.find(sid)->second;
}

const Simulator::Member &Simulator::member(ServerId sid) const
{
    Q_ASSERT(m_members.count(sid));
    return m_members.find(sid)->second;
}

Simulator::Link &Simulator::link(ServerId from, ServerId to)
{
    Q_ASSERT(m_links.count({from, to}));
    return m_links.find({from, to})->second;
}

std::vector<ServerId> Simulator::memberIds() const
{
    std::vector<ServerId> sids;
    for (const auto &[sid, member] : m_members)
        sids.push_back(sid);
    return sids;
}

void Simulator::start()
{
    // Everyone is up before anyone sends, so the first notifications reach every member.
    std::vector<Member *> starting;
    for (auto &[sid, member] : m_members) {
        if (member.incarnation != 0)
            continue;
        member.up = true;
        member.incarnation = 1;
        starting.push_back(&member);
    }
    for (Member *member : starting)
        startElection(*member);
}

void Simulator::startElection(Member &member)
{
    member.election = std::make_unique<LeaderElection>(member.spec.sid, m_quorum, m_config.election);
    member.role = Role{};
    ++member.roleTimerGeneration;
    member.electionTimerMs.reset();
    ++member.electionTimerGeneration;
    apply(member, member.election->lookForLeader(m_nowMs, member.spec.lastLoggedZxid, member.spec.currentEpoch));
}

void Simulator::push(Event event)
{
    event.sequence = m_nextSequence++;
    m_events.push(std::move(event));
}

std::optional<qint64> Simulator::nextEventTimeMs() const
{
    if (m_events.empty())
        return std::nullopt;
    return m_events.top().timeMs;
}

bool Simulator::step()
{
    if (m_events.empty())
        return false;
    const Event event = m_events.top();
    m_events.pop();
    m_nowMs = std::max(m_nowMs, event.timeMs);
    ++m_steps;
    if (event.kind == EventKind::Delivery) {
        deliver(event);
        return true;
    }
    Member &owner = member(event.to);
    if (!owner.up || owner.incarnation != event.toIncarnation)
        return true;
    if (event.kind == EventKind::ElectionTimer) {
        if (event.generation != owner.electionTimerGeneration)
            return true;
        owner.electionTimerMs.reset();
        // The deadline may have moved later since this timer was set: set it again instead.
        const std::optional<qint64> deadline = owner.election->nextDeadlineMs();
        if (deadline && *deadline > m_nowMs)
            scheduleElectionTimer(owner);
        else if (deadline)
            apply(owner, owner.election->tick(m_nowMs));
    } else if (event.generation == owner.roleTimerGeneration) {
        roleTick(owner);
    }
    return true;
}

bool Simulator::runUntil(const std::function<bool(const Simulator &)> &done, qint64 maxVirtualMs)
{
    const qint64 limit = m_nowMs + maxVirtualMs;
    while (!done(*this)) {
        const std::optional<qint64> next = nextEventTimeMs();
        if (!next || *next > limit) {
            m_nowMs = std::max(m_nowMs, limit);
            return false;
        }
        step();
    }
    return true;
}

void Simulator::runFor(qint64 virtualMs)
{
    const qint64 limit = m_nowMs + virtualMs;
    for (std::optional<qint64> next = nextEventTimeMs(); next && *next <= limit; next = nextEventTimeMs())
        step();
    m_nowMs = std::max(m_nowMs, limit);
}

void Simulator::send(ServerId from, ServerId to, PacketKind packet, const Notification &notification)
{
    const auto dropped = [&](TraceKind kind, const QString &why) {
        TraceEvent event = simulatorEvent(kind, from, to, why);
        if (packet == PacketKind::Notification) {
            event.leader = notification.leader;
            event.zxid = notification.zxid;
            event.electionEpoch = notification.electionEpoch;
            event.epoch = notification.peerEpoch;
            event.state = notification.state;
        }
        record(event);
    };
    Link &path = link(from, to);
    if (path.blocked) {
        dropped(TraceKind::MessageDropped, QStringLiteral("link blocked"));
        return;
    }
    if (m_random.chance(path.behaviour.lossPerMillion)) {
        dropped(TraceKind::MessageDropped, QStringLiteral("lost"));
        return;
    }
    const int copies = m_random.chance(path.behaviour.duplicatePerMillion) ? 2 : 1;
    if (copies == 2)
        dropped(TraceKind::MessageDuplicated, QString());
    for (int copy = 0; copy < copies; ++copy) {
        qint64 arrival = m_nowMs + m_random.between(path.behaviour.minDelayMs, path.behaviour.maxDelayMs);
        if (path.behaviour.inOrder)
            arrival = std::max(arrival, path.lastArrivalMs);
        path.lastArrivalMs = std::max(path.lastArrivalMs, arrival);
        Event event;
        event.timeMs = arrival;
        event.kind = EventKind::Delivery;
        event.from = from;
        event.to = to;
        event.fromIncarnation = member(from).incarnation;
        event.toIncarnation = member(to).incarnation;
        event.packet = packet;
        event.notification = notification;
        push(std::move(event));
    }
}

void Simulator::deliver(const Event &event)
{
    Member &receiver = member(event.to);
    const Member &sender = member(event.from);
    QString why;
    if (!sender.up || sender.incarnation != event.fromIncarnation)
        why = QStringLiteral("sender crashed");
    else if (!receiver.up || receiver.incarnation != event.toIncarnation)
        why = QStringLiteral("receiver crashed");
    else if (link(event.from, event.to).blocked)
        why = QStringLiteral("link blocked");
    if (!why.isEmpty()) {
        record(simulatorEvent(TraceKind::MessageDropped, event.from, event.to, why));
        return;
    }
    if (event.packet == PacketKind::Notification)
        apply(receiver, receiver.election->receive(m_nowMs, event.from, event.notification));
    else
        deliverLearnerPacket(receiver, event);
}

void Simulator::apply(Member &member, ElectionOutput output)
{
    for (TraceEvent &event : output.trace)
        record(std::move(event));
    for (const OutgoingNotification &message : output.messages)
        send(member.spec.sid, message.to, PacketKind::Notification, message.notification);
    if (output.decision)
        enterRole(member, *output.decision);
    scheduleElectionTimer(member);
}

void Simulator::scheduleElectionTimer(Member &member)
{
    // One pending timer per member, set no later than the election's deadline; one that fires early
    // sets itself again (see step()).
    const std::optional<qint64> deadline = member.election->nextDeadlineMs();
    if (!deadline || (member.electionTimerMs && *member.electionTimerMs <= *deadline))
        return;
    member.electionTimerMs = std::max(*deadline, m_nowMs);
    Event event;
    event.timeMs = *member.electionTimerMs;
    event.kind = EventKind::ElectionTimer;
    event.to = member.spec.sid;
    event.toIncarnation = member.incarnation;
    event.generation = ++member.electionTimerGeneration;
    push(std::move(event));
}

// ---- The learner-connection stand-in for ZAB ----

void Simulator::enterRole(Member &member, const Vote &decision)
{
    Role &role = member.role;
    role = Role{};
    role.state = decision.state;
    role.leader = decision.leader;
    role.sinceMs = m_nowMs;
    role.lastHeardMs = m_nowMs;
    if (role.state == ServerState::Leading)
        checkEstablished(member);
    else
        send(member.spec.sid, role.leader, PacketKind::LearnerConnect);
    Event timer;
    timer.timeMs = m_nowMs + m_config.tickTimeMs / 2;
    timer.kind = EventKind::RoleTimer;
    timer.to = member.spec.sid;
    timer.toIncarnation = member.incarnation;
    timer.generation = ++member.roleTimerGeneration;
    push(std::move(timer));
}

std::vector<ServerId> Simulator::syncedVoters(const Member &leader) const
{
    std::vector<ServerId> synced{leader.spec.sid};
    const qint64 syncMs = m_config.syncLimit * m_config.tickTimeMs;
    for (const auto &[sid, heardMs] : leader.role.learners) {
        if (m_quorum.isVoter(sid) && m_nowMs - heardMs <= syncMs)
            synced.push_back(sid);
    }
    return synced;
}

void Simulator::checkEstablished(Member &leader)
{
    if (leader.role.established || !m_quorum.hasQuorum(syncedVoters(leader)))
        return;
    leader.role.established = true;
    TraceEvent event = simulatorEvent(TraceKind::LeaderEstablished, leader.spec.sid, NoServer,
                                      QStringLiteral("synced with %1").arg(sidList(syncedVoters(leader))));
    event.leader = leader.spec.sid;
    event.state = ServerState::Leading;
    record(event);
}

void Simulator::roleTick(Member &member)
{
    Role &role = member.role;
    if (role.state == ServerState::Looking)
        return;
    const qint64 initMs = m_config.initLimit * m_config.tickTimeMs;
    const qint64 syncMs = m_config.syncLimit * m_config.tickTimeMs;
    if (role.state == ServerState::Leading) {
        for (auto learner = role.learners.begin(); learner != role.learners.end();) {
            if (m_nowMs - learner->second > syncMs) {
                learner = role.learners.erase(learner);
            } else {
                send(member.spec.sid, learner->first, PacketKind::LeaderPing);
                ++learner;
            }
        }
        checkEstablished(member);
        if (!role.established && m_nowMs - role.sinceMs >= initMs) {
            loseRole(member, QStringLiteral("no quorum of followers within initLimit"));
            return;
        }
        if (role.established && !m_quorum.hasQuorum(syncedVoters(member))) {
            loseRole(member,
                     QStringLiteral("not sufficient followers synced, only %1").arg(sidList(syncedVoters(member))));
            return;
        }
    } else if (!role.connected) {
        if (m_nowMs - role.sinceMs >= initMs) {
            loseRole(member, QStringLiteral("could not connect to the leader within initLimit"));
            return;
        }
        send(member.spec.sid, role.leader, PacketKind::LearnerConnect);
    } else if (m_nowMs - role.lastHeardMs > syncMs) {
        loseRole(member, QStringLiteral("the leader was silent for syncLimit"));
        return;
    }
    Event timer;
    timer.timeMs = m_nowMs + m_config.tickTimeMs / 2;
    timer.kind = EventKind::RoleTimer;
    timer.to = member.spec.sid;
    timer.toIncarnation = member.incarnation;
    timer.generation = member.roleTimerGeneration;
    push(std::move(timer));
}

void Simulator::deliverLearnerPacket(Member &receiver, const Event &event)
{
    Role &role = receiver.role;
    const bool learning = role.state == ServerState::Following || role.state == ServerState::Observing;
    switch (event.packet) {
    case PacketKind::LearnerConnect:
        // Only a leader listens for learners; anyone else refuses the connection.
        if (role.state == ServerState::Leading) {
            role.learners[event.from] = m_nowMs;
            send(receiver.spec.sid, event.from, PacketKind::LeaderPing);
            checkEstablished(receiver);
        }
        break;
    case PacketKind::LeaderPing:
        if (learning && role.leader == event.from) {
            if (!role.connected) {
                role.connected = true;
                TraceEvent connected = simulatorEvent(TraceKind::LearnerConnected, receiver.spec.sid, event.from, {});
                connected.leader = event.from;
                connected.state = role.state;
                record(connected);
            }
            role.lastHeardMs = m_nowMs;
            send(receiver.spec.sid, event.from, PacketKind::LearnerPing);
        }
        break;
    case PacketKind::LearnerPing:
        if (role.state == ServerState::Leading) {
            if (auto learner = role.learners.find(event.from); learner != role.learners.end()) {
                learner->second = m_nowMs;
                checkEstablished(receiver);
            }
        }
        break;
    case PacketKind::Notification: break;
    }
}

void Simulator::loseRole(Member &member, const QString &why)
{
    TraceEvent lost = simulatorEvent(TraceKind::RoleLost, member.spec.sid, member.role.leader, why);
    lost.leader = member.role.leader;
    lost.state = member.role.state;
    record(lost);
    member.role = Role{};
    ++member.roleTimerGeneration;
    apply(member, member.election->lookForLeader(m_nowMs, member.spec.lastLoggedZxid, member.spec.currentEpoch));
}

// ---- Faults ----

void Simulator::crash(ServerId sid)
{
    Member &target = member(sid);
    if (!target.up)
        return;
    target.up = false;
    target.role = Role{};
    record(simulatorEvent(TraceKind::MemberCrashed, sid, NoServer, {}));
}

void Simulator::restart(ServerId sid)
{
    Member &target = member(sid);
    crash(sid);
    target.up = true;
    ++target.incarnation;
    TraceEvent restarted = simulatorEvent(TraceKind::MemberRestarted, sid, NoServer, {});
    restarted.zxid = target.spec.lastLoggedZxid;
    restarted.epoch = target.spec.currentEpoch;
    record(restarted);
    startElection(target);
}

void Simulator::setLink(ServerId from, ServerId to, const LinkBehaviour &behaviour)
{
    link(from, to).behaviour = behaviour;
    record(simulatorEvent(TraceKind::LinkChanged, from, to,
                          QStringLiteral("delay %1-%2 ms, loss %3 ppm, duplicates %4 ppm, %5")
                              .arg(behaviour.minDelayMs)
                              .arg(behaviour.maxDelayMs)
                              .arg(behaviour.lossPerMillion)
                              .arg(behaviour.duplicatePerMillion)
                              .arg(behaviour.inOrder ? QStringLiteral("in order") : QStringLiteral("reordering"))));
}

void Simulator::setAllLinks(const LinkBehaviour &behaviour)
{
    for (auto &[ends, path] : m_links)
        setLink(ends.first, ends.second, behaviour);
}

void Simulator::blockLink(ServerId from, ServerId to)
{
    link(from, to).blocked = true;
    record(simulatorEvent(TraceKind::LinkChanged, from, to, QStringLiteral("blocked")));
}

void Simulator::unblockLink(ServerId from, ServerId to)
{
    link(from, to).blocked = false;
    record(simulatorEvent(TraceKind::LinkChanged, from, to, QStringLiteral("unblocked")));
}

void Simulator::partition(const std::vector<ServerId> &side)
{
    std::vector<ServerId> inside, outside;
    for (const auto &[sid, member] : m_members)
        (std::find(side.begin(), side.end(), sid) != side.end() ? inside : outside).push_back(sid);
    for (ServerId a : inside) {
        for (ServerId b : outside) {
            link(a, b).blocked = true;
            link(b, a).blocked = true;
        }
    }
    record(simulatorEvent(TraceKind::LinkChanged, NoServer, NoServer,
                          QStringLiteral("partition %1 | %2").arg(sidList(inside), sidList(outside))));
}

void Simulator::healPartitions()
{
    for (auto &[ends, path] : m_links)
        path.blocked = false;
    record(simulatorEvent(TraceKind::LinkChanged, NoServer, NoServer, QStringLiteral("partitions healed")));
}

// ---- Observation ----

bool Simulator::isUp(ServerId sid) const
{
    return member(sid).up;
}

const LeaderElection &Simulator::election(ServerId sid) const
{
    return *member(sid).election;
}

ServerState Simulator::state(ServerId sid) const
{
    const Member &target = member(sid);
    return target.election ? target.election->state() : ServerState::Looking;
}

std::optional<ServerId> Simulator::leaderOf(ServerId sid) const
{
    const Member &target = member(sid);
    if (!target.up || !target.election || target.election->state() == ServerState::Looking)
        return std::nullopt;
    return target.election->currentVote().leader;
}

bool Simulator::isConnectedToLeader(ServerId sid) const
{
    const Member &target = member(sid);
    return target.up && target.role.connected && m_nowMs - target.role.lastHeardMs <= m_config.tickTimeMs;
}

bool Simulator::isEstablishedLeader(ServerId sid) const
{
    const Member &target = member(sid);
    return target.up && target.role.state == ServerState::Leading && target.role.established;
}

std::optional<ServerId> Simulator::agreedLeader() const
{
    std::optional<ServerId> leader;
    for (const auto &[sid, target] : m_members) {
        if (target.up && target.role.state == ServerState::Leading) {
            if (leader || !target.role.established)
                return std::nullopt;
            leader = sid;
        }
    }
    if (!leader)
        return std::nullopt;
    for (const auto &[sid, target] : m_members) {
        if (!target.up || sid == *leader)
            continue;
        const bool learning =
            target.role.state == ServerState::Following || target.role.state == ServerState::Observing;
        if (!learning || target.role.leader != *leader || !isConnectedToLeader(sid))
            return std::nullopt;
        // Both ways: a learner can still believe in a leader that already gave up on it.
        const auto &learners = member(*leader).role.learners;
        const auto heard = learners.find(sid);
        if (heard == learners.end() || m_nowMs - heard->second > m_config.tickTimeMs)
            return std::nullopt;
    }
    return leader;
}

QByteArray Simulator::traceText() const
{
    QByteArray text;
    for (const TraceEvent &event : m_trace) {
        text += event.toText().toUtf8();
        text += '\n';
    }
    return text;
}

void Simulator::record(TraceEvent event)
{
    m_trace.push_back(std::move(event));
}

TraceEvent Simulator::simulatorEvent(TraceKind kind, ServerId member, ServerId peer, const QString &details) const
{
    TraceEvent event;
    event.kind = kind;
    event.timeMs = m_nowMs;
    event.member = member;
    event.peer = peer;
    event.details = details;
    if (member != NoServer) {
        const Member &source = this->member(member);
        if (source.election) {
            event.electionEpoch = source.election->logicalClock();
            event.state = source.election->state();
        }
    }
    return event;
}

} // namespace zooscope::quorum
