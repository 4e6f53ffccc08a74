#include "LocalEnsemble.h"

#include "client/ZooKeeperClient.h"
#include "node/DynamicConfig.h"
#include "node/EnsembleServer.h"
#include "server/Log.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
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
    node::QuorumServerEntry entry; // its server.N line
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
    m_dataBase = base;
    // The super user's password: random, known only here, so only this object may reconfigure.
    QByteArray random(18, Qt::Uninitialized);
    for (char &byte : random)
        byte = char(QRandomGenerator::system()->bounded(256));
    m_superPassword = random.toBase64();
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
        // The client address in the server line too, as reconfig's entries have it.
        entry.clientSpec = QStringLiteral("%1:%2").arg(host).arg(ports.next());
        entries.append(entry);
    }
    for (const node::QuorumServerEntry &entry : entries) {
        auto member = std::make_unique<Member>();
        member->entry = entry;
        member->config.servers = entries;
        if (!prepareMember(member, base)) {
            stop();
            return false;
        }
        m_members[entry.id] = std::move(member);
        m_lastServerId = std::max<quorum::ServerId>(m_lastServerId, entry.id);
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

bool LocalEnsemble::prepareMember(std::unique_ptr<Member> &member, const QString &base)
{
    const node::QuorumServerEntry &entry = member->entry;
    const QString host = m_options.address.toString();
    member->info.sid = entry.id;
    member->info.observer = entry.observer;
    member->info.electionPort = quint16(entry.electionPort);
    member->info.clientPort = quint16(entry.clientSpec.section(QLatin1Char(':'), -1).toUInt());
    member->info.dataDirectory = QDir(base).filePath(QStringLiteral("member-%1").arg(entry.id));
    node::ZooConfig &config = member->config;
    config.server.tickTimeMs = m_options.tickTimeMs;
    config.server.dataDirectory = member->info.dataDirectory;
    config.server.clientPort = member->info.clientPort;
    config.server.clientPortAddress = host;
    config.server.maxClientConnectionsPerHost = 0;
    config.server.fourLetterWordWhitelist = {"*"};
    config.server.reconfigEnabled = true;
    config.server.superDigest = client::digestId("super", m_superPassword);
    config.initLimit = m_options.initLimit;
    config.syncLimit = m_options.syncLimit;
    config.preAllocSizeKb = 4096; // small logs: a classroom ensemble writes little
    if (!QDir().mkpath(member->info.dataDirectory)) {
        m_error = tr("Cannot create %1").arg(member->info.dataDirectory);
        return false;
    }
    QFile myid(QDir(member->info.dataDirectory).filePath(QStringLiteral("myid")));
    if (!myid.open(QIODevice::WriteOnly) || myid.write(QByteArray::number(entry.id) + '\n') < 0) {
        m_error = tr("Cannot write %1").arg(myid.fileName());
        return false;
    }
    myid.close();
    QString error;
    const std::optional<node::EnsembleIdentity> identity = node::ensembleIdentity(config, &error);
    if (!identity) {
        m_error = error;
        return false;
    }
    member->identity = *identity;
    return true;
}

void LocalEnsemble::stop()
{
    // A reconfig in flight is abandoned: its callback never runs once the client is gone.
    delete m_reconfigClient;
    m_reconfigClient = nullptr;
    for (const auto &[sid, member] : m_members) {
        if (member->info.running)
            kill(sid);
    }
    m_members.clear();
    m_faults.clear();
    m_lastServerId = 0;
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
    stopMember(sid, QStringLiteral("killed"));
}

void LocalEnsemble::stopMember(quorum::ServerId sid, const QString &details)
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
    record(quorum::TraceKind::MemberCrashed, sid, quorum::NoServer, details);
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

bool LocalEnsemble::addMember(bool observer)
{
    if (m_members.empty() || m_reconfigClient)
        return false;
    auto member = std::make_unique<Member>();
    const quorum::ServerId sid = m_lastServerId + 1;
    const QString host = m_options.address.toString();
    PortPicker ports(m_options.address);
    node::QuorumServerEntry &entry = member->entry;
    entry.id = sid;
    entry.host = host;
    entry.quorumPort = ports.next();
    entry.electionPort = ports.next();
    entry.observer = observer;
    entry.clientSpec = QStringLiteral("%1:%2").arg(host).arg(ports.next());
    // As ZooKeeper wants a joiner: its configuration lists the current members and itself.
    QStringList via;
    for (const auto &[id, current] : m_members) {
        member->config.servers.append(current->entry);
        via << QStringLiteral("%1:%2").arg(host).arg(current->info.clientPort);
    }
    member->config.servers.append(entry);
    if (!prepareMember(member, m_dataBase)) {
        Q_EMIT reconfigFailed(sid, m_error);
        return false;
    }
    ports.release();
    m_lastServerId = sid;
    m_members[sid] = std::move(member);
    if (!restart(sid)) {
        m_members.erase(sid);
        Q_EMIT memberChanged(sid);
        Q_EMIT reconfigFailed(sid, m_error);
        return false;
    }
    const QByteArray joining = QStringLiteral("server.%1=%2").arg(sid).arg(node::serverEntryText(entry)).toUtf8();
    const QByteArray line = "server." + QByteArray::number(sid) + '=';
    const auto listed = [line](const QByteArray &configuration) { return configuration.contains(line); };
    sendReconfig(via, joining, QByteArray(), listed, [this, sid](proto::ErrorCode error) {
        if (error == proto::ErrorCode::Ok) {
            adoptMembership();
            Q_EMIT memberAdded(sid);
            return;
        }
        // Not part of the ensemble: the new member goes away again.
        stopMember(sid, QStringLiteral("not added"));
        m_members.erase(sid);
        Q_EMIT memberChanged(sid);
        Q_EMIT reconfigFailed(sid, tr("Member %1 was not added: %2").arg(sid).arg(client::errorText(error)));
    });
    return true;
}

bool LocalEnsemble::removeMember(quorum::ServerId sid)
{
    if (!m_members.count(sid) || m_reconfigClient)
        return false;
    // Through the members that stay: the leaving member's clients lose their connection.
    QStringList via;
    for (const auto &[id, member] : m_members) {
        if (id != sid)
            via << QStringLiteral("%1:%2").arg(m_options.address.toString()).arg(member->info.clientPort);
    }
    if (via.isEmpty())
        return false;
    const QByteArray line = "server." + QByteArray::number(sid) + '=';
    const auto gone = [line](const QByteArray &configuration) { return !configuration.contains(line); };
    sendReconfig(via, QByteArray(), QByteArray::number(sid), gone, [this, sid](proto::ErrorCode error) {
        if (error != proto::ErrorCode::Ok) {
            Q_EMIT reconfigFailed(sid, tr("Member %1 was not removed: %2").arg(sid).arg(client::errorText(error)));
            return;
        }
        // Out of the configuration it takes no part any more; it is stopped, its directory stays.
        stopMember(sid, QStringLiteral("removed"));
        m_members.erase(sid);
        for (auto it = m_faults.begin(); it != m_faults.end();)
            it = it->first.first == sid || it->first.second == sid ? m_faults.erase(it) : std::next(it);
        adoptMembership();
        Q_EMIT memberChanged(sid);
        Q_EMIT memberRemoved(sid);
    });
    return true;
}

void LocalEnsemble::sendReconfig(const QStringList &via, const QByteArray &joining, const QByteArray &leaving,
                                 std::function<bool(const QByteArray &)> tookEffect, std::function<void(proto::ErrorCode)> done)
{
    auto *client = new client::ZooKeeperClient(this);
    m_reconfigClient = client;
    client::ClientOptions options;
    options.sessionTimeoutMs = 10000;
    client->open(via.join(QLatin1Char(',')), options);
    // Credentials go out before any waiting request, so the reconfig runs as super.
    client->addAuth("digest", "super:" + m_superPassword);
    auto finish = [this, client, done = std::move(done)](proto::ErrorCode error) {
        m_reconfigClient = nullptr;
        client->close();
        client->deleteLater();
        done(error);
    };
    client->reconfig(joining, leaving, QByteArray(), -1,
                     [client, finish, tookEffect](const client::Result<client::DataResult> &result) {
                         if (result.error != proto::ErrorCode::ConnectionLoss) {
                             finish(result.error);
                             return;
                         }
                         // The answer was lost (its member may have just left, or led): whether the
                         // reconfiguration happened is in the configuration, read after a sync.
                         client->sync(QStringLiteral("/zookeeper/config"), [client, finish, tookEffect](const client::Result<QString> &) {
                             client->getConfig(client::Watch::No, [finish, tookEffect](const client::Result<client::DataResult> &config) {
                                 finish(config.ok() && tookEffect(config.value.data) ? proto::ErrorCode::Ok
                                                                                     : proto::ErrorCode::ConnectionLoss);
                             });
                         });
                     });
}

void LocalEnsemble::adoptMembership()
{
    QList<node::QuorumServerEntry> entries;
    for (const auto &[sid, member] : m_members)
        entries.append(member->entry);
    for (const auto &[sid, member] : m_members) {
        member->config.servers = entries;
        QString error;
        if (const std::optional<node::EnsembleIdentity> identity = node::ensembleIdentity(member->config, &error))
            member->identity = *identity;
    }
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
