#include "EnsembleServer.h"

#include "proto/Transaction.h"
#include "server/Log.h"
#include "server/TlsStores.h"
#include "storage/Snapshot.h"

#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QPointer>
#include <QSaveFile>

namespace zooscope::node {

namespace {

QString hexZxid(std::int64_t zxid)
{
    return QStringLiteral("0x") + QString::number(zxid, 16);
}

// The steps worth a log line; the rest are for the studio's views and the tests.
bool isLogWorthy(quorum::TraceKind kind)
{
    switch (kind) {
    case quorum::TraceKind::LeaderElected:
    case quorum::TraceKind::SyncModeChosen:
    case quorum::TraceKind::LeaderEstablished:
    case quorum::TraceKind::RoleLost:
    case quorum::TraceKind::NewEpochProposed:
    case quorum::TraceKind::LearnerConnected:
    case quorum::TraceKind::LearnerDropped:
        return true;
    default:
        return false;
    }
}

} // namespace

std::optional<EnsembleIdentity> ensembleIdentity(const ZooConfig &config, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<EnsembleIdentity> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString myidPath = QDir(config.server.dataDirectory).filePath(QStringLiteral("myid"));
    QFile myidFile(myidPath);
    if (!myidFile.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1 file is missing: an ensemble member needs its id there").arg(myidPath));
    bool ok = false;
    const std::int64_t myid = QString::fromLatin1(myidFile.readAll()).trimmed().toLongLong(&ok);
    if (!ok || myid < 1 || myid > 255)
        return fail(QStringLiteral("%1 must hold a number from 1 to 255").arg(myidPath));
    EnsembleIdentity identity;
    identity.myid = myid;
    std::vector<quorum::QuorumMember> members;
    bool found = false;
    for (const QuorumServerEntry &entry : config.servers) {
        members.push_back({entry.id, entry.observer});
        identity.electionAddresses[entry.id] = {entry.host, quint16(entry.electionPort)};
        if (entry.id == myid) {
            identity.self = entry;
            found = true;
        }
    }
    if (!found)
        return fail(QStringLiteral("myid %1 is not among the server.N lines of zoo.cfg").arg(myid));
    identity.quorum = quorum::QuorumConfig(members);
    if (identity.quorum.voters().empty())
        return fail(QStringLiteral("zoo.cfg names no voting member (every server.N is an observer)"));
    return identity;
}

EnsembleServer::EnsembleServer(ZooConfig config, EnsembleIdentity identity, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_identity(std::move(identity))
{
    m_activeConfig = DynamicConfig::fromServers(m_config.servers, m_config.dynamicConfigVersion);
    m_config.server.serverId = m_identity.myid;
    m_config.server.sessionIdPrefix = m_identity.myid;
    if (!m_identity.self.clientSpec.isEmpty()) {
        // server.N=...;[address:]port overrides clientPort / clientPortAddress.
        const QString spec = m_identity.self.clientSpec;
        const qsizetype colon = spec.lastIndexOf(QLatin1Char(':'));
        if (colon > 0)
            m_config.server.clientPortAddress = spec.left(colon);
        m_config.server.clientPort = spec.mid(colon + 1).toInt();
    }
    m_driver = std::make_unique<server::TcpServerDriver>(m_config.server);
    const storage::DatabaseOptions options = databaseOptions(m_config);
    QPointer<EnsembleServer> self(this);
    auto generation = m_logGeneration;
    m_database = std::make_unique<storage::Database>(options, [self, generation](std::int64_t zxid) {
        const quint64 writtenIn = generation->load();
        QMetaObject::invokeMethod(
            self,
            [self, generation, writtenIn, zxid] {
                if (!self || generation->load() != writtenIn)
                    return;
                self->runPeer([self, zxid] { self->m_peer->logged(self->nowMs(), zxid); });
            },
            Qt::QueuedConnection);
    });
    m_transport = std::make_unique<quorum::QuorumTransport>(m_identity.myid, m_identity.electionAddresses);
    if (m_config.sslQuorum) {
        // Both ends of every link present ssl.quorum.keyStore and verify the other's against the trust store.
        server::TlsSettings quorumTls = m_config.quorumTls;
        quorumTls.clientAuth = server::TlsClientAuth::Need;
        QString error;
        if (const auto tls = server::serverTlsConfiguration(quorumTls, &error, QStringLiteral("ssl.quorum")))
            m_transport->setTls(*tls, quorumTls.hostnameVerification);
        else
            m_error = error;
    }
    m_peerTimer.setSingleShot(true);
    connect(&m_peerTimer, &QTimer::timeout, this, [this] { runPeer([this] { m_peer->tick(nowMs()); }); });
    m_peerTimer.setTimerType(Qt::PreciseTimer);
    connect(m_transport.get(), &quorum::QuorumTransport::notificationReceived, this,
            [this](quorum::ServerId from, const quorum::Notification &notification) {
                runPeer([this, from, notification] { m_peer->receiveNotification(nowMs(), from, notification); });
            });
    connect(m_transport.get(), &quorum::QuorumTransport::messageReceived, this,
            [this](quorum::ServerId from, const quorum::ZabMessage &message) {
                runPeer([this, from, message] { m_peer->receiveMessage(nowMs(), from, message); });
            });
    connect(m_transport.get(), &quorum::QuorumTransport::peerDisconnected, this, [this](quorum::ServerId peer) {
        runPeer([this, peer] { m_peer->peerDisconnected(nowMs(), peer); });
    });
}

EnsembleServer::~EnsembleServer()
{
    shutdown();
}

bool EnsembleServer::start()
{
    if (!m_error.isEmpty())
        return false; // the ssl.quorum stores could not be used
    m_clock.start();
    server::ZooKeeperService &service = m_driver->service();
    const storage::RestoreResult restored = m_database->restore(service.tree());
    if (!restored.ok) {
        m_error = restored.error;
        return false;
    }
    service.setLastZxid(restored.lastZxid);
    service.restoreSessions(restored.sessionTimeouts);
    service.setServingMode(server::ServingMode::NotServing);
    // The newer of zoo.cfg's membership and the last reconfiguration this member applied wins.
    if (const std::optional<DynamicConfig> stored = configOfState(); stored && stored->version > m_activeConfig.version) {
        server::logInfo(QStringLiteral("Member %1: using the configuration of version %2 from its data (newer than zoo.cfg's)")
                            .arg(m_identity.myid)
                            .arg(hexZxid(stored->version)));
        m_activeConfig = *stored;
    } else {
        service.tree().setSystemNodeData("/zookeeper/config", m_activeConfig.toText());
    }
    m_identity.quorum = m_activeConfig.membership();
    if (!m_identity.quorum.contains(m_identity.myid))
        server::logWarning(QStringLiteral("Member %1 is not in the ensemble's configuration (version %2): it stays out; "
                                          "list it in zoo.cfg and add it with reconfig to join again")
                               .arg(m_identity.myid)
                               .arg(hexZxid(m_activeConfig.version)));
    service.setReconfigPlanner([this](const proto::ReconfigRequest &request, std::int64_t zxid) {
        return planReconfig(request, zxid);
    });
    service.setPersistence(static_cast<server::TransactionPersistence *>(this));
    service.setAppliedObserver([this] {
        m_database->transactionApplied(m_driver->service().tree(), m_driver->service().sessionTimeouts());
    });
    service.setLeaderLink(server::LeaderLink{
        [this](const QByteArray &request) {
            // Deferred when the service calls from inside a peer input: then the answer comes later.
            auto forwarded = std::make_shared<bool>(true);
            runPeer([this, request, forwarded] { *forwarded = m_peer->forwardRequest(nowMs(), request); });
            return *forwarded;
        },
        [this](const QByteArray &request) {
            // Deferred when the service calls from inside a peer input: then the answer comes later.
            auto forwarded = std::make_shared<bool>(true);
            runPeer([this, request, forwarded] { *forwarded = m_peer->forwardSync(nowMs(), request); });
            return *forwarded;
        },
    });
    m_database->start();
    if (restored.transactionsReplayed > 0 || restored.snapshotUsed.isEmpty())
        m_database->takeSnapshot(service.tree(), service.sessionTimeouts());

    const std::int64_t lastEpoch = quorum::epochOfZxid(restored.lastZxid);
    const std::int64_t currentEpoch = readEpochFile(QStringLiteral("currentEpoch"), lastEpoch);
    const std::int64_t acceptedEpoch = readEpochFile(QStringLiteral("acceptedEpoch"), currentEpoch);
    server::logInfo(QStringLiteral("Member %1: restored %2 znodes, last zxid %3, current epoch %4, accepted epoch %5")
                        .arg(m_identity.myid)
                        .arg(service.tree().nodeCount())
                        .arg(hexZxid(restored.lastZxid))
                        .arg(currentEpoch)
                        .arg(acceptedEpoch));

    const quorum::PeerAddress &own = m_identity.electionAddresses.at(m_identity.myid);
    const QHostAddress listenAddress = own.host == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost)
                                                                               : QHostAddress(own.host);
    if (!m_transport->listen(listenAddress.isNull() ? QHostAddress(QHostAddress::Any) : listenAddress, own.port)) {
        m_error = m_transport->errorString();
        return false;
    }
    if (!m_driver->listen()) {
        m_error = m_driver->errorString();
        return false;
    }
    quorum::PeerTiming timing;
    timing.tickTimeMs = m_config.server.tickTimeMs;
    timing.initLimit = m_config.initLimit;
    timing.syncLimit = m_config.syncLimit;
    m_peer = std::make_unique<quorum::QuorumPeer>(m_identity.myid, m_identity.quorum, timing,
                                                  static_cast<quorum::QuorumPeerHost &>(*this));
    for (const QuorumServerEntry &entry : m_activeConfig.servers)
        m_transport->addPeer(entry.id, {entry.host, quint16(entry.electionPort)});
    m_transport->start();
    runPeer([this, &restored, acceptedEpoch, currentEpoch] {
        m_peer->start(nowMs(), quorum::PeerDisk{restored.lastZxid, acceptedEpoch, currentEpoch});
    });
    return true;
}

void EnsembleServer::shutdown()
{
    if (!m_driver)
        return;
    m_peerTimer.stop();
    m_transport->stop();
    m_driver->shutdown();
    m_database->stop();
    m_database->abandonSnapshot();
}

bool EnsembleServer::runPeer(std::function<void()> input)
{
    if (m_inPeerCall || !m_peer) {
        m_deferred.push_back(std::move(input));
        return false;
    }
    m_inPeerCall = true;
    input();
    while (!m_deferred.empty()) {
        std::function<void()> next = std::move(m_deferred.front());
        m_deferred.pop_front();
        next();
    }
    m_inPeerCall = false;
    rearmTimer();
    return true;
}

void EnsembleServer::rearmTimer()
{
    const std::optional<qint64> deadline = m_peer->nextDeadlineMs();
    if (!deadline)
        return; // a tick that comes anyway finds nothing due
    // Deadlines mostly move later (every message from the leader pushes the learner's back): a timer
    // that fires earlier stays, and its tick re-arms. Re-registering a timer per message costs CPU.
    if (m_peerTimer.isActive() && m_timerDeadlineMs <= *deadline)
        return;
    m_timerDeadlineMs = *deadline;
    m_peerTimer.start(int(std::clamp<qint64>(*deadline - nowMs(), 0, 60000)));
}

std::int64_t EnsembleServer::readEpochFile(const QString &name, std::int64_t fallback) const
{
    QFile file(QDir(m_config.server.dataDirectory).filePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return fallback;
    bool ok = false;
    const std::int64_t value = QString::fromLatin1(file.readAll()).trimmed().toLongLong(&ok);
    if (!ok) {
        server::logWarning(QStringLiteral("%1 is not a number; using %2").arg(file.fileName()).arg(fallback));
        return fallback;
    }
    return value;
}

// ---- Host of the quorum peer

void EnsembleServer::sendNotification(quorum::ServerId to, const quorum::Notification &notification)
{
    m_transport->sendNotification(to, notification);
}

void EnsembleServer::sendMessage(quorum::ServerId to, const quorum::ZabMessage &message)
{
    m_transport->sendMessage(to, message);
}

void EnsembleServer::closeConnection(quorum::ServerId peer)
{
    m_transport->closeConnection(peer);
}

void EnsembleServer::appendToLog(const quorum::Proposal &proposal)
{
    m_database->appendEncoded(proposal.zxid, proposal.payload);
}

void EnsembleServer::applyCommitted(const quorum::Proposal &proposal)
{
    traceSessionChange(proposal);
    if (const std::optional<quorum::QuorumConfig> membership = membershipOf(proposal)) {
        // The peer activates the membership right after this; the addresses and files go first.
        proto::Transaction transaction;
        if (proto::decodeTransaction(proposal.payload, transaction)) {
            if (const auto *txn = std::get_if<proto::SetDataTxn>(&transaction.body)) {
                if (const std::optional<DynamicConfig> config = DynamicConfig::parse(txn->data, nullptr))
                    installConfig(*config);
            }
        }
    }
    server::ZooKeeperService &service = m_driver->service();
    if (service.isNextPrepared(proposal.zxid)) {
        service.transactionsDurable(proposal.zxid); // ours: applied and answered
        return;
    }
    proto::Transaction transaction;
    if (!proto::decodeTransaction(proposal.payload, transaction)) {
        server::logError(QStringLiteral("Cannot decode committed transaction %1; this member's state is now behind")
                             .arg(hexZxid(proposal.zxid)));
        return;
    }
    service.applyCommitted(transaction);
}

void EnsembleServer::traceSessionChange(const quorum::Proposal &proposal)
{
    proto::TxnHeader header;
    if (!proto::deserialize(proposal.payload, header))
        return;
    if (header.type != proto::OpCode::CreateSession && header.type != proto::OpCode::CloseSession)
        return;
    quorum::TraceEvent event;
    event.kind = header.type == proto::OpCode::CreateSession ? quorum::TraceKind::SessionCreated : quorum::TraceKind::SessionClosed;
    event.timeMs = nowMs();
    event.member = m_identity.myid;
    event.leader = m_peer->role().leader;
    event.zxid = proposal.zxid;
    event.epoch = m_peer->currentEpoch();
    event.state = m_peer->role().state;
    event.details = QStringLiteral("session 0x%1").arg(QString::number(quint64(header.clientId), 16));
    trace(event);
}

void EnsembleServer::reloadFromDisk()
{
    server::ZooKeeperService &service = m_driver->service();
    const storage::RestoreResult restored = m_database->restore(service.tree());
    if (!restored.ok) {
        server::logError(QStringLiteral("Cannot reload the data directory: ") + restored.error);
        return;
    }
    service.setLastZxid(restored.lastZxid);
}

void EnsembleServer::truncateTo(quorum::Zxid zxid)
{
    QString error;
    if (!m_database->truncateTo(zxid, &error))
        server::logError(QStringLiteral("TRUNC to %1 failed: %2").arg(hexZxid(zxid), error));
    ++*m_logGeneration; // durability reports from before the cut are stale
    reloadFromDisk();
    server::logInfo(QStringLiteral("Truncated the log to %1 as the leader asked").arg(hexZxid(zxid)));
}

QByteArray EnsembleServer::takeSnapshot()
{
    server::ZooKeeperService &service = m_driver->service();
    return storage::encodeSnapshot(service.tree(), service.sessionTimeouts());
}

void EnsembleServer::loadSnapshot(quorum::Zxid zxid, const QByteArray &snapshot)
{
    server::ZooKeeperService &service = m_driver->service();
    // A periodic snapshot still reading the tree must not see it replaced halfway.
    m_database->abandonSnapshot();
    QString error;
    const auto loaded = storage::decodeSnapshot(snapshot, zxid, service.tree(), &error, QStringLiteral("SNAP from the leader"));
    if (!loaded) {
        server::logError(error);
        return;
    }
    service.setLastZxid(zxid);
    service.restoreSessions(loaded->sessionTimeouts);
    if (!m_database->replaceWith(snapshot, zxid, &error))
        server::logError(QStringLiteral("Cannot store the leader's snapshot: ") + error);
    ++*m_logGeneration; // durability reports from before the snapshot are stale
}

void EnsembleServer::persistEpochs(std::int64_t acceptedEpoch, std::int64_t currentEpoch)
{
    // Written and synced before the peer goes on, as ZooKeeper's writeLongToFile does.
    for (const auto &[name, value] : {std::pair{QStringLiteral("acceptedEpoch"), acceptedEpoch},
                                      std::pair{QStringLiteral("currentEpoch"), currentEpoch}}) {
        QSaveFile file(QDir(m_config.server.dataDirectory).filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray::number(qint64(value)) + '\n') < 0 || !file.commit())
            server::logError(QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
    }
}

void EnsembleServer::roleChanged(const quorum::RoleStatus &status)
{
    server::ServingMode mode = server::ServingMode::NotServing;
    // Like ZooKeeper's ReadOnlyZooKeeperServer: only while looking for a leader.
    if (status.state == quorum::ServerState::Looking && m_config.server.readOnlyModeEnabled)
        mode = server::ServingMode::ReadOnly;
    if (status.serving) {
        switch (status.state) {
        case quorum::ServerState::Leading: mode = server::ServingMode::Leader; break;
        case quorum::ServerState::Following: mode = server::ServingMode::Follower; break;
        case quorum::ServerState::Observing: mode = server::ServingMode::Observer; break;
        case quorum::ServerState::Looking: break;
        }
    }
    m_driver->service().setServingMode(mode, status.epoch);
    if (status.serving && m_activeConfig.version == 0) {
        // As ZooKeeper (ZOOKEEPER-1783): a configuration from zoo.cfg takes the version of the first
        // leadership it serves under, epoch << 32, the same on every member.
        m_activeConfig.version = quorum::makeZxid(status.epoch, 0);
        m_driver->service().tree().setSystemNodeData("/zookeeper/config", m_activeConfig.toText());
        writeDynamicConfigFile(m_activeConfig);
    }
    Q_EMIT roleUpdated(status);
}

void EnsembleServer::forwardedRequest(quorum::ServerId from, const QByteArray &request)
{
    // Preparing it proposes it, which is a new input of the peer: after the current one.
    runPeer([this, from, request] { m_driver->service().submitForwarded(request, from); });
}

void EnsembleServer::syncDone(const QByteArray &payload)
{
    m_driver->service().syncDone(payload);
}

QByteArray EnsembleServer::learnerPingPayload()
{
    return m_driver->service().takeTouchedSessions();
}

void EnsembleServer::learnerPing(quorum::ServerId, const QByteArray &payload)
{
    m_driver->service().touchSessions(payload);
}

void EnsembleServer::trace(const quorum::TraceEvent &event)
{
    if (isLogWorthy(event.kind))
        server::logInfo(QStringLiteral("Quorum: ") + event.toText());
    Q_EMIT traced(event);
}

std::optional<quorum::QuorumConfig> EnsembleServer::membershipOf(const quorum::Proposal &proposal)
{
    proto::TxnHeader header;
    if (!proto::deserialize(proposal.payload, header) || header.type != proto::OpCode::Reconfig)
        return std::nullopt;
    proto::Transaction transaction;
    if (!proto::decodeTransaction(proposal.payload, transaction))
        return std::nullopt;
    const auto *txn = std::get_if<proto::SetDataTxn>(&transaction.body);
    const std::optional<DynamicConfig> config = txn ? DynamicConfig::parse(txn->data, nullptr) : std::nullopt;
    if (!config)
        return std::nullopt;
    return config->membership();
}

std::optional<quorum::QuorumConfig> EnsembleServer::membershipOfState()
{
    const std::optional<DynamicConfig> stored = configOfState();
    if (!stored || stored->version == m_activeConfig.version)
        return std::nullopt;
    installConfig(*stored);
    return stored->membership();
}

std::optional<DynamicConfig> EnsembleServer::configOfState() const
{
    const tree::DataNode *node = m_driver->service().tree().find("/zookeeper/config");
    if (!node)
        return std::nullopt;
    const std::optional<DynamicConfig> config = DynamicConfig::parse(node->dataView().toByteArray(), nullptr);
    if (!config || config->servers.empty())
        return std::nullopt;
    return config;
}

server::ReconfigPlan EnsembleServer::planReconfig(const proto::ReconfigRequest &request, std::int64_t zxid) const
{
    if (request.curConfigId != -1 && request.curConfigId != m_activeConfig.version)
        return {proto::ErrorCode::BadVersion, {}};
    QString error;
    std::optional<DynamicConfig> next =
        reconfigured(m_activeConfig, QString::fromUtf8(request.joiningServers), QString::fromUtf8(request.leavingServers),
                     QString::fromUtf8(request.newMembers), &error);
    if (!next) {
        server::logWarning(QStringLiteral("reconfig refused: ") + error);
        return {proto::ErrorCode::BadArguments, {}};
    }
    next->version = zxid;
    // ZooKeeper's NewConfigNoQuorum: the new voters must already hold a quorum of synchronized followers.
    const std::set<quorum::ServerId> synced = m_peer->synchronizedFollowers(nowMs());
    const std::vector<quorum::ServerId> syncedList(synced.begin(), synced.end());
    if (!next->membership().hasQuorum(std::span(syncedList.data(), syncedList.size())))
        return {proto::ErrorCode::NewConfigNoQuorum, {}};
    return {proto::ErrorCode::Ok, next->toText()};
}

void EnsembleServer::installConfig(const DynamicConfig &config)
{
    if (config.version == m_activeConfig.version && config.toText() == m_activeConfig.toText())
        return;
    m_activeConfig = config;
    m_identity.quorum = config.membership();
    for (const QuorumServerEntry &entry : config.servers) {
        m_identity.electionAddresses[entry.id] = {entry.host, quint16(entry.electionPort)};
        m_transport->addPeer(entry.id, {entry.host, quint16(entry.electionPort)});
    }
    server::logInfo(QStringLiteral("Member %1: configuration version %2 is active:\n%3")
                        .arg(m_identity.myid)
                        .arg(hexZxid(config.version))
                        .arg(QString::fromUtf8(config.toText())));
    writeDynamicConfigFile(config);
}

// As ZooKeeper does: zoo.cfg.dynamic.<version> beside zoo.cfg, and zoo.cfg names it instead of listing
// server.N itself, so a restart starts from the configuration this member last applied.
void EnsembleServer::writeDynamicConfigFile(const DynamicConfig &config)
{
    if (m_config.sourcePath.isEmpty())
        return; // an in-process member without a zoo.cfg file (the studio's ensemble)
    const QFileInfo staticFile(m_config.sourcePath);
    const QString dynamicPath = staticFile.absoluteDir().filePath(
        staticFile.fileName() + QStringLiteral(".dynamic.") + QString::number(config.version, 16));
    QSaveFile dynamicFile(dynamicPath);
    if (!dynamicFile.open(QIODevice::WriteOnly) || dynamicFile.write(config.toText() + '\n') < 0 || !dynamicFile.commit()) {
        server::logError(QStringLiteral("Cannot write %1: %2").arg(dynamicPath, dynamicFile.errorString()));
        return;
    }
    QFile original(m_config.sourcePath);
    if (!original.open(QIODevice::ReadOnly)) {
        server::logError(QStringLiteral("Cannot read %1 to point it at %2").arg(m_config.sourcePath, dynamicPath));
        return;
    }
    QByteArray rewritten;
    for (const QByteArray &line : original.readAll().split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (trimmed.startsWith("server.") || trimmed.startsWith("dynamicConfigFile") || trimmed.isEmpty())
            continue;
        rewritten += line + '\n';
    }
    rewritten += "dynamicConfigFile=" + dynamicPath.toUtf8() + '\n';
    QSaveFile staticSave(m_config.sourcePath);
    if (!staticSave.open(QIODevice::WriteOnly) || staticSave.write(rewritten) < 0 || !staticSave.commit())
        server::logError(QStringLiteral("Cannot rewrite %1: %2").arg(m_config.sourcePath, staticSave.errorString()));
}

void EnsembleServer::append(const proto::Transaction &transaction)
{
    const quorum::Proposal proposal{transaction.header.zxid,
                                    proto::serialize(transaction.header) + proto::encodeTxnBody(transaction)};
    runPeer([this, proposal] {
        if (!m_peer->propose(nowMs(), proposal))
            server::logWarning(QStringLiteral("Could not propose %1: this member no longer leads").arg(hexZxid(proposal.zxid)));
    });
}

} // namespace zooscope::node
