#pragma once
// An asynchronous ZooKeeper client on Qt Network. It lives on the thread that creates it and never
// blocks it: every operation returns at once and reports through its callback, on this thread,
// exactly once (unless the client is destroyed first).
//
// Session life: open() connects to one server of the connect string after another (shuffled),
// creates or resumes the session, keeps it alive with pings at a third of the negotiated timeout,
// and after losing a connection resumes the same session on the next server, re-sending the
// digest credentials and re-registering every watch (setWatches, relative to the last zxid seen).
// A server that answers the resumption with timeout 0 ends the session: state Expired, final.
//
// Requests issued while connecting wait for the session; as in the Java client, whatever is
// unanswered or unsent when a connection (or connection attempt) fails ends with ConnectionLoss.
// After Expired, Closed or AuthFailed, requests end with SessionExpired / AuthFailed.
//
// Watches: reads with Watch::Yes leave one-time watches, addWatch persistent ones; each event
// comes once through watchEvent(), with its path below the chroot. There are no per-call
// watcher objects: interested code filters watchEvent() by path.

#include "ClientTls.h"
#include "ClientTypes.h"
#include "ConnectString.h"
#include "FrameDecoder.h"
#include "WatchEvent.h"
#include "WatchRegistry.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>

class QTcpSocket;

namespace zooscope::client {
class SaslDigestClient;
}

namespace zooscope::proto {
class JuteReader;
}

