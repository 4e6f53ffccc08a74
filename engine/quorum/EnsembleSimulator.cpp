#include "EnsembleSimulator.h"

#include <QDataStream>
#include <QIODevice>

#include <algorithm>

namespace zooscope::quorum {

namespace {

QString hexZxid(Zxid zxid)
{
    return QStringLiteral("0x") + QString::number(zxid, 16);
}

bool containsProposal(const std::vector<Proposal> &state, Zxid zxid, const QByteArray &payload)
{
    const auto found = std::lower_bound(state.begin(), state.end(), zxid,
                                        [](const Proposal &proposal, Zxid value) { return proposal.zxid < value; });
    return found != state.end() && found->zxid == zxid && found->payload == payload;
}

QByteArray encodeState(const std::vector<Proposal> &state)
{
    QByteArray bytes;
    QDataStream stream(&bytes, QIODevice::WriteOnly);
    stream << quint32(state.size());
    for (const Proposal &proposal : state)
        stream << qint64(proposal.zxid) << proposal.payload;
    return bytes;
}

std::vector<Proposal> decodeState(const QByteArray &bytes)
{
    QDataStream stream(bytes);
    quint32 count = 0;
    stream >> count;
    std::vector<Proposal> state;
    for (quint32 i = 0; i < count && stream.status() == QDataStream::Ok; ++i) {
        qint64 zxid = 0;
        QByteArray payload;
        stream >> zxid >> payload;
        state.push_back({zxid, payload});
    }
    return state;
}

} // namespace

// The simulated environment of one member: its disk, its state and its network endpoint.
class EnsembleSimulator::Host final : public QuorumPeerHost
{
public:
    Host(EnsembleSimulator &simulator, ServerId sid) : m_simulator(simulator), m_sid(sid) {}

    void sendNotification(ServerId to, const Notification &notification) override
    {
        m_simulator.sendNotification(m_sid, to, notification);
    }
    void sendMessage(ServerId to, const ZabMessage &message) override { m_simulator.sendZab(m_sid, to, message); }
    void closeConnection(ServerId peer) override
    {
        if (peer != m_sid && m_simulator.m_members.count(peer))
            m_simulator.breakConnection(m_sid, peer, QStringLiteral("closed by %1").arg(m_sid));
    }
    void appendToLog(const Proposal &proposal) override
    {
        Member &self = member();
        self.unsynced.push_back(proposal);
        // One fsync at a time, in order, like a log writer thread.
        const qint64 done = std::max(self.lastFsyncDoneMs, m_simulator.m_nowMs) +
                            m_simulator.m_random.between(m_simulator.m_config.minFsyncMs, m_simulator.m_config.maxFsyncMs);
        self.lastFsyncDoneMs = done;
        Event event;
        event.timeMs = done;
        event.kind = EventKind::Durable;
        event.to = m_sid;
        event.toIncarnation = self.incarnation;
        event.generation = self.logGeneration;
        event.zxid = proposal.zxid;
        m_simulator.push(event);
    }
    void applyCommitted(const Proposal &proposal) override
    {
        Member &self = member();
        const Zxid previous = self.state.empty() ? 0 : self.state.back().zxid;
        self.state.push_back(proposal);
        m_simulator.checkApplied(self, previous, proposal);
        if (self.peer && self.peer->role().state == ServerState::Leading && self.peer->role().serving)
            m_simulator.noteCommitted(self, proposal);
        // The client that wrote through this member hears back now (only while it serves).
        const auto pending = m_simulator.m_pendingWrites.find({m_sid, proposal.payload});
        if (pending != m_simulator.m_pendingWrites.end()) {
            if (self.peer && self.peer->role().serving)
                m_simulator.m_history.complete(pending->second, m_simulator.m_nowMs, proposal.zxid);
            m_simulator.m_pendingWrites.erase(pending);
        }
    }
    void truncateTo(Zxid zxid) override
    {
        Member &self = member();
        auto cut = [zxid](std::vector<Proposal> &list) {
            list.erase(std::remove_if(list.begin(), list.end(), [zxid](const Proposal &p) { return p.zxid > zxid; }),
                       list.end());
        };
        for (const Proposal &proposal : self.state) {
            if (proposal.zxid > zxid && m_simulator.m_committed.count(proposal.zxid))
                m_simulator.fail(QStringLiteral("member %1 truncated committed %2 (TRUNC to %3)")
                                     .arg(m_sid)
                                     .arg(hexZxid(proposal.zxid), hexZxid(zxid)));
        }
        cut(self.state);
        cut(self.durableLog);
        cut(self.unsynced);
        ++self.logGeneration;
    }
    QByteArray takeSnapshot() override { return encodeState(member().state); }
    void loadSnapshot(Zxid zxid, const QByteArray &snapshot) override
    {
        Member &self = member();
        self.state = decodeState(snapshot);
        self.snapshotState = self.state;
        self.durableLog.clear();
        self.unsynced.clear();
        ++self.logGeneration;
        m_simulator.checkWholeState(self, QStringLiteral("SNAP at %1").arg(hexZxid(zxid)));
    }
    void persistEpochs(std::int64_t acceptedEpoch, std::int64_t currentEpoch) override
    {
        member().acceptedEpoch = acceptedEpoch;
        member().currentEpoch = currentEpoch;
    }
    void roleChanged(const RoleStatus &status) override { m_simulator.noteRole(member(), status); }
    void forwardedRequest(ServerId, const QByteArray &request) override
    {
        // Proposed as the next input, not from inside the peer's own call.
        Event event;
        event.timeMs = m_simulator.m_nowMs;
        event.kind = EventKind::LocalPropose;
        event.to = m_sid;
        event.toIncarnation = member().incarnation;
        event.message.payload = request;
        m_simulator.push(event);
    }
    void syncDone(const QByteArray &payload) override
    {
        Member &self = member();
        if (self.peer && self.peer->role().serving)
            m_simulator.m_history.complete(payload.toInt(), m_simulator.m_nowMs, self.state.empty() ? 0 : self.state.back().zxid);
    }
    QByteArray learnerPingPayload() override { return {}; }
    void learnerPing(ServerId, const QByteArray &) override {}
    void trace(const TraceEvent &event) override { m_simulator.record(event); }

private:
    Member &member() { return m_simulator.member(m_sid); }

