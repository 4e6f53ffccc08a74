#include "ZooKeeperService.h"

#include "FourLetterWords.h"
#include "ForwardedRequest.h"
#include "proto/Events.h"
#include "proto/PathValidation.h"

#include <QtEndian>

namespace zooscope::server {

using proto::ErrorCode;
namespace OpCode = proto::OpCode;
namespace Xid = proto::Xid;

namespace {


bool isWriteRequest(std::int32_t type)
{
    switch (type) {
    case OpCode::Create:
    case OpCode::Create2:
    case OpCode::CreateContainer:
    case OpCode::CreateTtl:
    case OpCode::Delete:
    case OpCode::DeleteContainer:
    case OpCode::SetData:
    case OpCode::SetAcl:
    case OpCode::Check:
    case OpCode::Multi:
    case OpCode::Reconfig:
    case OpCode::CloseSession:
        return true;
    default:
        return false;
    }
}

bool isKnownRequest(std::int32_t type)
{
    switch (type) {
    case OpCode::Exists:
    case OpCode::GetData:
    case OpCode::GetAcl:
    case OpCode::GetChildren:
    case OpCode::Sync:
    case OpCode::Ping:
    case OpCode::GetChildren2:
    case OpCode::CheckWatches:
    case OpCode::RemoveWatches:
    case OpCode::MultiRead:
    case OpCode::Auth:
    case OpCode::SetWatches:
    case OpCode::Sasl:
    case OpCode::GetEphemerals:
    case OpCode::GetAllChildrenNumber:
    case OpCode::SetWatches2:
    case OpCode::AddWatch:
    case OpCode::WhoAmI:
        return true;
    default:
        return isWriteRequest(type);
    }
}

// Builds a framed reply: length, ReplyHeader, then the body record (if any).
class ReplyWriter
{
public:
    ReplyWriter(std::int32_t xid, std::int64_t zxid, ErrorCode err)
    {
        m_bytes.reserve(64);
        m_bytes.append(4, '\0');
        proto::JuteWriter writer(m_bytes);
        writer(proto::ReplyHeader{xid, zxid, std::int32_t(err)});
    }
    template <typename Record>
    ReplyWriter &body(const Record &record)
    {
        proto::JuteWriter writer(m_bytes);
        writer(record);
        return *this;
    }
    QByteArray finish()
    {
        qToBigEndian(std::int32_t(m_bytes.size() - 4), m_bytes.data());
        return std::move(m_bytes);
    }

private:
    QByteArray m_bytes;
};

QByteArray frame(const QByteArray &payload)
{
    QByteArray framed(4, Qt::Uninitialized);
    qToBigEndian(std::int32_t(payload.size()), framed.data());
    return framed + payload;
}

std::vector<QByteArray> childrenOf(const tree::DataNode &node)
{
    return node.childNames();
}

QString hex(std::int64_t value)
{
    return QStringLiteral("0x") + QString::number(quint64(value), 16);
}

} // namespace

ZooKeeperService::ZooKeeperService(ServerConfig config, ServiceCallbacks callbacks, ServiceClock clock)
    : m_config(std::move(config)), m_callbacks(std::move(callbacks)), m_clock(std::move(clock))
{
    m_sessions = std::make_unique<SessionTracker>(m_config.sessionIdPrefix, m_clock.wallMs(), m_config.tickTimeMs);
    m_localSessions = std::make_unique<SessionTracker>(m_config.sessionIdPrefix, m_clock.wallMs(), m_config.tickTimeMs);
    m_preparer = std::make_unique<RequestPreparer>(m_tree, *m_sessions, m_config);
    m_lastContainerCheckMs = m_clock.monotonicMs();
    m_startedAtMs = m_clock.monotonicMs();
}

ZooKeeperService::~ZooKeeperService() = default;

const char *servingModeName(ServingMode mode)
{
    switch (mode) {
    case ServingMode::Standalone: return "standalone";
    case ServingMode::Leader: return "leader";
    case ServingMode::Follower: return "follower";
    case ServingMode::Observer: return "observer";
    case ServingMode::NotServing: return "not serving";
    case ServingMode::ReadOnly: return "read-only";
    }
    return "?";
}

ZooKeeperService::Connection *ZooKeeperService::connection(ConnectionId id)
{
    auto found = m_connections.find(id);
    return found == m_connections.end() ? nullptr : &*found;
}

QHash<std::int64_t, std::int32_t> ZooKeeperService::sessionTimeouts() const
{
    QHash<std::int64_t, std::int32_t> timeouts;
    for (const Session &session : m_sessions->sessions())
        timeouts.insert(session.id, session.timeoutMs);
    return timeouts;
}

void ZooKeeperService::restoreSessions(const QHash<std::int64_t, std::int32_t> &sessionTimeouts)
{
    for (auto it = sessionTimeouts.cbegin(); it != sessionTimeouts.cend(); ++it)
        m_sessions->add(it.key(), it.value(), m_clock.monotonicMs());
}

void ZooKeeperService::connectionOpened(ConnectionId id, const QHostAddress &peer, quint16 peerPort,
                                        const AuthIds &certificateIds)
{
    if (m_config.maxClientConnectionsPerHost > 0) {
        int fromSameHost = 0;
        for (const Connection &existing : std::as_const(m_connections))
            fromSameHost += existing.peer.isEqual(peer) ? 1 : 0;
        if (fromSameHost >= m_config.maxClientConnectionsPerHost) {
            m_callbacks.logWarning(QStringLiteral("Too many connections from %1 - max is %2")
                                       .arg(peer.toString())
                                       .arg(m_config.maxClientConnectionsPerHost));
            m_callbacks.close(id);
            return;
        }
    }
    Connection connection;
    connection.id = id;
    connection.peer = peer;
    connection.peerPort = peerPort;
    // A TLS connection's certificate ids come first, as Apache's Netty factory adds them at the handshake.
    connection.certificateIds = certificateIds;
    connection.authIds = certificateIds;
    connection.authIds.push_back({"ip", peer.toString().toLatin1()});
    connection.statistics.establishedAtMs = m_clock.wallMs();
    m_connections.insert(id, std::move(connection));
}

void ZooKeeperService::connectionClosed(ConnectionId id)
{
    auto found = m_connections.find(id);
    if (found == m_connections.end())
        return;
    if (found->sessionId != 0 && m_connectionBySession.value(found->sessionId) == id)
        m_connectionBySession.remove(found->sessionId);
    m_tree.removeWatcher(id);
    m_connections.erase(found);
}

void ZooKeeperService::closeConnection(Connection &connection, const QString &reason)
{
    if (!reason.isEmpty())
        m_callbacks.logInfo(reason);
    const ConnectionId id = connection.id;
    connectionClosed(id);
    m_callbacks.close(id);
}

bool ZooKeeperService::wantsInput(ConnectionId id) const
{
    const auto found = m_connections.constFind(id);
    return found != m_connections.cend() && !found->inputPaused;
}

void ZooKeeperService::dataReceived(ConnectionId id, const char *data, qsizetype size)
{
    Connection *target = connection(id);
    if (!target || target->closing)
        return;
    if (target->parsing)
        return; // a packet being handled finished a connect; the loop below goes on by itself
    target->buffer.append(data, size);
    target->parsing = true;
    qsizetype offset = 0;
    while (true) {
        target = connection(id); // a packet may have closed the connection
        if (!target || target->closing)
            return;
        // Like Apache ZooKeeper, read nothing more until the session exists: Java's Netty client sends its
        // first requests right behind the connect request. They wait here until the connect is answered.
        if (target->connectPending)
            break;
        const QByteArray &buffer = target->buffer;
        if (buffer.size() - offset < 4)
            break;
        const std::int32_t length = qFromBigEndian<std::int32_t>(buffer.constData() + offset);
        if (!target->handshakeDone && !target->connectPending && offset == 0 && handleFourLetterWord(*target, length))
            return;
        if (length < 0 || length > m_config.juteMaxBuffer) {
            closeConnection(*target, QStringLiteral("Closing connection from %1: packet length %2 is out of range "
                                                    "(jute.maxbuffer is %3)")
                                          .arg(target->peer.toString())
                                          .arg(length)
                                          .arg(m_config.juteMaxBuffer));
            return;
        }
        if (buffer.size() - offset - 4 < length)
            break;
        if (qsizetype(target->pending.size()) >= m_config.maxOutstandingPerConnection) {
            target->inputPaused = true; // the rest waits in the buffer until replies drain
            break;
        }
        const QByteArray packet = buffer.mid(offset + 4, length);
        offset += 4 + length;
        handlePacket(*target, packet);
    }
    if (Connection *remaining = connection(id)) {
        remaining->buffer.remove(0, offset);
        remaining->parsing = false;
    }
}

bool ZooKeeperService::handleFourLetterWord(Connection &connection, std::int32_t length)
{
    char word[4];
    qToBigEndian(length, word);
    const QByteArray command(word, 4);
    if (!FourLetterWords::isCommand(command))
        return false;
    QByteArray output;
    if (!m_config.isFourLetterWordAllowed(command))
        output = command + " is not executed because it is not in the whitelist.\n";
    else
        output = FourLetterWords(*this).run(command);
    m_callbacks.send(connection.id, output);
    closeConnection(connection, {});
    return true;
}

void ZooKeeperService::handlePacket(Connection &connection, const QByteArray &packet)
{
    ++m_statistics.packetsReceived;
    ++connection.statistics.packetsReceived;
    if (m_mode == ServingMode::NotServing) {
        closeConnection(connection, QStringLiteral("Closing connection from %1: this server is not currently serving "
                                                   "requests (it is looking for a leader)")
                                        .arg(connection.peer.toString()));
        return;
    }
    if (!connection.handshakeDone) {
        if (connection.connectPending) {
            closeConnection(connection, QStringLiteral("Closing connection from %1: request before the session "
                                                       "was established")
                                            .arg(connection.peer.toString()));
            return;
        }
        handleConnect(connection, packet);
        return;
    }
    handleRequest(connection, packet);
}

void ZooKeeperService::handleConnect(Connection &connection, const QByteArray &packet)
{
    proto::JuteReader reader(packet);
    proto::ConnectRequest request;
    reader(request);
    if (reader.failed()) {
        closeConnection(connection, QStringLiteral("Closing connection from %1: malformed connect request")
                                        .arg(connection.peer.toString()));
        return;
    }
    // Clients before 3.4 send no readOnly flag; they must not get one back.
    if (!reader.atEnd()) {
        reader(request.readOnly);
        connection.sentReadOnlyFlag = !reader.failed();
    }
    if (request.lastZxidSeen > m_tree.lastProcessedZxid()) {
        closeConnection(connection,
                        QStringLiteral("Refusing session request for client %1 as it has seen zxid %2 our last "
                                       "zxid is %3 client must try another server")
                            .arg(connection.peer.toString(), hex(request.lastZxidSeen), hex(m_tree.lastProcessedZxid())));
        return;
    }
    const std::int32_t timeout = std::clamp(request.timeOut, m_config.effectiveMinSessionTimeout(),
                                            m_config.effectiveMaxSessionTimeout());
    connection.negotiatedTimeoutMs = timeout;
    if (m_mode == ServingMode::ReadOnly) {
        handleReadOnlyConnect(connection, request);
        return;
    }

    if (request.sessionId == 0 && opensLocalSessions()) {
        openLocalSession(connection);
        return;
    }
    if (request.sessionId == 0) {
        const std::int64_t sessionId = m_sessions->nextSessionId();
        connection.sessionId = sessionId;
        connection.connectPending = true;
        m_connectionBySession.insert(sessionId, connection.id);
        if (isLearner()) {
            // The leader creates the session; we answer the client once its createSession commits.
            m_callbacks.logInfo(QStringLiteral("Forwarding new session %1 with timeout %2 ms for %3 to the leader")
                                    .arg(hex(sessionId))
                                    .arg(timeout)
                                    .arg(connection.peer.toString()));
            forwardWrite(connection, 0, OpCode::CreateSession, {});
            return;
        }
        m_sessions->add(sessionId, timeout, m_clock.monotonicMs());
        if (m_mode == ServingMode::Leader)
            m_sessions->setOwner(sessionId, m_config.serverId);
        m_callbacks.logInfo(QStringLiteral("Creating new session %1 with timeout %2 ms for %3")
                                .arg(hex(sessionId))
                                .arg(timeout)
                                .arg(connection.peer.toString()));
        submit(m_preparer->prepareCreateSession(contextFor(connection, 0), nextZxid(), timeout), connection.id,
               true, true);
        return;
    }

    // Reconnecting: the old connection of this session, if any, is closed (ZooKeeper's CLIENT_RECONNECT).
    if (const ConnectionId previous = m_connectionBySession.value(request.sessionId); previous != 0 && previous != connection.id) {
        if (Connection *old = this->connection(previous))
            closeConnection(*old, QStringLiteral("Closing previous connection of session %1 from %2: client "
                                                 "reconnected")
                                      .arg(hex(request.sessionId), old->peer.toString()));
    }
    connection.sessionId = request.sessionId;
    const bool passwordMatches = request.passwd == SessionTracker::passwordFor(request.sessionId);
    if (isLocalSession(request.sessionId)) {
        // Our own session: nobody else can revalidate it (on another member it is unknown, so expired).
        const bool valid = passwordMatches && m_localSessions->touch(request.sessionId, m_clock.monotonicMs(), timeout);
        sendConnectResponse(connection, valid);
        if (!valid) {
            closeConnection(connection, QStringLiteral("Invalid local session %1 for client %2")
                                            .arg(hex(request.sessionId), connection.peer.toString()));
            return;
        }
        m_connectionBySession.insert(request.sessionId, connection.id);
        connection.handshakeDone = true;
        return;
    }
    const bool valid = passwordMatches && m_sessions->touch(request.sessionId, m_clock.monotonicMs(), timeout);
    if (valid && isLearner()) {
        m_touchedSessions.insert(request.sessionId, timeout);
        if (m_leaderLink.forwardRequest) {
            const ForwardedRequest revalidate{request.sessionId, 0, RevalidateSession, timeout, {}, {}};
            m_leaderLink.forwardRequest(proto::serialize(revalidate));
        }
    } else if (valid && m_mode == ServingMode::Leader) {
        m_sessions->setOwner(request.sessionId, m_config.serverId);
    }
    if (!passwordMatches)
        m_callbacks.logWarning(QStringLiteral("Incorrect password from %1 for session %2")
                                   .arg(connection.peer.toString(), hex(request.sessionId)));
    sendConnectResponse(connection, valid);
    if (!valid) {
        closeConnection(connection, QStringLiteral("Invalid session %1 for client %2, probably expired")
                                        .arg(hex(request.sessionId), connection.peer.toString()));
        return;
    }
    m_connectionBySession.insert(request.sessionId, connection.id);
    connection.handshakeDone = true;
    m_callbacks.logInfo(QStringLiteral("Established session %1 with negotiated timeout %2 for client %3")
                            .arg(hex(request.sessionId))
                            .arg(timeout)
                            .arg(connection.peer.toString()));
}

void ZooKeeperService::openLocalSession(Connection &connection)
{
    const std::int64_t sessionId = m_sessions->nextSessionId();
    m_localSessions->add(sessionId, connection.negotiatedTimeoutMs, m_clock.monotonicMs());
    connection.sessionId = sessionId;
    connection.handshakeDone = true;
    m_connectionBySession.insert(sessionId, connection.id);
    sendConnectResponse(connection, true);
    m_callbacks.logInfo(QStringLiteral("Established local session %1 with negotiated timeout %2 for client %3")
                            .arg(hex(sessionId))
                            .arg(connection.negotiatedTimeoutMs)
                            .arg(connection.peer.toString()));
}

// ZooKeeper's checkUpgradeSession: the session becomes global through a createSession transaction,
// which goes ahead of the request that needed it on the same path to the leader.
void ZooKeeperService::upgradeLocalSession(Connection &connection)
{
    const std::int64_t sessionId = connection.sessionId;
    m_localSessions->remove(sessionId);
    m_callbacks.logInfo(QStringLiteral("Upgrading local session %1 to a global one").arg(hex(sessionId)));
    if (isLearner()) {
        forwardWrite(connection, 0, OpCode::CreateSession, {});
        return;
    }
    m_sessions->add(sessionId, connection.negotiatedTimeoutMs, m_clock.monotonicMs());
    m_sessions->setOwner(sessionId, m_config.serverId);
    submit(m_preparer->prepareCreateSession(contextFor(connection, 0), nextZxid(), connection.negotiatedTimeoutMs), 0,
           false);
}

void ZooKeeperService::handleReadOnlyConnect(Connection &connection, const proto::ConnectRequest &request)
{
    if (!request.readOnly) {
        closeConnection(connection, QStringLiteral("Refusing session request for not-read-only client %1: this "
                                                   "server is in read-only mode")
                                        .arg(connection.peer.toString()));
        return;
    }
    const qint64 now = m_clock.monotonicMs();
    std::int64_t sessionId = request.sessionId;
    if (sessionId == 0) {
        if (!m_config.localSessionsEnabled) {
            // Creating a global session is a write: Apache ZooKeeper 3.8 answers with a bare
            // NotReadOnly reply header. With local sessions the read-only member opens one itself.
            sendReply(connection, ReplyWriter(0, 0, ErrorCode::NotReadOnly).finish());
            closeConnection(connection, QStringLiteral("Refusing a new session from %1: this server is read-only "
                                                       "and local sessions are disabled")
                                            .arg(connection.peer.toString()));
            return;
        }
        sessionId = m_sessions->nextSessionId();
        m_sessions->add(sessionId, connection.negotiatedTimeoutMs, now);
        m_readOnlySessions.insert(sessionId);
    } else if (!m_readOnlySessions.contains(sessionId)) {
        // A global session cannot be revalidated without a leader: Apache ZooKeeper closes it.
        closeConnection(connection, QStringLiteral("Closing connection of global session %1: no leader to "
                                                   "revalidate it with")
                                        .arg(hex(sessionId)));
        return;
    } else if (request.passwd != SessionTracker::passwordFor(sessionId) ||
               !m_sessions->touch(sessionId, now, connection.negotiatedTimeoutMs)) {
        connection.sessionId = sessionId;
        sendConnectResponse(connection, false);
        closeConnection(connection, QStringLiteral("Invalid session %1 for client %2, probably expired")
                                        .arg(hex(sessionId), connection.peer.toString()));
        return;
    }
    connection.sessionId = sessionId;
    if (const ConnectionId previous = m_connectionBySession.value(sessionId); previous != 0 && previous != connection.id) {
        if (Connection *old = this->connection(previous))
            closeConnection(*old, {});
    }
    m_connectionBySession.insert(sessionId, connection.id);
    connection.handshakeDone = true;
    sendConnectResponse(connection, true);
    m_callbacks.logInfo(QStringLiteral("Established read-only session %1 with negotiated timeout %2 for client %3")
                            .arg(hex(sessionId))
                            .arg(connection.negotiatedTimeoutMs)
                            .arg(connection.peer.toString()));
}

void ZooKeeperService::sendConnectResponse(Connection &connection, bool valid)
{
    // An invalid session gets timeout 0, id 0 and a zero password, which clients read as Expired.
    QByteArray payload;
    proto::JuteWriter writer(payload);
    writer(proto::ConnectResponse{0, valid ? connection.negotiatedTimeoutMs : 0, valid ? connection.sessionId : 0,
                                  valid ? SessionTracker::passwordFor(connection.sessionId) : QByteArray(16, '\0')});
    if (connection.sentReadOnlyFlag)
        writer(m_mode == ServingMode::ReadOnly);
    m_callbacks.send(connection.id, frame(payload));
    ++m_statistics.packetsSent;
}

RequestContext ZooKeeperService::contextFor(const Connection &connection, std::int32_t cxid) const
{
    const std::int64_t owner = m_mode == ServingMode::Leader ? m_config.serverId : 0;
    return RequestContext{connection.sessionId, cxid, &connection.authIds, m_clock.wallMs(), owner,
                          isLocalSession(connection.sessionId)};
}

void ZooKeeperService::handleAuth(Connection &connection, std::int32_t xid, const QByteArray &body)
{
    proto::AuthPacket packet;
    const bool decoded = proto::deserialize(body, packet);
    const std::optional<AuthIds> ids =
        decoded ? authenticate(packet.scheme, packet.auth, connection.peer, m_config.superDigest,
                                connection.certificateIds)
                : std::nullopt;
    if (!ids) {
        ++m_authFailures;
        m_callbacks.logWarning(QStringLiteral("Authentication failed for scheme: %1 from %2")
                                   .arg(QString::fromUtf8(packet.scheme), connection.peer.toString()));
        sendReply(connection, ReplyWriter(xid, 0, ErrorCode::AuthFailed).finish());
        closeConnection(connection, {});
        return;
    }
    for (const proto::Id &id : *ids)
        addAuthId(connection, id);
    sendReply(connection, ReplyWriter(xid, 0, ErrorCode::Ok).finish());
}

void ZooKeeperService::addAuthId(Connection &connection, const proto::Id &id)
{
    if (std::find(connection.authIds.begin(), connection.authIds.end(), id) == connection.authIds.end())
        connection.authIds.push_back(id);
}

void ZooKeeperService::handleSasl(Connection &connection, std::int32_t xid, const QByteArray &body)
{
    proto::SaslToken token;
    if (!proto::deserialize(body, token) || token.token.isNull()) {
        // Apache ZooKeeper fails on a missing token before answering and drops the connection.
        closeConnection(connection, QStringLiteral("Closing connection from %1: SASL request without a token")
                                        .arg(connection.peer.toString()));
        return;
    }
    QString error;
    if (!connection.sasl)
        connection.sasl = m_saslAuthenticator->startExchange(&error);
    SaslStep step;
    if (connection.sasl)
        step = connection.sasl->step(token.token);
    else
        step.error = error;
    if (step.outcome == SaslStep::Outcome::Complete) {
        m_callbacks.logInfo(QStringLiteral("Session %1: adding SASL authorization for authorizationID: %2")
                                .arg(hex(connection.sessionId), QString::fromUtf8(step.authorizationId)));
        addAuthId(connection, {"sasl", step.authorizationId});
        if (m_config.sasl.superUsers.contains(step.authorizationId)) {
            addAuthId(connection, {"super", ""});
            m_callbacks.logInfo(QStringLiteral("Session %1: Authenticated Id '%2' as super user")
                                    .arg(hex(connection.sessionId), QString::fromUtf8(step.authorizationId)));
        }
    } else if (step.outcome == SaslStep::Outcome::Failed) {
        // The failed exchange stays: later tokens fail too, as with Apache ZooKeeper's SaslServer.
        m_callbacks.logWarning(QStringLiteral("Client %1 failed to SASL authenticate: %2")
                                   .arg(connection.peer.toString(), step.error));
        if (!m_config.sasl.allowFailedClients || m_config.sasl.saslAuthRequired()) {
            const ErrorCode code =
                m_config.sasl.saslAuthRequired() ? ErrorCode::SessionClosedRequireSaslAuth : ErrorCode::AuthFailed;
            // As Apache ZooKeeper: the error with a null token, then the connection closes; the
            // session itself lives on until it expires.
            sendReply(connection, ReplyWriter(xid, 0, code).body(proto::SaslToken{QByteArray()}).finish());
            closeConnection(connection, QStringLiteral("Closing client connection %1 due to SASL authentication "
                                                       "failure")
                                            .arg(connection.peer.toString()));
            return;
        }
        m_callbacks.logWarning(QStringLiteral("Maintaining client connection despite SASL authentication failure."));
        step.token = QByteArray();
    }
    sendReply(connection, ReplyWriter(xid, 0, ErrorCode::Ok).body(proto::SaslToken{step.token}).finish());
}

bool ZooKeeperService::enforceAuthentication(Connection &connection, std::int32_t xid)
{
    if (!m_config.sasl.enforceAuthEnabled)
        return true;
    for (const proto::Id &id : connection.authIds) {
        if (m_config.sasl.enforceAuthSchemes.contains(id.scheme))
            return true;
    }
    QStringList schemes;
    for (const proto::Id &id : connection.authIds)
        schemes.append(QString::fromUtf8(id.scheme));
    QStringList expected;
    for (const QByteArray &scheme : std::as_const(m_config.sasl.enforceAuthSchemes))
        expected.append(QString::fromUtf8(scheme));
    std::sort(expected.begin(), expected.end());
    sendReply(connection, ReplyWriter(xid, 0, ErrorCode::SessionClosedRequireSaslAuth).finish());
    closeConnection(connection, QStringLiteral("Client authentication scheme(s) [%1] does not match with any of the "
                                               "expected authentication scheme [%2], closing session.")
                                    .arg(schemes.join(QStringLiteral(", ")), expected.join(QStringLiteral(", "))));
    return false;
}

void ZooKeeperService::handleRequest(Connection &connection, const QByteArray &packet)
{
    proto::JuteReader reader(packet);
    proto::RequestHeader header;
    reader(header);
    if (reader.failed()) {
        closeConnection(connection, QStringLiteral("Closing connection from %1: malformed request header")
                                        .arg(connection.peer.toString()));
        return;
    }
    const QByteArray body = packet.mid(8);
    const bool localSession = isLocalSession(connection.sessionId);
    if (localSession) {
        m_localSessions->touch(connection.sessionId, m_clock.monotonicMs(), connection.negotiatedTimeoutMs);
    } else {
        m_sessions->touch(connection.sessionId, m_clock.monotonicMs(), connection.negotiatedTimeoutMs);
        if (isLearner())
            m_touchedSessions.insert(connection.sessionId, connection.negotiatedTimeoutMs);
    }

    if (header.type == OpCode::Auth) {
        handleAuth(connection, header.xid, body);
        return;
    }
    if (header.type == OpCode::Sasl && m_saslAuthenticator) {
        // Answered at once, as Apache ZooKeeper's processSasl does; clients send nothing else meanwhile.
        handleSasl(connection, header.xid, body);
        return;
    }
    if (!enforceAuthentication(connection, header.xid))
        return;
    if (!isKnownRequest(header.type)) {
        m_callbacks.logWarning(QStringLiteral("Received packet of unknown type %1 from %2")
                                   .arg(header.type)
                                   .arg(connection.peer.toString()));
        sendReply(connection, ReplyWriter(header.xid, -1, ErrorCode::Unimplemented).finish());
        closeConnection(connection, {});
        return;
    }

    PendingRequest request{header.xid, header.type, body, isWriteRequest(header.type), false, {}, m_clock.monotonicMs()};
    connection.statistics.lastCxid = header.xid;
    connection.statistics.lastOperation = proto::opCodeName(header.type);
    if (m_mode == ServingMode::ReadOnly && (request.isWrite || header.type == OpCode::Sync)) {
        if (header.type == OpCode::CloseSession) {
            // A read-only session is this member's own: it ends here, without a transaction.
            sendReply(connection, ReplyWriter(header.xid, m_tree.lastProcessedZxid(), ErrorCode::Ok).finish());
            m_sessions->remove(connection.sessionId);
            closeConnection(connection, {});
            return;
        }
        sendReply(connection, ReplyWriter(header.xid, m_tree.lastProcessedZxid(), ErrorCode::NotReadOnly).finish());
        return;
    }
    if (localSession && header.type == OpCode::CloseSession) {
        // A local session ends here, without a transaction.
        sendReply(connection, ReplyWriter(header.xid, m_tree.lastProcessedZxid(), ErrorCode::Ok).finish());
        m_localSessions->remove(connection.sessionId);
        m_connectionBySession.remove(connection.sessionId);
        closeConnection(connection, {});
        return;
    }
    if (localSession && createsEphemeralNode(header.type, body)) {
        if (!m_config.localSessionsUpgradingEnabled) {
            sendReply(connection, ReplyWriter(header.xid, m_tree.lastProcessedZxid(), ErrorCode::EphemeralOnLocalSession).finish());
            return;
        }
        upgradeLocalSession(connection);
    }
    if (isLearner() && (request.isWrite || header.type == OpCode::Sync)) {
        // Writes, and syncs, wait for the leader: their replies keep this connection's order.
        request.isWrite = true;
        connection.pending.push_back(std::move(request));
        forwardWrite(connection, header.xid, header.type, body);
        return;
    }
    if (!request.isWrite) {
        if (connection.pending.empty()) {
            QByteArray reply = processRead(connection, request);
            if (!reply.isEmpty())
                sendReply(connection, reply);
            recordLatency(connection, request.receivedAtMs);
        } else {
            connection.pending.push_back(std::move(request));
        }
        return;
    }

    const RequestContext context = contextFor(connection, header.xid);
    proto::Transaction transaction;
    if (header.type == OpCode::CloseSession) {
        m_sessions->setClosing(connection.sessionId);
        transaction = m_preparer->prepareCloseSession(context, nextZxid());
    } else {
        m_preparer->prepare(header.type, body, context, nextZxid(), transaction);
    }
    const ConnectionId id = connection.id;
    connection.pending.push_back(std::move(request));
    submit(std::move(transaction), id, true);
}

void ZooKeeperService::submit(proto::Transaction transaction, ConnectionId connection, bool expectsReply,
                              bool isConnect)
{
    m_prepared.push_back({std::move(transaction), connection, expectsReply, isConnect});
    if (m_persistence)
        m_persistence->append(m_prepared.back().transaction);
    else
        transactionsDurable(m_prepared.back().transaction.header.zxid);
}

void ZooKeeperService::transactionsDurable(std::int64_t zxid)
{
    while (!m_prepared.empty() && m_prepared.front().transaction.header.zxid <= zxid) {
        PreparedWrite prepared = std::move(m_prepared.front());
        m_prepared.pop_front();
        applyPrepared(prepared);
    }
}

void ZooKeeperService::applyPrepared(PreparedWrite &prepared)
{
    const proto::Transaction &transaction = prepared.transaction;
    std::vector<tree::Notification> notifications;
    const tree::ApplyResult result = m_tree.apply(transaction, notifications);
    m_preparer->applied(transaction.header.zxid);
    if (m_appliedObserver)
        m_appliedObserver();
    // Watch events go out before the reply that shows the change.
    deliver(notifications);

    const std::int64_t sessionId = transaction.header.clientId;
    if (transaction.header.type == OpCode::CloseSession) {
        m_sessions->remove(sessionId);
        m_callbacks.logInfo(QStringLiteral("Session %1 closed").arg(hex(sessionId)));
    }

    Connection *target = connection(prepared.connection);
    if (prepared.isConnect) {
        if (!target)
            return;
        target->connectPending = false;
        target->handshakeDone = true;
        sendConnectResponse(*target, true);
        if (!target->buffer.isEmpty())
            dataReceived(target->id, nullptr, 0); // the requests that came behind the connect request
        return;
    }
    if (transaction.header.type == OpCode::CloseSession) {
        // The session's connection goes away after its last reply.
        const ConnectionId sessionConnection = m_connectionBySession.value(sessionId);
        if (target && prepared.expectsReply)
            replyToWrite(*target, transaction, result);
        if (Connection *owner = connection(sessionConnection))
            closeConnection(*owner, {});
        else if (Connection *requester = connection(prepared.connection))
            closeConnection(*requester, {});
        m_connectionBySession.remove(sessionId);
        return;
    }
    if (target && prepared.expectsReply)
        replyToWrite(*target, transaction, result);
}

void ZooKeeperService::replyToWrite(Connection &connection, const proto::Transaction &transaction,
                                    const tree::ApplyResult &result, std::optional<std::int32_t> xid)
{
    // The oldest unanswered write of this connection is the one this transaction answers (a
    // learner names it by xid, as its forwarded syncs wait in the same queue).
    auto request = std::find_if(connection.pending.begin(), connection.pending.end(), [&](const PendingRequest &pending) {
        return pending.isWrite && !pending.replied && (!xid || pending.xid == *xid);
    });
    if (request == connection.pending.end())
        return;
    if (transaction.header.type == OpCode::Error && result.err == ErrorCode::SessionMoved) {
        // As ZooKeeper's FinalRequestProcessor: a moved session is a connection-level error.
        closeConnection(connection, QStringLiteral("Closing connection of session %1: the session moved to another "
                                                   "server")
                                        .arg(hex(transaction.header.clientId)));
        return;
    }
    const std::int64_t zxid = transaction.header.zxid;
    QByteArray reply;
    if (transaction.header.type == OpCode::Error) {
        reply = ReplyWriter(request->xid, zxid, result.err).finish();
    } else if (transaction.header.type == OpCode::Multi) {
        ReplyWriter writer(request->xid, zxid, ErrorCode::Ok);
        for (const tree::ApplyResult &sub : result.multi) {
            switch (sub.type) {
            case OpCode::Create:
                writer.body(proto::MultiHeader{OpCode::Create, false, 0}).body(proto::CreateResponse{sub.path});
                break;
            case OpCode::Create2:
            case OpCode::CreateTtl:
            case OpCode::CreateContainer:
                writer.body(proto::MultiHeader{OpCode::Create2, false, 0})
                    .body(proto::Create2Response{sub.path, sub.stat});
                break;
            case OpCode::Delete:
            case OpCode::DeleteContainer:
                writer.body(proto::MultiHeader{OpCode::Delete, false, 0});
                break;
            case OpCode::Check:
                writer.body(proto::MultiHeader{OpCode::Check, false, 0});
                break;
            case OpCode::SetData:
                writer.body(proto::MultiHeader{OpCode::SetData, false, 0}).body(proto::SetDataResponse{sub.stat});
                break;
            default:
                writer.body(proto::MultiHeader{OpCode::Error, false, std::int32_t(sub.err)})
                    .body(proto::ErrorResponse{std::int32_t(sub.err)});
                break;
            }
        }
        writer.body(proto::MultiHeader{-1, true, -1});
        reply = writer.finish();
    } else {
        ReplyWriter writer(request->xid, zxid, result.err);
        if (result.err == ErrorCode::Ok) {
            switch (transaction.header.type) {
            case OpCode::Create:
                writer.body(proto::CreateResponse{result.path});
                break;
            case OpCode::Create2:
            case OpCode::CreateTtl:
            case OpCode::CreateContainer:
                writer.body(proto::Create2Response{result.path, result.stat});
                break;
            case OpCode::SetData:
                writer.body(proto::SetDataResponse{result.stat});
                break;
            case OpCode::Reconfig:
                if (const auto *txn = std::get_if<proto::SetDataTxn>(&transaction.body))
                    writer.body(proto::GetDataResponse{txn->data, result.stat});
                break;
            case OpCode::SetAcl:
                writer.body(proto::SetAclResponse{result.stat});
                break;
            default:
                break;
            }
        }
        reply = writer.finish();
    }
    connection.statistics.lastZxid = zxid;
    request->replied = true;
    request->reply = std::move(reply);
    flushReplies(connection);
}

void ZooKeeperService::flushReplies(Connection &connection)
{
    const ConnectionId id = connection.id;
    while (true) {
        Connection *target = this->connection(id);
        if (!target)
            return;
        if (target->inputPaused && qsizetype(target->pending.size()) < m_config.maxOutstandingPerConnection) {
            target->inputPaused = false;
            dataReceived(id, nullptr, 0); // parse what was held back
            if (m_callbacks.resumeInput)
                m_callbacks.resumeInput(id);
            continue;
        }
        if (target->pending.empty())
            return;
        PendingRequest &head = target->pending.front();
        if (head.isWrite && !head.replied)
            return;
        QByteArray reply = head.isWrite ? std::move(head.reply) : processRead(*target, head);
        const qint64 receivedAt = head.receivedAtMs;
        target->pending.pop_front();
        recordLatency(*target, receivedAt);
        if (!reply.isEmpty())
            sendReply(*target, reply);
    }
}

void ZooKeeperService::recordLatency(Connection &connection, qint64 receivedAtMs)
{
    const qint64 latency = m_clock.monotonicMs() - receivedAtMs;
    m_statistics.latency.record(latency);
    connection.statistics.latency.record(latency);
    connection.statistics.lastLatencyMs = latency;
}

void ZooKeeperService::sendReply(Connection &connection, const QByteArray &framed)
{
    ++m_statistics.packetsSent;
    ++connection.statistics.packetsSent;
    connection.statistics.lastResponseAtMs = m_clock.wallMs();
    m_callbacks.send(connection.id, framed);
}

void ZooKeeperService::deliver(const std::vector<tree::Notification> &notifications)
{
    for (const tree::Notification &notification : notifications) {
        Connection *target = connection(notification.watcher);
        if (!target)
            continue;
        if (notification.acl && !isPermitted(*notification.acl, Permission::Read, target->authIds))
            continue;
        sendReply(*target,
                  ReplyWriter(Xid::Notification, -1, ErrorCode::Ok).body(notification.event).finish());
    }
}

QByteArray ZooKeeperService::processRead(Connection &connection, const PendingRequest &request)
{
    const std::int32_t xid = request.xid;
    const std::int64_t zxid = m_tree.lastProcessedZxid();
    auto error = [&](ErrorCode code) { return ReplyWriter(xid, zxid, code).finish(); };
    if (!m_sessions->isActive(connection.sessionId) && !isLocalSession(connection.sessionId))
        return error(ErrorCode::SessionExpired);
    const AuthIds &ids = connection.authIds;

    switch (request.type) {
    case OpCode::Ping:
        return ReplyWriter(Xid::Ping, zxid, ErrorCode::Ok).finish();
    case OpCode::Exists: {
        proto::ExistsRequest exists;
        if (!proto::deserialize(request.body, exists))
            return error(ErrorCode::MarshallingError);
        if (exists.path.contains('\0'))
            return error(ErrorCode::BadArguments);
        if (exists.watch)
            m_tree.dataWatches().addWatch(exists.path, connection.id, tree::WatchMode::Standard);
        const tree::DataNode *node = m_tree.find(exists.path);
        if (!node)
            return error(ErrorCode::NoNode);
        return ReplyWriter(xid, zxid, ErrorCode::Ok).body(proto::ExistsResponse{m_tree.exposedStat(*node)}).finish();
    }
    case OpCode::GetData: {
        proto::GetDataRequest get;
        if (!proto::deserialize(request.body, get))
            return error(ErrorCode::MarshallingError);
        const tree::DataNode *node = m_tree.find(get.path);
        if (!node)
            return error(ErrorCode::NoNode);
        if (!isPermitted(m_tree.aclOf(*node), Permission::Read, ids))
            return error(ErrorCode::NoAuth);
        if (get.watch)
            m_tree.dataWatches().addWatch(get.path, connection.id, tree::WatchMode::Standard);
        return ReplyWriter(xid, zxid, ErrorCode::Ok)
            .body(proto::GetDataResponse{node->data(), m_tree.exposedStat(*node)})
            .finish();
    }
    case OpCode::GetChildren:
    case OpCode::GetChildren2: {
        proto::GetChildrenRequest get;
        if (!proto::deserialize(request.body, get))
            return error(ErrorCode::MarshallingError);
        const tree::DataNode *node = m_tree.find(get.path);
        if (!node)
            return error(ErrorCode::NoNode);
        if (!isPermitted(m_tree.aclOf(*node), Permission::Read, ids))
            return error(ErrorCode::NoAuth);
        if (get.watch)
            m_tree.childWatches().addWatch(get.path, connection.id, tree::WatchMode::Standard);
        if (request.type == OpCode::GetChildren)
            return ReplyWriter(xid, zxid, ErrorCode::Ok).body(proto::GetChildrenResponse{childrenOf(*node)}).finish();
        return ReplyWriter(xid, zxid, ErrorCode::Ok)
            .body(proto::GetChildren2Response{childrenOf(*node), m_tree.exposedStat(*node)})
            .finish();
    }
    case OpCode::GetAcl: {
        proto::GetAclRequest get;
        if (!proto::deserialize(request.body, get))
            return error(ErrorCode::MarshallingError);
        const tree::DataNode *node = m_tree.find(get.path);
        if (!node)
            return error(ErrorCode::NoNode);
        proto::AclList acl = m_tree.aclOf(*node);
        if (!isPermitted(acl, Permission::Read | Permission::Admin, ids))
            return error(ErrorCode::NoAuth);
        // Without ADMIN, digest hashes are masked (ZooKeeper's fix for CVE-2019-0201 follow-up).
        if (!isPermitted(acl, Permission::Admin, ids)) {
            for (proto::Acl &entry : acl) {
                if (entry.id.scheme == "digest") {
                    const qsizetype colon = entry.id.id.indexOf(':');
                    entry.id.id = (colon < 0 ? entry.id.id : entry.id.id.left(colon)) + ":x";
                }
            }
        }
        return ReplyWriter(xid, zxid, ErrorCode::Ok).body(proto::GetAclResponse{acl, m_tree.exposedStat(*node)}).finish();
    }
    case OpCode::GetAllChildrenNumber: {
        proto::GetAllChildrenNumberRequest get;
        if (!proto::deserialize(request.body, get))
            return error(ErrorCode::MarshallingError);
        const tree::DataNode *node = m_tree.find(get.path);
        if (!node)
            return error(ErrorCode::NoNode);
        if (!isPermitted(m_tree.aclOf(*node), Permission::Read, ids))
            return error(ErrorCode::NoAuth);
        return ReplyWriter(xid, zxid, ErrorCode::Ok)
            .body(proto::GetAllChildrenNumberResponse{m_tree.allChildrenNumber(get.path)})
            .finish();
    }
    case OpCode::GetEphemerals: {
        proto::GetEphemeralsRequest get;
        if (!proto::deserialize(request.body, get))
            return error(ErrorCode::MarshallingError);
        const QSet<QByteArray> owned = m_tree.ephemeralsOf(connection.sessionId);
        std::vector<QByteArray> paths;
        for (const QByteArray &path : owned) {
            if (get.path.isEmpty() || get.path == "/" || path.startsWith(get.path))
                paths.push_back(path);
        }
        return ReplyWriter(xid, zxid, ErrorCode::Ok).body(proto::GetEphemeralsResponse{paths}).finish();
    }
    case OpCode::Sync: {
        proto::SyncRequest sync;
        if (!proto::deserialize(request.body, sync))
            return error(ErrorCode::MarshallingError);
        return ReplyWriter(xid, zxid, ErrorCode::Ok).body(proto::SyncResponse{sync.path}).finish();
    }
    case OpCode::CheckWatches:
    case OpCode::RemoveWatches: {
        proto::CheckWatchesRequest check;
        if (!proto::deserialize(request.body, check))
            return error(ErrorCode::MarshallingError);
        // Apache ZooKeeper 3.8.0 knows only Children, Data and Any here; others fail to decode.
        if (check.mode != proto::WatcherType::Children && check.mode != proto::WatcherType::Data && check.mode != proto::WatcherType::Any)
            return error(ErrorCode::MarshallingError);
        const bool remove = request.type == OpCode::RemoveWatches;
        bool found = false;
        // Apache ZooKeeper 3.8's checkWatches answers whether *any* watch is set on the path
        // ("at the leaf node, all watcher types match"); removeWatches removes only the caller's.
        if (check.mode == proto::WatcherType::Children || check.mode == proto::WatcherType::Any) {
            found |= remove ? m_tree.childWatches().remove(check.path, connection.id)
                            : m_tree.childWatches().hasWatches(check.path);
        }
        if (check.mode == proto::WatcherType::Data || check.mode == proto::WatcherType::Any) {
            found |= remove ? m_tree.dataWatches().remove(check.path, connection.id)
                            : m_tree.dataWatches().hasWatches(check.path);
        }
        return error(found ? ErrorCode::Ok : ErrorCode::NoWatcher);
    }
    case OpCode::AddWatch: {
        proto::AddWatchRequest add;
        if (!proto::deserialize(request.body, add))
            return error(ErrorCode::MarshallingError);
        if (add.mode == proto::AddWatchMode::Persistent) {
            m_tree.dataWatches().addWatch(add.path, connection.id, tree::WatchMode::Persistent);
            m_tree.childWatches().addWatch(add.path, connection.id, tree::WatchMode::Persistent);
        } else if (add.mode == proto::AddWatchMode::PersistentRecursive) {
            // Apache ZooKeeper 3.8 puts recursive watches in both tables; the child table never
            // fires NodeChildrenChanged for them, but removeWatches(Children) can remove them.
            m_tree.dataWatches().addWatch(add.path, connection.id, tree::WatchMode::PersistentRecursive);
            m_tree.childWatches().addWatch(add.path, connection.id, tree::WatchMode::PersistentRecursive);
        } else {
            return error(ErrorCode::MarshallingError);
        }
        return ReplyWriter(xid, zxid, ErrorCode::Ok).body(proto::ErrorResponse{0}).finish();
    }
    case OpCode::WhoAmI: {
        proto::WhoAmIResponse response;
        for (const proto::Id &id : ids)
            response.clientInfo.push_back({id.scheme, userNameOf(id)});
        return ReplyWriter(xid, zxid, ErrorCode::Ok).body(response).finish();
    }
    case OpCode::SetWatches:
    case OpCode::SetWatches2: {
        proto::SetWatches2 watches;
        proto::JuteReader reader(request.body);
        if (request.type == OpCode::SetWatches) {
            proto::SetWatches legacy;
            reader(legacy);
            watches = {legacy.relativeZxid, legacy.dataWatches, legacy.existWatches, legacy.childWatches, {}, {}};
        } else {
            reader(watches);
        }
        if (reader.failed())
            return error(ErrorCode::MarshallingError);
        // Re-registers a reconnecting client's watches, firing at once what it missed meanwhile.
        std::vector<tree::Notification> missed;
        auto fire = [&](std::int32_t type, const QByteArray &path) {
            missed.push_back({connection.id, {type, proto::KeeperState::SyncConnected, path}, nullptr});
        };
        for (const QByteArray &path : watches.dataWatches) {
            const tree::DataNode *node = m_tree.find(path);
            if (!node)
                fire(proto::EventType::NodeDeleted, path);
            else if (node->stat().mzxid > watches.relativeZxid)
                fire(proto::EventType::NodeDataChanged, path);
            else
                m_tree.dataWatches().addWatch(path, connection.id, tree::WatchMode::Standard);
        }
        for (const QByteArray &path : watches.existWatches) {
            if (m_tree.find(path))
                fire(proto::EventType::NodeCreated, path);
            else
                m_tree.dataWatches().addWatch(path, connection.id, tree::WatchMode::Standard);
        }
        for (const QByteArray &path : watches.childWatches) {
            const tree::DataNode *node = m_tree.find(path);
            if (!node)
                fire(proto::EventType::NodeDeleted, path);
            else if (node->stat().pzxid > watches.relativeZxid)
                fire(proto::EventType::NodeChildrenChanged, path);
            else
                m_tree.childWatches().addWatch(path, connection.id, tree::WatchMode::Standard);
        }
        for (const QByteArray &path : watches.persistentWatches) {
            m_tree.childWatches().addWatch(path, connection.id, tree::WatchMode::Persistent);
            m_tree.dataWatches().addWatch(path, connection.id, tree::WatchMode::Persistent);
        }
        for (const QByteArray &path : watches.persistentRecursiveWatches) {
            m_tree.dataWatches().addWatch(path, connection.id, tree::WatchMode::PersistentRecursive);
            m_tree.childWatches().addWatch(path, connection.id, tree::WatchMode::PersistentRecursive);
        }
        deliver(missed);
        return ReplyWriter(xid, zxid, ErrorCode::Ok).finish();
    }
    case OpCode::MultiRead: {
        proto::JuteReader reader(request.body);
        ReplyWriter writer(xid, zxid, ErrorCode::Ok);
        while (true) {
            proto::MultiHeader header;
            reader(header);
            if (reader.failed())
                return error(ErrorCode::MarshallingError);
            if (header.done)
                break;
            proto::PathWatchRequest get;
            reader(get);
            if (reader.failed() || (header.type != OpCode::GetChildren && header.type != OpCode::GetData))
                return error(ErrorCode::MarshallingError);
            const tree::DataNode *node = m_tree.find(get.path);
            ErrorCode code = ErrorCode::Ok;
            if (!node)
                code = ErrorCode::NoNode;
            else if (!isPermitted(m_tree.aclOf(*node), Permission::Read, ids))
                code = ErrorCode::NoAuth;
            // Apache ZooKeeper 3.8 rebuilds these ops without their watch flag: no watch is set.
            if (code != ErrorCode::Ok) {
                writer.body(proto::MultiHeader{OpCode::Error, false, std::int32_t(code)})
                    .body(proto::ErrorResponse{std::int32_t(code)});
            } else if (header.type == OpCode::GetChildren) {
                writer.body(proto::MultiHeader{OpCode::GetChildren, false, 0})
                    .body(proto::GetChildrenResponse{childrenOf(*node)});
            } else {
                writer.body(proto::MultiHeader{OpCode::GetData, false, 0})
                    .body(proto::GetDataResponse{node->data(), m_tree.exposedStat(*node)});
            }
        }
        writer.body(proto::MultiHeader{-1, true, -1});
        return writer.finish();
    }
    case OpCode::Sasl: {
        // Without a JAAS Server section, Apache ZooKeeper answers Ok with a null token and zxid 0;
        // a null token makes it drop the connection.
        proto::SaslToken token;
        if (!proto::deserialize(request.body, token) || token.token.isNull()) {
            closeConnection(connection, QStringLiteral("Closing connection from %1: SASL request without a token")
                                            .arg(connection.peer.toString()));
            return {};
        }
        return ReplyWriter(xid, 0, ErrorCode::Ok).body(proto::SaslToken{QByteArray()}).finish();
    }
    default:
        return error(ErrorCode::Unimplemented);
    }
}

void ZooKeeperService::tick()
{
    const qint64 now = m_clock.monotonicMs();
    if (m_mode == ServingMode::ReadOnly) {
        // Read-only sessions expire here, without a transaction: nothing can be written.
        for (const std::int64_t sessionId : m_sessions->takeExpired(now)) {
            m_sessions->remove(sessionId);
            if (Connection *owner = connection(m_connectionBySession.value(sessionId)))
                closeConnection(*owner, QStringLiteral("Read-only session %1 expired").arg(hex(sessionId)));
            m_connectionBySession.remove(sessionId);
        }
        return;
    }
    // Local sessions expire on the member that holds them, without a transaction.
    for (const std::int64_t sessionId : m_localSessions->takeExpired(now)) {
        m_localSessions->remove(sessionId);
        if (Connection *owner = connection(m_connectionBySession.value(sessionId)))
            closeConnection(*owner, QStringLiteral("Local session %1 expired").arg(hex(sessionId)));
        m_connectionBySession.remove(sessionId);
    }
    // Only the leader (or a standalone server) expires sessions and deletes containers.
    if (m_mode != ServingMode::Standalone && m_mode != ServingMode::Leader)
        return;
    for (const std::int64_t sessionId : m_sessions->takeExpired(now))
        expireSession(sessionId);
    if (now - m_lastContainerCheckMs >= m_config.containerCheckIntervalMs) {
        m_lastContainerCheckMs = now;
        deleteDueContainers();
    }
}

void ZooKeeperService::expireSession(std::int64_t sessionId)
{
    const Session *session = m_sessions->find(sessionId);
    m_callbacks.logInfo(QStringLiteral("Expiring session %1, timeout of %2ms exceeded")
                            .arg(hex(sessionId))
                            .arg(session ? session->timeoutMs : 0));
    RequestContext context{sessionId, 0, nullptr, m_clock.wallMs()};
    submit(m_preparer->prepareCloseSession(context, nextZxid()), 0, false);
}

void ZooKeeperService::deleteDueContainers()
{
    // ZooKeeper's ContainerManager: empty containers that once had children, and empty TTL
    // nodes not modified within their TTL, are deleted by a server-issued deleteContainer.
    std::vector<QByteArray> candidates;
    for (const QByteArray &path : m_tree.containers()) {
        const tree::DataNode *node = m_tree.find(path);
        if (node && node->childCount() == 0 && node->stat().cversion > 0)
            candidates.push_back(path);
    }
    const qint64 now = m_clock.wallMs();
    for (const QByteArray &path : m_tree.ttlNodes()) {
        const tree::DataNode *node = m_tree.find(path);
        if (!node || node->childCount() != 0)
            continue;
        const std::int64_t ttl = tree::EphemeralOwner::ttlOf(node->stat().ephemeralOwner);
        if (ttl != 0 && now - node->stat().mtime > ttl)
            candidates.push_back(path);
    }
    std::sort(candidates.begin(), candidates.end());
    for (const QByteArray &path : candidates) {
        proto::Transaction transaction;
        m_preparer->prepare(OpCode::DeleteContainer, proto::serialize(proto::DeleteContainerRequest{path}),
                            RequestContext{0, 0, nullptr, now}, nextZxid(), transaction);
        submit(std::move(transaction), 0, false);
    }
}

} // namespace zooscope::server

