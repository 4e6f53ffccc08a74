#pragma once
// The client-facing ZooKeeper server as a sans-IO state machine: bytes in from a connection,
// bytes out to connections, a tick for time. Framing, sessions, the request pipeline (prepare ->
// persist -> apply -> reply, with per-session reply order), watches, ACLs and four-letter words.
// A driver (TcpServerDriver, or a test, or the fuzzer) owns the sockets and the clock.

#include "RequestPreparer.h"
#include "SaslAuthenticator.h"
#include "ServerConfig.h"
#include "ServerStatistics.h"
#include "SessionTracker.h"
#include "tree/DataTree.h"

#include <QHash>
#include <QHostAddress>

#include <deque>
#include <functional>
#include <memory>

namespace zooscope::server {

using ConnectionId = tree::WatcherId;

struct ServiceCallbacks
{
    std::function<void(ConnectionId, const QByteArray &)> send;
    std::function<void(ConnectionId)> close; // flush what was sent, then close
    std::function<void(const QString &)> logInfo;
    std::function<void(const QString &)> logWarning;
    // The connection went below its outstanding-request limit: read from it again (optional).
    std::function<void(ConnectionId)> resumeInput;
};

struct ServiceClock
{
    std::function<qint64()> wallMs;      // ctime/mtime, session ids
    std::function<qint64()> monotonicMs; // session expiry, TTLs are measured against wall time
};

// Where prepared transactions go before they are applied: the transaction log, or ZAB.
// It must eventually call ZooKeeperService::transactionsDurable in zxid order.
class TransactionPersistence
{
public:
    virtual ~TransactionPersistence() = default;
    virtual void append(const proto::Transaction &transaction) = 0;
};

// How this server takes part in its ensemble. Standalone and Leader prepare writes themselves;
// a Follower or Observer forwards them to its leader and applies what the leader commits;
// NotServing (looking for a leader) closes client connections and answers only four-letter words;
// ReadOnly (looking, with readonlymode.enabled) serves read-only sessions from what it has.
enum class ServingMode : std::uint8_t { Standalone, Leader, Follower, Observer, NotServing, ReadOnly };

const char *servingModeName(ServingMode mode);

// A learner's way to its leader (the quorum peer): false when the leader cannot be reached.
struct LeaderLink
{
    std::function<bool(const QByteArray &)> forwardRequest; // an encoded ForwardedRequest
    std::function<bool(const QByteArray &)> forwardSync;    // an encoded ForwardedRequest (type sync)
};

class ZooKeeperService
{
public:
    ZooKeeperService(ServerConfig config, ServiceCallbacks callbacks, ServiceClock clock);
    ~ZooKeeperService();

    void setPersistence(TransactionPersistence *persistence) { m_persistence = persistence; }
    // An ensemble member's leader turns reconfig requests into new configurations through this.
    void setReconfigPlanner(ReconfigPlanner planner);
    // SASL logins (opcode sasl): each connection gets its own exchange. Without an authenticator,
    // SASL requests get Apache ZooKeeper's answer of a server without a JAAS configuration.
    void setSaslAuthenticator(std::shared_ptr<SaslAuthenticator> authenticator)
    {
        m_saslAuthenticator = std::move(authenticator);
    }
    // Runs after every applied transaction (storage counts them to schedule snapshots).
    void setAppliedObserver(std::function<void()> observer) { m_appliedObserver = std::move(observer); }
    // Session id -> negotiated timeout, for snapshots.
    QHash<std::int64_t, std::int32_t> sessionTimeouts() const;
    // Re-creates sessions restored from disk; their expiry clocks start now.
    void restoreSessions(const QHash<std::int64_t, std::int32_t> &sessionTimeouts);