namespace zooscope::client {

struct ClientOptions
{
    int sessionTimeoutMs = 30000;           // requested; the server clamps it to its min/max
    bool readOnly = false;                  // accept a read-only server (ConnectRequest.readOnly)
    bool shuffleHosts = true;               // try servers in random order, as the Java client
    std::int64_t sessionId = 0;             // resume this session instead of creating one
    QByteArray sessionPassword;             // the password of sessionId
    int connectTimeoutMs = 0;               // per attempt (TCP + handshake); 0: sessionTimeout / servers
    int reconnectDelayMs = 0;               // pause after losing a live connection before reconnecting
    int maxReconnectBackoffMs = 1000;       // pause cap while every server keeps failing
    int closeTimeoutMs = 2000;              // how long close() waits for the closeSession reply
    std::int32_t maxPacketLength = 0xfffff; // jute.maxbuffer for replies; raise it for huge child lists
    // Replies to getData/getChildren at least this big are decoded on a worker thread (0: never), so
    // a child list of 200,000 names does not stall the caller's event loop; replies still arrive in order.
    qsizetype backgroundDecodeBytes = 256 * 1024;
    // SASL DIGEST-MD5 login after every session handshake (as the Java client with a JAAS Client
    // section, or kazoo's sasl_options); requests wait for it. A failed login is final: AuthFailed.
    QString saslUser;                       // empty: no SASL
    QString saslPassword;
    // TLS to a secure client port (every server of the connect string); the handshake is part of
    // each attempt, and its failure (untrusted CA, host name, refused certificate) the attempt's error.
    ClientTlsOptions tls;
};

class ZooKeeperClient : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Closed,            // not opened yet, or close() was called
        Connecting,        // looking for a server that accepts the session
        Connected,         // session established on a server
        ConnectedReadOnly, // session established on a read-only server (options.readOnly)
        Disconnected,      // the connection was lost; Connecting follows (after reconnectDelayMs)
        Expired,           // the server ended the session: final, open() again for a new one
        AuthFailed,        // the server rejected credentials: final
    };
    Q_ENUM(State)

    explicit ZooKeeperClient(QObject *parent = nullptr);
    // Sends closeSession without waiting when a session is live; pending callbacks are dropped.
    ~ZooKeeperClient() override;

    // Starts connecting (state Connecting). False, with errorString(), when the connect string is
    // malformed. Opening an open client closes its current session first.
    bool open(const QString &connectString, const ClientOptions &options = {});
    // Ends the session: state Closed at once; requests already sent still get their replies, then
    // closeSession is sent and the connection closed when it is answered (or after closeTimeoutMs).
    void close();

    State state() const { return m_state; }
    bool isConnected() const { return m_state == State::Connected || m_state == State::ConnectedReadOnly; }
    std::int64_t sessionId() const { return m_sessionId; }
    QByteArray sessionPassword() const { return m_sessionPassword; }
    int negotiatedTimeoutMs() const { return m_negotiatedTimeoutMs; }
    std::int64_t lastZxid() const { return m_lastZxid; }
    QString chroot() const { return m_connectString.chroot(); }
    // The server of the current connection or attempt ("host:port"), empty when there is none.
    QString currentServer() const;
    // Why open() failed, or the last connection problem.
    QString errorString() const { return m_errorString; }
    const WatchRegistry &watches() const { return m_watches; }

    // ---- Operations. Paths are below the chroot; a path that breaks ZooKeeper's rules fails with
    // BadArguments without reaching the server.
    void create(const QString &path, const QByteArray &data, const AclList &acl, CreateMode mode,
                Callback<CreateResult> done);
    void createContainer(const QString &path, const QByteArray &data, const AclList &acl, Callback<CreateResult> done);
    // mode: PersistentWithTtl or PersistentSequentialWithTtl; 0 < ttlMs <= MaxTtlMs.
    void createTtl(const QString &path, const QByteArray &data, const AclList &acl, CreateMode mode, std::int64_t ttlMs,
                   Callback<CreateResult> done);
    void remove(const QString &path, std::int32_t version, Callback<void> done);
    // NoNode when absent (with Watch::Yes an exists watch is left for its creation).
    void exists(const QString &path, Watch watch, Callback<Stat> done);
    void getData(const QString &path, Watch watch, Callback<DataResult> done);
    void setData(const QString &path, const QByteArray &data, std::int32_t version, Callback<Stat> done);
    void getAcl(const QString &path, Callback<AclResult> done);
    void setAcl(const QString &path, const AclList &acl, std::int32_t aclVersion, Callback<Stat> done);
    void getChildren(const QString &path, Watch watch, Callback<QStringList> done);
    void getChildren2(const QString &path, Watch watch, Callback<ChildrenResult> done);
    void getAllChildrenNumber(const QString &path, Callback<std::int32_t> done);
    // Ephemeral nodes of this session whose paths start with prefixPath.
    void getEphemerals(const QString &prefixPath, Callback<QStringList> done);
    void sync(const QString &path, Callback<QString> done);
    // All ops or none. On failure error is the first failing op's code and value still lists
    // every op's result (the ones before it Ok, the ones after RuntimeInconsistency).
    void multi(const std::vector<Op> &ops, Callback<MultiResult> done);
    void multiRead(const std::vector<ReadOp> &ops, Callback<MultiReadResult> done);
    void addWatch(const QString &path, AddWatchMode mode, Callback<void> done);
    // Removes the session's watches of that type on path at the server (NoWatcher when none) and
    // reports DataWatchRemoved / ChildWatchRemoved / PersistentWatchRemoved through watchEvent().
    void removeWatches(const QString &path, WatcherType type, Callback<void> done);
    // Ok when the server holds such a watch for this session, NoWatcher otherwise.
    void checkWatches(const QString &path, WatcherType type, Callback<void> done);
    void whoAmI(Callback<std::vector<ClientIdentity>> done);
    // The ensemble's dynamic configuration: getData on /zookeeper/config, which, as in the Java
    // client's getConfig, is never below the chroot (Watch::Yes leaves a data watch on it).
    void getConfig(Watch watch, Callback<DataResult> done);
    // Reconfigures the ensemble (opcode 16; Apache ZooKeeper 3.5+ with reconfigEnabled=true, asked by
    // the super user or an ADMIN of /zookeeper/config). Incremental: joining and/or leaving
    // ("server.N=host:quorumPort:electionPort[:role];[clientAddress:]clientPort" entries / server ids,
    // comma separated); non-incremental: newMembers. Null arrays are left out. fromConfigVersion -1:
    // any; otherwise BadVersion unless it is the current config's version. The reply is the new
    // configuration and the Stat of /zookeeper/config.
    void reconfig(const QByteArray &joiningServers, const QByteArray &leavingServers, const QByteArray &newMembers,
                  std::int64_t fromConfigVersion, Callback<DataResult> done);
    // Adds credentials (e.g. "digest", "user:password") to the session, now and after every
    // reconnect. The callback (optional) reports the first answer; a rejection is final: state
    // AuthFailed.
    void addAuth(const QByteArray &scheme, const QByteArray &auth, Callback<void> done = {});

Q_SIGNALS:
    void stateChanged(zooscope::client::ZooKeeperClient::State state);
    void watchEvent(const zooscope::client::WatchEvent &event);
    // A connection or connection attempt ended for this reason (refused, timed out, protocol
    // error, ...). Reconnecting follows unless the state is final.
    void connectionError(const QString &message);