namespace zooscope::server {

// ---- Ensemble membership

void ZooKeeperService::setReconfigPlanner(ReconfigPlanner planner)
{
    m_reconfigPlanner = std::move(planner);
    m_preparer->setReconfigPlanner(m_reconfigPlanner);
}

void ZooKeeperService::setServingMode(ServingMode mode, std::int64_t epoch)
{
    const ServingMode previous = m_mode;
    m_mode = mode;
    if (previous != mode || mode == ServingMode::Leader) {
        // Clients of the old role reconnect (to us or another member) and resend what was unanswered.
        const QList<ConnectionId> ids = m_connections.keys();
        for (const ConnectionId id : ids) {
            if (Connection *open = connection(id))
                closeConnection(*open, {});
        }
        m_prepared.clear();
        m_preparer = std::make_unique<RequestPreparer>(m_tree, *m_sessions, m_config);
        m_preparer->setReconfigPlanner(m_reconfigPlanner);
        m_touchedSessions.clear();
        // Read-only and local sessions were this member's alone: they end with its role, as in ZooKeeper
        // (a new role has a new session tracker).
        for (const std::int64_t sessionId : std::as_const(m_readOnlySessions))
            m_sessions->remove(sessionId);
        m_readOnlySessions.clear();
        m_localSessions = std::make_unique<SessionTracker>(m_config.sessionIdPrefix, m_clock.wallMs(), m_config.tickTimeMs);
    }
    if (mode == ServingMode::Leader) {
        setLastZxid(std::int64_t(quint64(epoch) << 32));
        m_leadershipZxid = std::int64_t(quint64(epoch) << 32);
        const qint64 now = m_clock.monotonicMs();
        for (const Session &session : m_sessions->sessions())
            m_sessions->touch(session.id, now, session.timeoutMs);
    }
    m_callbacks.logInfo(QStringLiteral("Serving mode: %1").arg(QLatin1String(servingModeName(mode))));
}

bool ZooKeeperService::isNextPrepared(std::int64_t zxid) const
{
    return !m_prepared.empty() && m_prepared.front().transaction.header.zxid == zxid;
}

void ZooKeeperService::forwardWrite(Connection &connection, std::int32_t xid, std::int32_t type, const QByteArray &body)
{
    const ForwardedRequest forwarded{connection.sessionId, xid, type, connection.negotiatedTimeoutMs, body,
                                     connection.authIds};
    const auto &forward = type == OpCode::Sync ? m_leaderLink.forwardSync : m_leaderLink.forwardRequest;
    if (!forward || !forward(proto::serialize(forwarded)))
        closeConnection(connection, QStringLiteral("Closing connection from %1: the leader cannot be reached")
                                        .arg(connection.peer.toString()));
}

void ZooKeeperService::applyCommitted(const proto::Transaction &transaction)
{
    if (transaction.header.zxid <= m_tree.lastProcessedZxid())
        return;
    std::vector<tree::Notification> notifications;
    const tree::ApplyResult result = m_tree.apply(transaction, notifications);
    m_preparer->applied(transaction.header.zxid);
    if (m_nextZxid <= transaction.header.zxid)
        m_nextZxid = transaction.header.zxid + 1;
    if (m_appliedObserver)
        m_appliedObserver();
    deliver(notifications);

    const std::int64_t sessionId = transaction.header.clientId;
    if (transaction.header.type == OpCode::CreateSession) {
        if (const auto *created = std::get_if<proto::CreateSessionTxn>(&transaction.body); created && !m_sessions->find(sessionId))
            m_sessions->add(sessionId, created->timeOut, m_clock.monotonicMs());
    } else if (transaction.header.type == OpCode::CloseSession) {
        m_sessions->remove(sessionId);
    }
    Connection *owner = connection(m_connectionBySession.value(sessionId));
    if (owner)
        answerForwarded(*owner, transaction, result);
}

void ZooKeeperService::answerForwarded(Connection &connection, const proto::Transaction &transaction,
                                       const tree::ApplyResult &result)
{
    const std::int64_t sessionId = transaction.header.clientId;
    switch (transaction.header.type) {
    case OpCode::CreateSession:
        if (connection.connectPending) {
            connection.connectPending = false;
            connection.handshakeDone = true;
            sendConnectResponse(connection, true);
            m_callbacks.logInfo(QStringLiteral("Established session %1 with negotiated timeout %2 for client %3")
                                    .arg(hex(sessionId))
                                    .arg(connection.negotiatedTimeoutMs)
                                    .arg(connection.peer.toString()));
            if (!connection.buffer.isEmpty())
                dataReceived(connection.id, nullptr, 0); // the requests that came behind the connect request
        }
        return;
    case OpCode::CloseSession: {
        // Closed by its client, or expired by the leader: either way the connection goes.
        const ConnectionId id = connection.id;
        replyToWrite(connection, transaction, result, transaction.header.cxid);
        if (Connection *still = this->connection(id))
            closeConnection(*still, {});
        m_connectionBySession.remove(sessionId);
        return;
    }
    default:
        replyToWrite(connection, transaction, result, transaction.header.cxid);
        return;
    }
}

void ZooKeeperService::submitForwarded(const QByteArray &request, std::int64_t fromMember)
{
    ForwardedRequest forwarded;
    if (!proto::deserialize(request, forwarded)) {
        m_callbacks.logWarning(QStringLiteral("Ignoring a malformed request forwarded by a learner"));
        return;
    }
    const qint64 now = m_clock.monotonicMs();
    const RequestContext context{forwarded.sessionId, forwarded.cxid, &forwarded.authIds, m_clock.wallMs(), fromMember};
    proto::Transaction transaction;
    switch (forwarded.type) {
    case RevalidateSession:
        m_sessions->touch(forwarded.sessionId, now, forwarded.timeoutMs);
        m_sessions->setOwner(forwarded.sessionId, fromMember);
        return;
    case OpCode::CreateSession:
        m_sessions->add(forwarded.sessionId, forwarded.timeoutMs, now);
        m_sessions->setOwner(forwarded.sessionId, fromMember);
        transaction = m_preparer->prepareCreateSession(context, nextZxid(), forwarded.timeoutMs);
        break;
    case OpCode::CloseSession:
        m_sessions->setClosing(forwarded.sessionId);
        transaction = m_preparer->prepareCloseSession(context, nextZxid());
        break;
    default:
        if (!isWriteRequest(forwarded.type))
            return;
        m_sessions->touch(forwarded.sessionId, now, forwarded.timeoutMs);
        m_preparer->prepare(forwarded.type, forwarded.body, context, nextZxid(), transaction);
        break;
    }
    submit(std::move(transaction), 0, false);
}

void ZooKeeperService::syncDone(const QByteArray &request)
{
    ForwardedRequest forwarded;
    if (!proto::deserialize(request, forwarded))
        return;
    Connection *owner = connection(m_connectionBySession.value(forwarded.sessionId));
    if (!owner)
        return;
    auto pending = std::find_if(owner->pending.begin(), owner->pending.end(), [&](const PendingRequest &candidate) {
        return candidate.isWrite && !candidate.replied && candidate.xid == forwarded.cxid && candidate.type == OpCode::Sync;
    });
    if (pending == owner->pending.end())
        return;
    proto::SyncRequest sync;
    proto::deserialize(forwarded.body, sync);
    pending->reply = ReplyWriter(forwarded.cxid, m_tree.lastProcessedZxid(), ErrorCode::Ok).body(proto::SyncResponse{sync.path}).finish();
    pending->replied = true;
    flushReplies(*owner);
}

QByteArray ZooKeeperService::takeTouchedSessions()
{
    SessionTouches touches;
    for (auto it = m_touchedSessions.cbegin(); it != m_touchedSessions.cend(); ++it)
        touches.touches.push_back({it.key(), it.value()});
    m_touchedSessions.clear();
    return proto::serialize(touches);
}

void ZooKeeperService::touchSessions(const QByteArray &touches)
{
    SessionTouches decoded;
    if (touches.isEmpty() || !proto::deserialize(touches, decoded))
        return;
    const qint64 now = m_clock.monotonicMs();
    for (const SessionTouch &touch : decoded.touches)
        m_sessions->touch(touch.sessionId, now, touch.timeoutMs);
}

} // namespace zooscope::server