    // `certificateIds`: what a verified TLS client certificate proves (certificateAuthIds), empty otherwise.
    void connectionOpened(ConnectionId connection, const QHostAddress &peer, quint16 peerPort = 0,
                          const AuthIds &certificateIds = {});
    void dataReceived(ConnectionId connection, const char *data, qsizetype size);
    void connectionClosed(ConnectionId connection);
    // False while the connection has too many requests waiting: the driver should stop reading it
    // (TCP then pushes back on the client) until resumeInput is called.
    bool wantsInput(ConnectionId connection) const;
    // Expires sessions and deletes due containers and TTL nodes; call about every tickTime / 2.
    void tick();

    // Persistence reports that every transaction up to `zxid` is durable: apply and reply.
    void transactionsDurable(std::int64_t zxid);

    // ---- Ensemble membership (the quorum peer drives these)
    // Leaving a mode closes every client connection and forgets writes not yet committed. A new
    // leader numbers its transactions from epoch << 32 and restarts every session's expiry clock.
    void setServingMode(ServingMode mode, std::int64_t epoch = 0);
    ServingMode servingMode() const { return m_mode; }
    void setLeaderLink(LeaderLink link) { m_leaderLink = std::move(link); }
    // Whether `zxid` is the next write this server prepared itself (then transactionsDurable applies
    // it); otherwise the host applies a committed transaction with applyCommitted.
    bool isNextPrepared(std::int64_t zxid) const;
    // Applies a transaction committed elsewhere (a learner's commits, a sync, a fast-forward) and
    // answers the local client that sent it, if any.
    void applyCommitted(const proto::Transaction &transaction);
    // Leader: a request a learner forwarded (an encoded ForwardedRequest).
    void submitForwarded(const QByteArray &request, std::int64_t fromMember);
    // Learner: the leader answered a forwarded sync.
    void syncDone(const QByteArray &request);
    // Learner: the sessions touched since the last call (an encoded SessionTouches) / leader: apply them.
    QByteArray takeTouchedSessions();
    void touchSessions(const QByteArray &touches);

    const tree::DataTree &tree() const { return m_tree; }
    tree::DataTree &tree() { return m_tree; }
    const ServerConfig &config() const { return m_config; }
    const SessionTracker &sessions() const { return *m_sessions; }
    SessionTracker &sessions() { return *m_sessions; }
    std::int64_t lastZxid() const { return m_nextZxid - 1; }
    void setLastZxid(std::int64_t zxid) { m_nextZxid = zxid + 1; }
    // What srvr and stat call the server's zxid: a leader is at epoch << 32 before its first transaction,
    // as in ZooKeeper (its data tree takes the NEWLEADER zxid).
    std::int64_t reportedZxid() const
    {
        return m_mode == ServingMode::Leader ? std::max(m_tree.lastProcessedZxid(), m_leadershipZxid)
                                             : m_tree.lastProcessedZxid();
    }
    qsizetype connectionCount() const { return m_connections.size(); }
    const ServerStatistics &statistics() const { return m_statistics; }
    // Closes every session (shutdown): ephemerals are deleted through closeSession transactions.
    void closeAllSessions();

private:
    struct PendingRequest
    {
        std::int32_t xid = 0;
        std::int32_t type = 0;
        QByteArray body;
        bool isWrite = false;
        bool replied = false;
        QByteArray reply;
        qint64 receivedAtMs = 0;
    };
    struct Connection
    {
        ConnectionId id = 0;
        QHostAddress peer;
        quint16 peerPort = 0;
        QByteArray buffer;
        bool handshakeDone = false;
        bool connectPending = false;
        bool closing = false;
        bool sentReadOnlyFlag = false;
        std::int64_t sessionId = 0;
        std::int32_t negotiatedTimeoutMs = 0;
        AuthIds authIds;
        std::shared_ptr<SaslServerExchange> sasl; // the connection's SASL login, once it began
        AuthIds certificateIds;
        std::deque<PendingRequest> pending;
        bool inputPaused = false;
        bool parsing = false; // dataReceived is working through this connection's buffer
        ConnectionStatistics statistics;
    };
    // A prepared transaction waiting to become durable, and whom to answer once applied.
    struct PreparedWrite
    {
        proto::Transaction transaction;
        ConnectionId connection = 0;
        bool expectsReply = false;
        bool isConnect = false;
    };