private:
    struct PendingRequest
    {
        std::int32_t xid = 0;
        std::int32_t opCode = 0;
        QByteArray body;
        // Decodes a successful reply's body into the request's result; false when malformed.
        std::function<bool(proto::JuteReader &)> decode;
        // Delivers the outcome, exactly once.
        std::function<void(ErrorCode)> finish;
    };
    struct AuthInfo
    {
        QByteArray scheme;
        QByteArray auth;
    };

    template <typename T, typename Decoder>
    void submit(std::int32_t opCode, QByteArray body, Callback<T> done, Decoder decoder,
                std::function<void(ErrorCode)> onOutcome = {});
    void submitVoid(std::int32_t opCode, QByteArray body, Callback<void> done,
                    std::function<void(ErrorCode)> onOutcome = {});
    template <typename T> bool rejectBadPath(const QString &path, const Callback<T> &done, bool sequential = false);
    template <typename T> void failLater(const Callback<T> &done, ErrorCode error);
    void createWithOpCode(std::int32_t opCode, const QString &path, const QByteArray &data, const AclList &acl,
                          CreateMode mode, std::int64_t ttlMs, Callback<CreateResult> done);

    void enqueue(PendingRequest request);
    void sendRequest(PendingRequest request);
    void sendFrame(const QByteArray &payload);
    void sendAuth(const AuthInfo &auth);
    ErrorCode terminalError() const;
    bool isFinal() const;

    void startAttempt();
    void scheduleAttempt(int delayMs);
    void sendConnectRequest();
    void readFromSocket();
    // Handles the buffered frames until one needs more bytes, ends the connection, or goes to a worker.
    void processFrames();
    // Decodes a big reply on a worker thread; frames behind it wait for finishBackgroundDecode().
    struct BackgroundDecode;
    bool decodesInBackground(const PendingRequest &request, const QByteArray &frame) const;
    void startBackgroundDecode(PendingRequest request, const QByteArray &frame);
    void finishBackgroundDecode(const std::shared_ptr<BackgroundDecode> &job);
    // Waits for the worker and puts its request back at the front of m_sent: it is the oldest.
    void reclaimBackgroundDecode();
    // Returns false once the frame ended the connection (or the client).
    bool handleFrame(const QByteArray &frame);
    bool handleConnectResponse(const QByteArray &frame);
    // Credentials, watches and the waiting requests go out; the state becomes Connected.
    bool finishSessionSetup(bool readOnly);
    // SASL login between the handshake and finishSessionSetup (options.saslUser).
    void startSaslLogin(bool readOnly);
    void sendSaslToken(const QByteArray &token, bool readOnly);
    void handleSaslReply(ErrorCode error, const QByteArray &token, bool readOnly);
    void failSaslLogin(const QString &reason);
    void handleNotification(proto::JuteReader &reader, std::int64_t zxid);
    void handleAuthReply(ErrorCode error);
    void heartbeat();
    void connectionLost(const QString &reason);
    void protocolError(const QString &reason);
    void enterFinalState(State state, ErrorCode pendingError);
    void finishClose();
    void releaseSocket(bool graceful);
    void failAll(ErrorCode error);
    void setState(State state);
    QByteArray closeSessionFrame();

    ClientOptions m_options;
    ConnectString m_connectString;
    QList<ServerAddress> m_servers;
    qsizetype m_nextServer = 0;
    int m_failedAttempts = 0; // since the last established session
    State m_state = State::Closed;
    QString m_errorString;

    QTcpSocket *m_socket = nullptr; // a QSslSocket with options.tls
    QSslConfiguration m_tlsConfiguration;
    ServerAddress m_server;
    bool m_handshakeDone = false;
    bool m_closing = false; // close() sent closeSession and waits for its reply
    FrameDecoder m_decoder;
    QTimer m_attemptTimer;   // starts the next connection attempt
    QTimer m_connectTimer;   // bounds one attempt
    QTimer m_heartbeatTimer; // pings and the read timeout
    QTimer m_closeTimer;
    QElapsedTimer m_sinceSend;
    QElapsedTimer m_sinceReceive;

    std::int64_t m_sessionId = 0;
    QByteArray m_sessionPassword;
    int m_negotiatedTimeoutMs = 0;
    std::int64_t m_lastZxid = 0;
    std::int32_t m_nextXid = 1;

    std::deque<PendingRequest> m_queued;      // waiting for the session
    std::deque<PendingRequest> m_sent;        // awaiting replies, in xid order
    std::deque<Callback<void>> m_authReplies; // one per auth packet on this connection
    std::vector<AuthInfo> m_auths;            // re-sent after every reconnect
    // addAuth() callbacks from while no session was up: they take the first reply after connecting.
    std::vector<std::pair<AuthInfo, Callback<void>>> m_pendingAuthCallbacks;
    WatchRegistry m_watches;
    std::shared_ptr<BackgroundDecode> m_backgroundDecode; // the reply being decoded on a worker, if any
    std::unique_ptr<SaslDigestClient> m_saslLogin;        // the connection's SASL login while it runs
};

} // namespace zooscope::client