    EnsembleSimulator &m_simulator;
    ServerId m_sid;
};

EnsembleSimulatorConfig EnsembleSimulatorConfig::ensemble(int voters, int observers, std::uint64_t seed)
{
    EnsembleSimulatorConfig config;
    config.seed = seed;
    for (int i = 1; i <= voters + observers; ++i)
        config.members.push_back({ServerId(i), i > voters});
    return config;
}

EnsembleSimulator::EnsembleSimulator(EnsembleSimulatorConfig config)
    : m_config(std::move(config))
    , m_quorum(m_config.members)
    , m_random(m_config.seed)
{
    for (const QuorumMember &spec : m_config.members) {
        Member &member = m_members[spec.sid];
        member.spec = spec;
        member.host = std::make_unique<Host>(*this, spec.sid);
    }
    for (const auto &[from, fromMember] : m_members) {
        for (const auto &[to, toMember] : m_members) {
            if (from != to)
                m_links[{from, to}].behaviour = m_config.link;
        }
    }
}

EnsembleSimulator::~EnsembleSimulator() = default;

EnsembleSimulator::Member &EnsembleSimulator::member(ServerId sid)
{
    Q_ASSERT(m_members.count(sid));
    return m_members.find(sid)->second;
}

const EnsembleSimulator::Member &EnsembleSimulator::member(ServerId sid) const
{
    Q_ASSERT(m_members.count(sid));
    return m_members.find(sid)->second;
}

EnsembleSimulator::Link &EnsembleSimulator::link(ServerId from, ServerId to)
{
    return m_links.find({from, to})->second;
}

std::uint64_t &EnsembleSimulator::connection(ServerId a, ServerId b)
{
    return m_connections[{std::min(a, b), std::max(a, b)}];
}

std::vector<ServerId> EnsembleSimulator::memberIds() const
{
    std::vector<ServerId> sids;
    for (const auto &[sid, member] : m_members)
        sids.push_back(sid);
    return sids;
}

bool EnsembleSimulator::isUp(ServerId sid) const
{
    return member(sid).up;
}

const QuorumPeer &EnsembleSimulator::peer(ServerId sid) const
{
    return *member(sid).peer;
}

const std::vector<Proposal> &EnsembleSimulator::state(ServerId sid) const
{
    return member(sid).state;
}

void EnsembleSimulator::start()
{
    for (auto &[sid, member] : m_members)
        member.up = true;
    for (auto &[sid, member] : m_members)
        boot(member);
}

void EnsembleSimulator::boot(Member &member)
{
    ++member.incarnation;
    member.up = true;
    member.unsynced.clear();
    member.state = member.snapshotState;
    for (const Proposal &proposal : member.durableLog) {
        if (member.state.empty() || proposal.zxid > member.state.back().zxid)
            member.state.push_back(proposal);
    }
    member.lastFsyncDoneMs = m_nowMs;
    member.timerAtMs.reset();
    ++member.timerGeneration;
    for (const auto &[other, unused] : m_members)
        m_knownConnections[{member.spec.sid, other}] = connection(member.spec.sid, other);
    member.peer = std::make_unique<QuorumPeer>(member.spec.sid, m_quorum, m_config.timing, *member.host);
    const PeerDisk disk{member.state.empty() ? 0 : member.state.back().zxid, member.acceptedEpoch, member.currentEpoch};
    checkWholeState(member, QStringLiteral("restart"));
    member.peer->start(m_nowMs, disk);
    afterInput(member);
}

void EnsembleSimulator::push(Event event)
{
    event.sequence = m_nextSequence++;
    m_events.push(std::move(event));
}

void EnsembleSimulator::afterInput(Member &member)
{
    if (!member.up)
        return;
    const std::optional<qint64> deadline = member.peer->nextDeadlineMs();
    if (deadline == member.timerAtMs)
        return;
    member.timerAtMs = deadline;
    ++member.timerGeneration;
    if (!deadline)
        return;
    Event event;
    event.timeMs = std::max(*deadline, m_nowMs);
    event.kind = EventKind::Timer;
    event.to = member.spec.sid;
    event.toIncarnation = member.incarnation;
    event.generation = member.timerGeneration;
    push(event);
}

std::optional<qint64> EnsembleSimulator::nextEventTimeMs() const
{
    if (m_events.empty())
        return std::nullopt;
    return m_events.top().timeMs;
}

bool EnsembleSimulator::step()
{
    if (m_events.empty())
        return false;
    const Event event = m_events.top();
    m_events.pop();
    m_nowMs = std::max(m_nowMs, event.timeMs);
    ++m_steps;
    handle(event);
    return true;
}

void EnsembleSimulator::handle(const Event &event)
{
    Member &target = member(event.to);
    if (!target.up || target.incarnation != event.toIncarnation)
        return;
    QuorumPeer &peer = *target.peer;
    switch (event.kind) {
    case EventKind::Notification:
        peer.receiveNotification(m_nowMs, event.from, event.notification);
        break;
    case EventKind::Zab:
        if (event.generation != connection(event.from, event.to))
            return; // sent on a connection that has broken since
        peer.receiveMessage(m_nowMs, event.from, event.message);
        break;
    case EventKind::Disconnect:
        m_knownConnections[{event.to, event.from}] = connection(event.to, event.from);
        peer.peerDisconnected(m_nowMs, event.from);
        break;
    case EventKind::Timer:
        if (event.generation != target.timerGeneration)
            return;
        target.timerAtMs.reset();
        peer.tick(m_nowMs);
        break;
    case EventKind::Durable: {
        if (event.generation != target.logGeneration)
            return;
        Zxid durable = -1;
        auto split = std::partition_point(target.unsynced.begin(), target.unsynced.end(),
                                          [&](const Proposal &proposal) { return proposal.zxid <= event.zxid; });
        for (auto it = target.unsynced.begin(); it != split; ++it) {
            target.durableLog.push_back(*it);
            durable = it->zxid;
        }
        target.unsynced.erase(target.unsynced.begin(), split);
        if (durable >= 0)
            peer.logged(m_nowMs, durable);
        break;
    }
    case EventKind::LocalPropose:
        if (peer.role().state == ServerState::Leading && peer.role().serving)
            peer.propose(m_nowMs, Proposal{peer.nextZxid(), event.message.payload});
        break;
    }
    afterInput(target);
}

bool EnsembleSimulator::runUntil(const std::function<bool(const EnsembleSimulator &)> &done, qint64 maxVirtualMs)
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

void EnsembleSimulator::runFor(qint64 virtualMs)
{
    const qint64 limit = m_nowMs + virtualMs;
    for (std::optional<qint64> next = nextEventTimeMs(); next && *next <= limit; next = nextEventTimeMs())
        step();
    m_nowMs = std::max(m_nowMs, limit);
}

qint64 EnsembleSimulator::arrivalTime(Link &path)
{
    qint64 arrival = m_nowMs + m_random.between(path.behaviour.minDelayMs, path.behaviour.maxDelayMs);
    if (path.behaviour.inOrder)
        arrival = std::max(arrival, path.lastArrivalMs);
    path.lastArrivalMs = std::max(path.lastArrivalMs, arrival);
    return arrival;
}

void EnsembleSimulator::sendNotification(ServerId from, ServerId to, const Notification &notification)
{
    if (!m_members.count(to) || from == to)
        return;
    Link &path = link(from, to);
    if (path.blocked || m_random.chance(path.behaviour.lossPerMillion))
        return;
    const int copies = m_random.chance(path.behaviour.duplicatePerMillion) ? 2 : 1;
    for (int copy = 0; copy < copies; ++copy) {
        Event event;
        event.timeMs = arrivalTime(path);
        event.kind = EventKind::Notification;
        event.from = from;
        event.to = to;
        event.toIncarnation = member(to).incarnation;
        event.notification = notification;
        push(event);
    }
}

void EnsembleSimulator::sendZab(ServerId from, ServerId to, const ZabMessage &message)
{
    if (!m_members.count(to) || from == to)
        return;
    Link &path = link(from, to);
    if (!member(to).up || path.blocked || m_random.chance(path.behaviour.lossPerMillion)) {
        // A TCP connection does not lose messages: it breaks.
        breakConnection(from, to, path.blocked || !member(to).up ? QStringLiteral("unreachable") : QStringLiteral("lost"));
        return;
    }
    // ZAB links are TCP connections: always in order, never duplicated.
    qint64 arrival = m_nowMs + m_random.between(path.behaviour.minDelayMs, path.behaviour.maxDelayMs);
    arrival = std::max(arrival, path.lastArrivalMs);
    path.lastArrivalMs = arrival;
    Event event;
    event.timeMs = arrival;
    event.kind = EventKind::Zab;
    event.from = from;
    event.to = to;
    event.toIncarnation = member(to).incarnation;
    event.generation = m_knownConnections[{from, to}];
    event.message = message;
    push(event);
}

void EnsembleSimulator::breakConnection(ServerId a, ServerId b, const QString &why)
{
    ++connection(a, b);
    record(simulatorEvent(TraceKind::MessageDropped, a, b, QStringLiteral("connection broken: ") + why));
    for (const auto &[self, other] : {std::pair{a, b}, std::pair{b, a}}) {
        const Member &side = member(self);
        if (!side.up)
            continue;
        Event event;
        event.timeMs = m_nowMs;
        event.kind = EventKind::Disconnect;
        event.from = other;
        event.to = self;
        event.toIncarnation = side.incarnation;
        push(event);
    }
}

void EnsembleSimulator::crash(ServerId sid)
{
    Member &target = member(sid);
    if (!target.up)
        return;
    target.up = false;
    record(simulatorEvent(TraceKind::MemberCrashed, sid, NoServer, {}));
    // What was not fsynced is gone.
    target.unsynced.clear();
    for (const auto &[other, member] : m_members) {
        if (other != sid)
            breakConnection(sid, other, QStringLiteral("member crashed"));
    }
}

void EnsembleSimulator::restart(ServerId sid)
{
    crash(sid);
    record(simulatorEvent(TraceKind::MemberRestarted, sid, NoServer, {}));
    boot(member(sid));
}

void EnsembleSimulator::setLink(ServerId from, ServerId to, const LinkBehaviour &behaviour)
{
    link(from, to).behaviour = behaviour;
}

void EnsembleSimulator::setAllLinks(const LinkBehaviour &behaviour)
{
    for (auto &[pair, path] : m_links)
        path.behaviour = behaviour;
}

void EnsembleSimulator::blockLink(ServerId from, ServerId to)
{
    link(from, to).blocked = true;
    record(simulatorEvent(TraceKind::LinkChanged, from, to, QStringLiteral("blocked")));
}

void EnsembleSimulator::unblockLink(ServerId from, ServerId to)
{
    link(from, to).blocked = false;
    record(simulatorEvent(TraceKind::LinkChanged, from, to, QStringLiteral("unblocked")));
}

void EnsembleSimulator::partition(const std::vector<ServerId> &side)
{
    for (const auto &[sid, member] : m_members) {
        const bool inside = std::find(side.begin(), side.end(), sid) != side.end();
        if (inside)
            continue;
        for (ServerId member : side) {
            blockLink(member, sid);
            blockLink(sid, member);
        }
    }
}

void EnsembleSimulator::healPartitions()
{
    for (auto &[pair, path] : m_links) {
        if (path.blocked)
            unblockLink(pair.first, pair.second);
    }
}

bool EnsembleSimulator::submitWrite(ServerId via, const QByteArray &payload)
{
    Member &target = member(via);
    if (!target.up)
        return false;
    QuorumPeer &peer = *target.peer;
    if (!peer.role().serving)
        return false;
    const int operation = m_history.invoke(ClientOperation::Kind::Write, via, m_nowMs, payload);
    m_pendingWrites[{via, payload}] = operation;
    bool accepted = false;
    if (peer.role().state == ServerState::Leading)
        accepted = peer.propose(m_nowMs, Proposal{peer.nextZxid(), payload});
    else
        accepted = peer.forwardRequest(m_nowMs, payload);
    afterInput(target);
    return accepted;
}

bool EnsembleSimulator::submitSyncRead(ServerId via)
{
    Member &target = member(via);
    if (!target.up || !target.peer->role().serving)
        return false;
    const int operation = m_history.invoke(ClientOperation::Kind::SyncRead, via, m_nowMs);
    if (target.peer->role().state == ServerState::Leading) {
        m_history.complete(operation, m_nowMs, target.state.empty() ? 0 : target.state.back().zxid);
        return true;
    }
    const bool sent = target.peer->forwardSync(m_nowMs, QByteArray::number(operation));
    afterInput(target);
    return sent;
}

std::optional<ServerId> EnsembleSimulator::agreedLeader() const
{
    std::optional<ServerId> leader;
    for (const auto &[sid, member] : m_members) {
        if (!member.up)
            continue;
        const RoleStatus &role = member.peer->role();
        if (role.state == ServerState::Looking || !role.serving)
            return std::nullopt;
        if (leader && *leader != role.leader)
            return std::nullopt;
        leader = role.leader;
    }
    return leader;
}

QString EnsembleSimulator::checkConverged() const
{
    const Member *reference = nullptr;
    for (const auto &[sid, member] : m_members) {
        if (!member.up)
            continue;
        if (!member.peer->role().serving)
            return QStringLiteral("member %1 is not serving").arg(sid);
        if (!reference) {
            reference = &member;
            continue;
        }
        if (member.state.size() != reference->state.size() ||
            !std::equal(member.state.begin(), member.state.end(), reference->state.begin(),
                        [](const Proposal &a, const Proposal &b) { return a.zxid == b.zxid && a.payload == b.payload; }))
            return QStringLiteral("members %1 and %2 hold different states (%3 and %4 transactions)")
                .arg(reference->spec.sid)
                .arg(sid)
                .arg(reference->state.size())
                .arg(member.state.size());
    }
    if (!reference)
        return QStringLiteral("no member is up");
    for (const auto &[zxid, payload] : m_committed) {
        if (!containsProposal(reference->state, zxid, payload))
            return QStringLiteral("committed %1 is missing from the converged state").arg(hexZxid(zxid));
    }
    return {};
}

// ---- Invariants

void EnsembleSimulator::checkApplied(const Member &member, Zxid previousLast, const Proposal &proposal)
{
    const ServerId sid = member.spec.sid;
    if (proposal.zxid <= previousLast) {
        fail(QStringLiteral("member %1 applied %2 after %3: out of order").arg(sid).arg(hexZxid(proposal.zxid), hexZxid(previousLast)));
        return;
    }
    const auto committed = m_committed.find(proposal.zxid);
    if (committed != m_committed.end() && committed->second != proposal.payload)
        fail(QStringLiteral("member %1 applied %2 with a different transaction than the one committed").arg(sid).arg(hexZxid(proposal.zxid)));
    // No committed transaction may be skipped between the previous one and this one.
    const auto skipped = m_committed.upper_bound(previousLast);
    if (skipped != m_committed.end() && skipped->first < proposal.zxid)
        fail(QStringLiteral("member %1 skipped committed %2 (applied %3 after %4)")
                 .arg(sid)
                 .arg(hexZxid(skipped->first), hexZxid(proposal.zxid), hexZxid(previousLast)));
}

void EnsembleSimulator::checkWholeState(const Member &member, const QString &when)
{
    const std::vector<Proposal> &state = member.state;
    for (std::size_t i = 1; i < state.size(); ++i) {
        if (state[i].zxid <= state[i - 1].zxid) {
            fail(QStringLiteral("member %1 state out of order after %2").arg(member.spec.sid).arg(when));
            return;
        }
    }
    const Zxid last = state.empty() ? 0 : state.back().zxid;
    for (auto it = m_committed.begin(); it != m_committed.end() && it->first <= last; ++it) {
        if (!containsProposal(state, it->first, it->second)) {
            fail(QStringLiteral("member %1 lacks committed %2 after %3").arg(member.spec.sid).arg(hexZxid(it->first), when));
            return;
        }
    }
}

void EnsembleSimulator::noteCommitted(const Member &leader, const Proposal &proposal)
{
    const auto [it, inserted] = m_committed.emplace(proposal.zxid, proposal.payload);
    if (!inserted && it->second != proposal.payload) {
        fail(QStringLiteral("%1 committed twice with different transactions (by member %2)")
                 .arg(hexZxid(proposal.zxid))
                 .arg(leader.spec.sid));
        return;
    }
    // Whoever already went past this zxid must hold it.
    for (const auto &[sid, member] : m_members) {
        if (!member.up || member.state.empty() || member.state.back().zxid < proposal.zxid)
            continue;
        if (!containsProposal(member.state, proposal.zxid, proposal.payload))
            fail(QStringLiteral("member %1 is past committed %2 without it").arg(sid).arg(hexZxid(proposal.zxid)));
    }
}

void EnsembleSimulator::noteRole(const Member &member, const RoleStatus &role)
{
    if (role.state != ServerState::Leading || !role.serving)
        return;
    const auto [it, inserted] = m_establishedLeaders.emplace(role.epoch, member.spec.sid);
    if (!inserted && it->second != member.spec.sid)
        fail(QStringLiteral("two leaders established epoch %1: members %2 and %3")
                 .arg(role.epoch)
                 .arg(it->second)
                 .arg(member.spec.sid));
}

void EnsembleSimulator::fail(const QString &violation)
{
    if (m_violation.isEmpty())
        m_violation = QStringLiteral("at %1 ms, step %2: %3").arg(m_nowMs).arg(m_steps).arg(violation);
}

void EnsembleSimulator::record(TraceEvent event)
{
    if (m_traceEnabled)
        m_trace.push_back(std::move(event));
}

TraceEvent EnsembleSimulator::simulatorEvent(TraceKind kind, ServerId member, ServerId peer, const QString &details) const
{
    TraceEvent event;
    event.kind = kind;
    event.timeMs = m_nowMs;
    event.member = member;
    event.peer = peer;
    event.details = details;
    return event;
}

QByteArray EnsembleSimulator::traceText() const
{
    QByteArray text;
    for (const TraceEvent &event : m_trace)
        text += event.toText().toUtf8() + '\n';
    return text;
}

} // namespace zooscope::quorum
