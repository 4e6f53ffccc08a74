#include "LocalEnsemble.h"

#include "node/EnsembleServer.h"
#include "server/Log.h"

#include <QDir>
#include <QFile>
#include <QSemaphore>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>

namespace zooscope::ensemble {

namespace {

// Hands out distinct free ports: each probe stays bound until the picker is gone, so the system
// cannot give the same port twice while the members are being configured.
class PortPicker
{
public:
    explicit PortPicker(const QHostAddress &address) : m_address(address) {}
    quint16 next()
    {
        auto probe = std::make_unique<QTcpServer>();
        if (!probe->listen(m_address, 0))
            return 0;
        const quint16 port = probe->serverPort();
        m_probes.push_back(std::move(probe));
        return port;
    }
    // The members bind the ports themselves.
    void release() { m_probes.clear(); }

private:
    QHostAddress m_address;
    std::vector<std::unique_ptr<QTcpServer>> m_probes;
};

} // namespace

// One member: its configuration, and while it runs, its thread and its EnsembleServer (which lives
// on that thread and is only touched there).
class LocalEnsemble::Member
{
public:
    LocalMemberInfo info;
    node::ZooConfig config;
    node::EnsembleIdentity identity;
    std::unique_ptr<QThread> thread;
    node::EnsembleServer *server = nullptr;
    QSemaphore pauseGate;
};

LocalEnsemble::LocalEnsemble(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<zooscope::quorum::TraceEvent>("zooscope::quorum::TraceEvent");
    qRegisterMetaType<zooscope::quorum::RoleStatus>("zooscope::quorum::RoleStatus");
    qRegisterMetaType<zooscope::quorum::ServerId>("zooscope::quorum::ServerId");
}

LocalEnsemble::~LocalEnsemble()
{
    // No signals while dying: listeners declared after the ensemble (a test's local trace vector)
    // are already gone, and the members' last batch of trace events must not reach them.
    blockSignals(true);
    stop();
    blockSignals(false); // destroyed() still goes out
}

bool LocalEnsemble::start(const LocalEnsembleOptions &options)
{
    stop();
    m_options = options;
    QString base = options.dataDirectory;
    if (base.isEmpty()) {
        QTemporaryDir temporary(QDir::tempPath() + QStringLiteral("/zooscope-ensemble-XXXXXX"));
        temporary.setAutoRemove(false);
        if (!temporary.isValid()) {
            m_error = tr("Cannot create a temporary directory for the ensemble: %1").arg(temporary.errorString());
            return false;
        }
        base = m_temporaryDirectory = temporary.path();
    }
    const int count = options.voters + options.observers;
    const QString host = options.address.toString();
    QList<node::QuorumServerEntry> entries;
    PortPicker ports(options.address);
    for (int index = 0; index < count; ++index) {
        node::QuorumServerEntry entry;
        entry.id = index + 1;
        entry.host = host;
        entry.quorumPort = ports.next();
        entry.electionPort = ports.next();
        entry.observer = index >= options.voters;
        entries.append(entry);
    }
    for (const node::QuorumServerEntry &entry : entries) {
        auto member = std::make_unique<Member>();
        member->info.sid = entry.id;
        member->info.observer = entry.observer;
        member->info.electionPort = quint16(entry.electionPort);
        member->info.clientPort = ports.next();
        member->info.dataDirectory = QDir(base).filePath(QStringLiteral("member-%1").arg(entry.id));
        node::ZooConfig &config = member->config;
        config.server.tickTimeMs = options.tickTimeMs;
        config.server.dataDirectory = member->info.dataDirectory;
        config.server.clientPort = member->info.clientPort;
        config.server.clientPortAddress = host;
        config.server.maxClientConnectionsPerHost = 0;
        config.server.fourLetterWordWhitelist = {"*"};
        config.initLimit = options.initLimit;
        config.syncLimit = options.syncLimit;
        config.preAllocSizeKb = 4096; // small logs: a classroom ensemble writes little
        config.servers = entries;
        if (!QDir().mkpath(member->info.dataDirectory)) {
            m_error = tr("Cannot create %1").arg(member->info.dataDirectory);
            stop();
            return false;
        }
        QFile myid(QDir(member->info.dataDirectory).filePath(QStringLiteral("myid")));
        if (!myid.open(QIODevice::WriteOnly) || myid.write(QByteArray::number(entry.id) + '\n') < 0) {
            m_error = tr("Cannot write %1").arg(myid.fileName());
            stop();
            return false;
        }
        myid.close();
        QString error;
        const std::optional<node::EnsembleIdentity> identity = node::ensembleIdentity(config, &error);
        if (!identity) {
            m_error = error;
            stop();
            return false;
        }
        member->identity = *identity;
        m_members[entry.id] = std::move(member);
    }
    ports.release();
    for (const auto &[sid, member] : m_members) {
        if (!restart(sid)) {
            stop();
            return false;
        }
    }
    return true;
}

void LocalEnsemble::stop()
{
    for (const auto &[sid, member] : m_members) {
        if (member->info.running)
            kill(sid);
    }
    m_members.clear();
    m_faults.clear();
    if (!m_temporaryDirectory.isEmpty()) {
        QDir(m_temporaryDirectory).removeRecursively();
        m_temporaryDirectory.clear();
    }
}

QString LocalEnsemble::connectString() const
{
    QStringList hosts;
    for (const auto &[sid, member] : m_members)
        hosts << QStringLiteral("%1:%2").arg(m_options.address.toString()).arg(member->info.clientPort);
    return hosts.join(QLatin1Char(','));
}

std::vector<LocalMemberInfo> LocalEnsemble::members() const
{
    std::vector<LocalMemberInfo> list;
    for (const auto &[sid, member] : m_members)
        list.push_back(member->info);
    return list;
}

std::optional<LocalMemberInfo> LocalEnsemble::member(quorum::ServerId sid) const
{
    const auto found = m_members.find(sid);
    if (found == m_members.end())
        return std::nullopt;
    return found->second->info;
}

std::optional<quorum::ServerId> LocalEnsemble::servingLeader() const
{
    std::optional<quorum::ServerId> leader;
    for (const auto &[sid, member] : m_members) {
        if (!member->info.running || member->info.paused)
            continue;
        const quorum::RoleStatus &role = member->info.role;
        if (!role.serving || (leader && *leader != role.leader))
            return std::nullopt;
        leader = role.leader;
    }
    return leader;
}

void LocalEnsemble::kill(quorum::ServerId sid)
{
    const auto found = m_members.find(sid);
    if (found == m_members.end() || !found->second->info.running)
        return;
    Member &member = *found->second;
    if (member.info.paused)
        resume(sid);
    node::EnsembleServer *server = member.server;
    // The member stops on its own thread: sockets close, the log is flushed, sessions stay on disk.
    QMetaObject::invokeMethod(server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    member.server = nullptr;
    member.thread->quit();
    member.thread->wait();
    member.thread.reset();
    member.info.running = false;
    member.info.role = quorum::RoleStatus{};
    record(quorum::TraceKind::MemberCrashed, sid, quorum::NoServer, QStringLiteral("killed"));
    Q_EMIT memberChanged(sid);
}

bool LocalEnsemble::restart(quorum::ServerId sid)
{
    const auto found = m_members.find(sid);
    if (found == m_members.end())
        return false;
    Member &member = *found->second;
    if (member.info.running)
        kill(sid);
    member.thread = std::make_unique<QThread>();
    member.thread->setObjectName(QStringLiteral("member-%1").arg(sid));
    member.thread->start();
    // Everything the member owns (sockets, timers) is created on its own thread.
    QObject context;
    QThread *ownThread = QThread::currentThread();
    context.moveToThread(member.thread.get());
    node::EnsembleServer *server = nullptr;
    bool started = false;
    QString error;
    QMetaObject::invokeMethod(
        &context,
        [&] {
            server = new node::EnsembleServer(member.config, member.identity);
            connect(
                server, &node::EnsembleServer::traced, server,
                [this, sid](const quorum::TraceEvent &event) { enqueueTrace(sid, event); }, Qt::DirectConnection);
            connect(server, &node::EnsembleServer::roleUpdated, this, [this, sid](const quorum::RoleStatus &role) {
                const auto it = m_members.find(sid);
                if (it == m_members.end() || !it->second->info.running)
                    return;
                it->second->info.role = role;
                Q_EMIT memberChanged(sid);
            });
            started = server->start();
            error = server->errorString();
            if (!started) {
                delete server;
                server = nullptr;
            }
            context.moveToThread(ownThread); // back, so it can be destroyed here
        },
        Qt::BlockingQueuedConnection);
    if (!started) {
        m_error = tr("Member %1 did not start: %2").arg(sid).arg(error);
        member.thread->quit();
        member.thread->wait();
        member.thread.reset();
        return false;
    }
    member.server = server;
    member.info.running = true;
    member.info.paused = false;
    record(quorum::TraceKind::MemberRestarted, sid, quorum::NoServer, QStringLiteral("started"));
    applyLinkFaults(sid);
    Q_EMIT memberChanged(sid);
    return true;
}

void LocalEnsemble::pause(quorum::ServerId sid)
{
    const auto found = m_members.find(sid);
    if (found == m_members.end() || !found->second->info.running || found->second->info.paused)
        return;
    Member &member = *found->second;
    member.info.paused = true;
    // The member's thread waits here, handling nothing, until resume() lets it go.
    QSemaphore *gate = &member.pauseGate;
    QMetaObject::invokeMethod(member.server, [gate] { gate->acquire(); }, Qt::QueuedConnection);
    record(quorum::TraceKind::LinkChanged, sid, quorum::NoServer, QStringLiteral("paused"));
    Q_EMIT memberChanged(sid);
}

void LocalEnsemble::resume(quorum::ServerId sid)
{
    const auto found = m_members.find(sid);
    if (found == m_members.end() || !found->second->info.paused)
        return;
    found->second->info.paused = false;
    found->second->pauseGate.release();
    record(quorum::TraceKind::LinkChanged, sid, quorum::NoServer, QStringLiteral("resumed"));
    Q_EMIT memberChanged(sid);
}

void LocalEnsemble::setLinkFault(quorum::ServerId from, quorum::ServerId to, const LinkFault &fault)
{
    m_faults[{from, to}] = fault;
    record(quorum::TraceKind::LinkChanged, from, to,
           QStringLiteral("%1, delay %2 ms, notification loss %3%")
               .arg(fault.blocked ? QStringLiteral("blocked") : QStringLiteral("open"))
               .arg(fault.delayMs)
               .arg(fault.notificationLossPercent));
    applyLinkFaults(from);
    applyLinkFaults(to);
}

LinkFault LocalEnsemble::linkFault(quorum::ServerId from, quorum::ServerId to) const
{
    const auto found = m_faults.find({from, to});
    return found == m_faults.end() ? LinkFault{} : found->second;
}

void LocalEnsemble::partition(const std::vector<quorum::ServerId> &side)
{
    for (const auto &[sid, member] : m_members) {
        if (std::find(side.begin(), side.end(), sid) != side.end())
            continue;
        for (const quorum::ServerId inside : side) {
            LinkFault there = linkFault(inside, sid);
            there.blocked = true;
            setLinkFault(inside, sid, there);
            LinkFault back = linkFault(sid, inside);
            back.blocked = true;
            setLinkFault(sid, inside, back);
        }
    }
}

void LocalEnsemble::heal()
{
    const auto faults = m_faults;
    for (const auto &[link, fault] : faults)
        setLinkFault(link.first, link.second, LinkFault{});
    m_faults.clear();
}

void LocalEnsemble::applyLinkFaults(quorum::ServerId sid)
{
    const auto found = m_members.find(sid);
    if (found == m_members.end() || !found->second->info.running)
        return;
    node::EnsembleServer *server = found->second->server;
    for (const auto &entry : m_members) {
        const quorum::ServerId peer = entry.first; // a plain variable: lambdas cannot capture bindings in C++20 clang
        if (peer == sid)
            continue;
        const LinkFault out = linkFault(sid, peer);
        const LinkFault in = linkFault(peer, sid);
        // A TCP connection needs both directions: blocking either one blocks the pair's connection.
        const bool blocked = out.blocked || in.blocked;
        QMetaObject::invokeMethod(
            server,
            [server, peer, blocked, out] {
                server->transport().setPeerFault(peer, blocked, out.delayMs, out.notificationLossPercent);
            },
            Qt::QueuedConnection);
    }
}

void LocalEnsemble::enqueueTrace(quorum::ServerId sid, const quorum::TraceEvent &event)
{
    QMutexLocker locker(&m_traceMutex);
    m_traceBatch.emplace_back(sid, event);
    if (m_traceDeliveryPosted)
        return;
    m_traceDeliveryPosted = true;
    QMetaObject::invokeMethod(this, &LocalEnsemble::deliverTraces, Qt::QueuedConnection);
}

void LocalEnsemble::deliverTraces()
{
    std::vector<std::pair<quorum::ServerId, quorum::TraceEvent>> batch;
    {
        QMutexLocker locker(&m_traceMutex);
        batch.swap(m_traceBatch);
        m_traceDeliveryPosted = false;
    }
    for (const auto &[sid, event] : batch) {
        const auto it = m_members.find(sid);
        if (it != m_members.end() && event.kind == quorum::TraceKind::Committed)
            it->second->info.lastCommittedZxid = event.zxid;
        Q_EMIT traced(event);
    }
}

void LocalEnsemble::record(quorum::TraceKind kind, quorum::ServerId member, quorum::ServerId peer, const QString &details)
{
    quorum::TraceEvent event;
    event.kind = kind;
    event.member = member;
    event.peer = peer;
    event.details = details;
    Q_EMIT traced(event);
}

} // namespace zooscope::ensemble