    Connection *connection(ConnectionId id);
    void handlePacket(Connection &connection, const QByteArray &packet);
    void handleConnect(Connection &connection, const QByteArray &packet);
    void sendConnectResponse(Connection &connection, bool valid);
    void handleReadOnlyConnect(Connection &connection, const proto::ConnectRequest &request);
    void handleRequest(Connection &connection, const QByteArray &packet);
    bool handleFourLetterWord(Connection &connection, std::int32_t length);
    void handleAuth(Connection &connection, std::int32_t xid, const QByteArray &body);
    void handleSasl(Connection &connection, std::int32_t xid, const QByteArray &body);
    void addAuthId(Connection &connection, const proto::Id &id);
    // Apache ZooKeeper's enforce.auth: false after refusing the request and closing the connection.
    bool enforceAuthentication(Connection &connection, std::int32_t xid);
    void submit(proto::Transaction transaction, ConnectionId connection, bool expectsReply, bool isConnect = false);
    void applyPrepared(PreparedWrite &prepared);
    void replyToWrite(Connection &connection, const proto::Transaction &transaction, const tree::ApplyResult &result,
                      std::optional<std::int32_t> xid = std::nullopt);
    void flushReplies(Connection &connection);
    QByteArray processRead(Connection &connection, const PendingRequest &request);
    void deliver(const std::vector<tree::Notification> &notifications);
    void sendReply(Connection &connection, const QByteArray &framed);
    void recordLatency(Connection &connection, qint64 receivedAtMs);
    void closeConnection(Connection &connection, const QString &reason);
    void expireSession(std::int64_t sessionId);
    void deleteDueContainers();
    std::int64_t nextZxid() { return m_nextZxid++; }
    bool isLearner() const { return m_mode == ServingMode::Follower || m_mode == ServingMode::Observer; }
    bool opensLocalSessions() const { return m_config.localSessionsEnabled && (isLearner() || m_mode == ServingMode::Leader); }
    bool isLocalSession(std::int64_t sessionId) const { return m_localSessions->find(sessionId) != nullptr; }
    void openLocalSession(Connection &connection);
    void upgradeLocalSession(Connection &connection);
    void forwardWrite(Connection &connection, std::int32_t xid, std::int32_t type, const QByteArray &body);
    void answerForwarded(Connection &connection, const proto::Transaction &transaction, const tree::ApplyResult &result);
    void noteTouched(const Connection &connection);
    RequestContext contextFor(const Connection &connection, std::int32_t cxid) const;

    ServerConfig m_config;
    ServiceCallbacks m_callbacks;
    ServiceClock m_clock;
    tree::DataTree m_tree;
    std::unique_ptr<SessionTracker> m_sessions;
    std::unique_ptr<RequestPreparer> m_preparer;
    ReconfigPlanner m_reconfigPlanner; // kept for the preparer of every new leadership
    std::int64_t m_leadershipZxid = 0;  // epoch << 32 of the leadership this member holds
    TransactionPersistence *m_persistence = nullptr;
    std::shared_ptr<SaslAuthenticator> m_saslAuthenticator;
    std::function<void()> m_appliedObserver;
    QHash<ConnectionId, Connection> m_connections;
    QHash<std::int64_t, ConnectionId> m_connectionBySession;
    std::deque<PreparedWrite> m_prepared;
    std::int64_t m_nextZxid = 1;
    ServingMode m_mode = ServingMode::Standalone;
    LeaderLink m_leaderLink;
    QHash<std::int64_t, std::int32_t> m_touchedSessions; // learner: session -> timeout
    QSet<std::int64_t> m_readOnlySessions;               // opened locally in read-only mode
    // localSessionsEnabled: sessions this serving member opened itself; they end with its role.
    std::unique_ptr<SessionTracker> m_localSessions;
    qint64 m_lastContainerCheckMs = 0;
    qint64 m_startedAtMs = 0;
    qint64 m_authFailures = 0;
    ServerStatistics m_statistics;
    friend class FourLetterWords;
};

} // namespace zooscope::server
