#include "ZooKeeperClient.h"

#include "SaslDigestClient.h"

#include "proto/Jute.h"
#include "proto/OpCode.h"
#include "proto/PathValidation.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThreadPool>

#include <algorithm>
#include <limits>
#include <random>

namespace zooscope::client {

namespace OpCode = proto::OpCode;
namespace Xid = proto::Xid;

namespace {
QString hex(std::int64_t value)
{
    return QStringLiteral("0x%1").arg(quint64(value), 0, 16);
}

// A new session's ConnectRequest carries sixteen zero bytes as its password, as Java's does.
const QByteArray NoPassword(16, '\0');
} // namespace

ZooKeeperClient::ZooKeeperClient(QObject *parent)
    : QObject(parent)
{
    m_attemptTimer.setSingleShot(true);
    connect(&m_attemptTimer, &QTimer::timeout, this, &ZooKeeperClient::startAttempt);
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        connectionLost(
            tr("No session established with %1 within %2 ms").arg(m_server.toString()).arg(m_connectTimer.interval()));
    });
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &ZooKeeperClient::heartbeat);
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, &ZooKeeperClient::finishClose);
}

// A reply handed to a worker thread. The worker only touches the job; done is released once it is.
struct ZooKeeperClient::BackgroundDecode
{
    PendingRequest request;
    QByteArray frame;
    bool decoded = false;
    QSemaphore done;
};

ZooKeeperClient::~ZooKeeperClient()
{
    // The worker posts to this object: it must have finished before the object goes.
    if (m_backgroundDecode)
        m_backgroundDecode->done.acquire();
    if (!m_socket)
        return;
    // The socket would otherwise outlive this object's members while emitting into them.
    disconnect(m_socket, nullptr, this, nullptr);
    if (m_handshakeDone && !m_closing) {
        // Best effort, without waiting: ephemeral nodes go now instead of after the session timeout.
        m_socket->write(FrameDecoder::frame(closeSessionFrame()));
        m_socket->flush();
    }
    // Unread input would turn the close into a reset that can discard the closeSession.
    m_socket->readAll();
    m_socket->disconnectFromHost();
    // Not deleted here: the client may be destroyed from a callback inside the socket's own signal.
    m_socket->setParent(nullptr);
    m_socket->deleteLater();
    m_socket = nullptr;
}

bool ZooKeeperClient::open(const QString &connectString, const ClientOptions &options)
{
    QString problem;
    std::optional<ConnectString> parsed = ConnectString::parse(connectString, &problem);
    if (!parsed) {
        m_errorString = tr("Invalid connect string \"%1\": %2").arg(connectString, problem);
        return false;
    }
    if (m_socket || m_state != State::Closed) {
        // Reopening: end the old session first, without waiting for it.
        if (m_socket && m_handshakeDone && !m_closing)
            m_socket->write(FrameDecoder::frame(closeSessionFrame()));
        m_closing = false;
        releaseSocket(true);
        m_attemptTimer.stop();
        m_state = State::Closed;
        QPointer<ZooKeeperClient> self(this);
        failAll(ErrorCode::SessionExpired);
        if (!self)
            return false;
    }

    if (options.tls.enabled) {
        const std::optional<QSslConfiguration> tls = clientTlsConfiguration(options.tls, &problem);
        if (!tls) {
            m_errorString = problem;
            return false;
        }
        m_tlsConfiguration = *tls;
    }
    m_options = options;
    m_connectString = *parsed;
    m_servers = m_connectString.servers();
    if (m_options.shuffleHosts)
        std::shuffle(m_servers.begin(), m_servers.end(), std::mt19937(QRandomGenerator::global()->generate()));
    m_nextServer = 0;
    m_failedAttempts = 0;
    m_sessionId = options.sessionId;
    m_sessionPassword = options.sessionId != 0 ? options.sessionPassword : QByteArray();
    m_negotiatedTimeoutMs = 0;
    m_lastZxid = 0;
    m_watches.clear();
    m_auths.clear();
    m_errorString.clear();
    m_decoder.setMaxFrameLength(options.maxPacketLength);
    setState(State::Connecting);
    if (m_state == State::Connecting)
        scheduleAttempt(0);
    return true;
}

void ZooKeeperClient::close()
{
    if (m_state == State::Closed)
        return;
    m_attemptTimer.stop();
    const bool live = m_socket && m_handshakeDone;
    QPointer<ZooKeeperClient> self(this);
    setState(State::Closed);
    if (!self || m_state != State::Closed || m_closing)
        return;
    if (!live) {
        releaseSocket(false);
        failAll(ErrorCode::SessionExpired);
        return;
    }
    // Replies come in order: everything sent before closeSession is answered before it.
    m_closing = true;
    m_heartbeatTimer.stop();
    PendingRequest request;
    request.opCode = OpCode::CloseSession;
    sendRequest(std::move(request));
    m_closeTimer.start(std::max(1, m_options.closeTimeoutMs));
}

QString ZooKeeperClient::currentServer() const
{
    return m_socket ? m_server.toString() : QString();
}

// ---- Operations

template <typename T> void ZooKeeperClient::failLater(const Callback<T> &done, ErrorCode error)
{
    if (!done)
        return;
    // Never call back from inside the call: the caller may not be ready for it yet.
    QMetaObject::invokeMethod(
        this,
        [done, error] {
            Result<T> result;
            result.error = error;
            done(result);
        },
        Qt::QueuedConnection);
}

template <typename T> bool ZooKeeperClient::rejectBadPath(const QString &path, const Callback<T> &done, bool sequential)
{
    // As Java's PathUtils.validatePath(path, isSequential): a sequential name gets its suffix.
    const QString checked = sequential ? path + u'1' : path;
    if (proto::isValidPath(checked.toUtf8()))
        return false;
    failLater(done, ErrorCode::BadArguments);
    return true;
}

template <typename T, typename Decoder>
void ZooKeeperClient::submit(std::int32_t opCode, QByteArray body, Callback<T> done, Decoder decoder,
                             std::function<void(ErrorCode)> onOutcome)
{
    auto result = std::make_shared<Result<T>>();
    PendingRequest request;
    request.opCode = opCode;
    request.body = std::move(body);
    request.decode = [result, decoder](proto::JuteReader &reader) {
        decoder(reader, result->value);
        return !reader.failed();
    };
    request.finish = [result, done = std::move(done), onOutcome = std::move(onOutcome)](ErrorCode error) {
        result->error = error;
        // Watches are registered before the caller hears of the result, as in Java.
        if (onOutcome)
            onOutcome(error);
        if (done)
            done(*result);
    };
    enqueue(std::move(request));
}

void ZooKeeperClient::submitVoid(std::int32_t opCode, QByteArray body, Callback<void> done,
                                 std::function<void(ErrorCode)> onOutcome)
{
    PendingRequest request;
    request.opCode = opCode;
    request.body = std::move(body);
    request.finish = [done = std::move(done), onOutcome = std::move(onOutcome)](ErrorCode error) {
        if (onOutcome)
            onOutcome(error);
        if (done)
            done(Result<void>{error});
    };
    enqueue(std::move(request));
}

void ZooKeeperClient::create(const QString &path, const QByteArray &data, const AclList &acl, CreateMode mode,
                             Callback<CreateResult> done)
{
    if (isTtl(mode)) { // needs a TTL: createTtl
        failLater(done, ErrorCode::BadArguments);
        return;
    }
    createWithOpCode(mode == CreateMode::Container ? OpCode::CreateContainer : OpCode::Create2, path, data, acl, mode,
                     -1, std::move(done));
}

void ZooKeeperClient::createContainer(const QString &path, const QByteArray &data, const AclList &acl,
                                      Callback<CreateResult> done)
{
    createWithOpCode(OpCode::CreateContainer, path, data, acl, CreateMode::Container, -1, std::move(done));
}

void ZooKeeperClient::createTtl(const QString &path, const QByteArray &data, const AclList &acl, CreateMode mode,
                                std::int64_t ttlMs, Callback<CreateResult> done)
{
    if (!isTtl(mode) || ttlMs <= 0 || ttlMs > MaxTtlMs) {
        failLater(done, ErrorCode::BadArguments);
        return;
    }
    createWithOpCode(OpCode::CreateTtl, path, data, acl, mode, ttlMs, std::move(done));
}

void ZooKeeperClient::createWithOpCode(std::int32_t opCode, const QString &path, const QByteArray &data,
                                       const AclList &acl, CreateMode mode, std::int64_t ttlMs,
                                       Callback<CreateResult> done)
{
    if (rejectBadPath(path, done, isSequential(mode)))
        return;
    if (acl.empty()) { // Java refuses an empty ACL before sending
        failLater(done, ErrorCode::InvalidAcl);
        return;
    }
    const QByteArray serverPath = m_connectString.toServerPath(path);
    const QByteArray body =
        opCode == OpCode::CreateTtl
            ? proto::serialize(proto::CreateTtlRequest{serverPath, data, acl, std::int32_t(mode), ttlMs})
            : proto::serialize(proto::CreateRequest{serverPath, data, acl, std::int32_t(mode)});
    submit<CreateResult>(opCode, body, std::move(done), [this](proto::JuteReader &reader, CreateResult &out) {
        proto::Create2Response response;
        reader(response);
        out.path = m_connectString.toClientPath(response.path).value_or(QString::fromUtf8(response.path));
        out.stat = response.stat;
    });
}

void ZooKeeperClient::remove(const QString &path, std::int32_t version, Callback<void> done)
{
    if (rejectBadPath(path, done))
        return;
    // "/" stays "/" even under a chroot, so deleting the root fails the same way everywhere (Java).
    const QByteArray serverPath = path == QLatin1String("/") ? QByteArray("/") : m_connectString.toServerPath(path);
    submitVoid(OpCode::Delete, proto::serialize(proto::DeleteRequest{serverPath, version}), std::move(done));
}

void ZooKeeperClient::exists(const QString &path, Watch watch, Callback<Stat> done)
{
    if (rejectBadPath(path, done))
        return;
    const bool watching = watch == Watch::Yes;
    submit<Stat>(
        OpCode::Exists, proto::serialize(proto::ExistsRequest{m_connectString.toServerPath(path), watching}),
        std::move(done), [](proto::JuteReader &reader, Stat &out) { reader(out); },
        [this, path, watching](ErrorCode error) {
            if (watching && error == ErrorCode::Ok)
                m_watches.add(WatchRegistry::Kind::Data, path);
            else if (watching && error == ErrorCode::NoNode)
                m_watches.add(WatchRegistry::Kind::Exist, path);
        });
}

void ZooKeeperClient::getData(const QString &path, Watch watch, Callback<DataResult> done)
{
    if (rejectBadPath(path, done))
        return;
    const bool watching = watch == Watch::Yes;
    submit<DataResult>(
        OpCode::GetData, proto::serialize(proto::GetDataRequest{m_connectString.toServerPath(path), watching}),
        std::move(done),
        [](proto::JuteReader &reader, DataResult &out) {
            reader(out.data);
            reader(out.stat);
        },
        [this, path, watching](ErrorCode error) {
            if (watching && error == ErrorCode::Ok)
                m_watches.add(WatchRegistry::Kind::Data, path);
        });
}

void ZooKeeperClient::getConfig(Watch watch, Callback<DataResult> done)
{
    static const QString configPath = QStringLiteral("/zookeeper/config");
    const bool watching = watch == Watch::Yes;
    submit<DataResult>(
        OpCode::GetData, proto::serialize(proto::GetDataRequest{configPath.toUtf8(), watching}), std::move(done),
        [](proto::JuteReader &reader, DataResult &out) {
            reader(out.data);
            reader(out.stat);
        },
        [this, watching](ErrorCode error) {
            if (watching && error == ErrorCode::Ok)
                m_watches.add(WatchRegistry::Kind::Data, configPath);
        });
}

void ZooKeeperClient::reconfig(const QByteArray &joiningServers, const QByteArray &leavingServers,
                               const QByteArray &newMembers, std::int64_t fromConfigVersion,
                               Callback<DataResult> done)
{
    submit<DataResult>(OpCode::Reconfig,
                       proto::serialize(proto::ReconfigRequest{joiningServers, leavingServers, newMembers,
                                                               fromConfigVersion}),
                       std::move(done), [](proto::JuteReader &reader, DataResult &out) {
                           reader(out.data);
                           reader(out.stat);
                       });
}

void ZooKeeperClient::setData(const QString &path, const QByteArray &data, std::int32_t version, Callback<Stat> done)
{
    if (rejectBadPath(path, done))
        return;
    submit<Stat>(OpCode::SetData,
                 proto::serialize(proto::SetDataRequest{m_connectString.toServerPath(path), data, version}),
                 std::move(done), [](proto::JuteReader &reader, Stat &out) { reader(out); });
}

void ZooKeeperClient::getAcl(const QString &path, Callback<AclResult> done)
{
    if (rejectBadPath(path, done))
        return;
    submit<AclResult>(OpCode::GetAcl, proto::serialize(proto::GetAclRequest{m_connectString.toServerPath(path)}),
                      std::move(done), [](proto::JuteReader &reader, AclResult &out) {
                          reader(out.acl);
                          reader(out.stat);
                      });
}

void ZooKeeperClient::setAcl(const QString &path, const AclList &acl, std::int32_t aclVersion, Callback<Stat> done)
{
    if (rejectBadPath(path, done))
        return;
    if (acl.empty()) {
        failLater(done, ErrorCode::InvalidAcl);
        return;
    }
    submit<Stat>(OpCode::SetAcl,
                 proto::serialize(proto::SetAclRequest{m_connectString.toServerPath(path), acl, aclVersion}),
                 std::move(done), [](proto::JuteReader &reader, Stat &out) { reader(out); });
}

namespace {
QStringList toStringList(const std::vector<QByteArray> &names)
{
    QStringList list;
    list.reserve(qsizetype(names.size()));
    for (const QByteArray &name : names)
        list.append(QString::fromUtf8(name));
    return list;
}
} // namespace

void ZooKeeperClient::getChildren(const QString &path, Watch watch, Callback<QStringList> done)
{
    if (rejectBadPath(path, done))
        return;
    const bool watching = watch == Watch::Yes;
    submit<QStringList>(
        OpCode::GetChildren, proto::serialize(proto::GetChildrenRequest{m_connectString.toServerPath(path), watching}),
        std::move(done),
        [](proto::JuteReader &reader, QStringList &out) {
            std::vector<QByteArray> names;
            reader(names);
            out = toStringList(names);
        },
        [this, path, watching](ErrorCode error) {
            if (watching && error == ErrorCode::Ok)
                m_watches.add(WatchRegistry::Kind::Child, path);
        });
}

void ZooKeeperClient::getChildren2(const QString &path, Watch watch, Callback<ChildrenResult> done)
{
    if (rejectBadPath(path, done))
        return;
    const bool watching = watch == Watch::Yes;
    submit<ChildrenResult>(
        OpCode::GetChildren2,
        proto::serialize(proto::GetChildren2Request{m_connectString.toServerPath(path), watching}), std::move(done),
        [](proto::JuteReader &reader, ChildrenResult &out) {
            std::vector<QByteArray> names;
            reader(names);
            reader(out.stat);
            out.children = toStringList(names);
        },
        [this, path, watching](ErrorCode error) {
            if (watching && error == ErrorCode::Ok)
                m_watches.add(WatchRegistry::Kind::Child, path);
        });
}

void ZooKeeperClient::getAllChildrenNumber(const QString &path, Callback<std::int32_t> done)
{
    if (rejectBadPath(path, done))
        return;
    submit<std::int32_t>(OpCode::GetAllChildrenNumber,
                         proto::serialize(proto::GetAllChildrenNumberRequest{m_connectString.toServerPath(path)}),
                         std::move(done), [](proto::JuteReader &reader, std::int32_t &out) { reader(out); });
}

void ZooKeeperClient::getEphemerals(const QString &prefixPath, Callback<QStringList> done)
{
    if (rejectBadPath(prefixPath, done))
        return;
    submit<QStringList>(OpCode::GetEphemerals,
                        proto::serialize(proto::GetEphemeralsRequest{m_connectString.toServerPath(prefixPath)}),
                        std::move(done), [this](proto::JuteReader &reader, QStringList &out) {
                            std::vector<QByteArray> paths;
                            reader(paths);
                            // The server matches by string prefix: under chroot "/app" that
                            // includes "/apple/x", which this client cannot name.
                            for (const QByteArray &serverPath : paths) {
                                if (std::optional<QString> path = m_connectString.toClientPath(serverPath))
                                    out.append(*path);
                            }
                        });
}

void ZooKeeperClient::sync(const QString &path, Callback<QString> done)
{
    if (rejectBadPath(path, done))
        return;
    submit<QString>(OpCode::Sync, proto::serialize(proto::SyncRequest{m_connectString.toServerPath(path)}),
                    std::move(done), [this, path](proto::JuteReader &reader, QString &out) {
                        proto::SyncResponse response;
                        reader(response);
                        out = m_connectString.toClientPath(response.path).value_or(path);
                    });
}

void ZooKeeperClient::multi(const std::vector<Op> &ops, Callback<MultiResult> done)
{
    QByteArray body;
    proto::JuteWriter writer(body);
    for (const Op &op : ops) {
        const bool createOp = op.type == Op::Type::Create;
        if (rejectBadPath(op.path, done, createOp && isSequential(op.mode)))
            return;
        const QByteArray serverPath = m_connectString.toServerPath(op.path);
        switch (op.type) {
        case Op::Type::Create: {
            if (op.acl.empty()) {
                failLater(done, ErrorCode::InvalidAcl);
                return;
            }
            if (isTtl(op.mode)) {
                if (op.ttlMs <= 0 || op.ttlMs > MaxTtlMs) {
                    failLater(done, ErrorCode::BadArguments);
                    return;
                }
                writer(proto::MultiHeader{OpCode::CreateTtl, false, -1});
                writer(proto::CreateTtlRequest{serverPath, op.data, op.acl, std::int32_t(op.mode), op.ttlMs});
            } else {
                // As Java's Op.create: the mode picks the op code; the server answers plain creates
                // with a path only.
                writer(proto::MultiHeader{op.mode == CreateMode::Container ? OpCode::CreateContainer : OpCode::Create,
                                          false, -1});
                writer(proto::CreateRequest{serverPath, op.data, op.acl, std::int32_t(op.mode)});
            }
            break;
        }
        case Op::Type::Delete:
            writer(proto::MultiHeader{OpCode::Delete, false, -1});
            writer(proto::DeleteRequest{serverPath, op.version});
            break;
        case Op::Type::SetData:
            writer(proto::MultiHeader{OpCode::SetData, false, -1});
            writer(proto::SetDataRequest{serverPath, op.data, op.version});
            break;
        case Op::Type::Check:
            writer(proto::MultiHeader{OpCode::Check, false, -1});
            writer(proto::CheckVersionRequest{serverPath, op.version});
            break;
        }
    }
    writer(proto::MultiHeader{-1, true, -1});

    auto result = std::make_shared<Result<MultiResult>>();
    PendingRequest request;
    request.opCode = OpCode::Multi;
    request.body = body;
    request.decode = [this, result](proto::JuteReader &reader) {
        while (true) {
            proto::MultiHeader header;
            reader(header);
            if (reader.failed())
                return false;
            if (header.done)
                return true;
            OpResult op;
            op.opCode = header.type;
            switch (header.type) {
            case OpCode::Create: {
                proto::CreateResponse response;
                reader(response);
                op.path = m_connectString.toClientPath(response.path).value_or(QString::fromUtf8(response.path));
                break;
            }
            case OpCode::Create2:
            case OpCode::CreateTtl:
            case OpCode::CreateContainer: {
                proto::Create2Response response;
                reader(response);
                op.path = m_connectString.toClientPath(response.path).value_or(QString::fromUtf8(response.path));
                op.stat = response.stat;
                break;
            }
            case OpCode::SetData: reader(op.stat); break;
            case OpCode::Delete:
            case OpCode::DeleteContainer:
            case OpCode::Check: break;
            case OpCode::Error: {
                proto::ErrorResponse response;
                reader(response);
                op.error = ErrorCode(response.err);
                break;
            }
            default: return false;
            }
            if (reader.failed())
                return false;
            result->value.push_back(std::move(op));
        }
    };
    request.finish = [result, done = std::move(done)](ErrorCode error) {
        result->error = error;
        if (error == ErrorCode::Ok) {
            // Java's multi throws the first failing op's code; the rest carry Ok or RuntimeInconsistency.
            for (const OpResult &op : result->value) {
                if (op.error != ErrorCode::Ok) {
                    result->error = op.error;
                    break;
                }
            }
        }
        if (done)
            done(*result);
    };
    enqueue(std::move(request));
}

void ZooKeeperClient::multiRead(const std::vector<ReadOp> &ops, Callback<MultiReadResult> done)
{
    QByteArray body;
    proto::JuteWriter writer(body);
    for (const ReadOp &op : ops) {
        if (rejectBadPath(op.path, done))
            return;
        writer(proto::MultiHeader{op.type == ReadOp::Type::GetData ? OpCode::GetData : OpCode::GetChildren, false, -1});
        writer(proto::PathWatchRequest{m_connectString.toServerPath(op.path), false});
    }
    writer(proto::MultiHeader{-1, true, -1});
    // Read ops do not depend on each other: errors stay per op and the whole request is Ok.
    submit<MultiReadResult>(OpCode::MultiRead, body, std::move(done),
                            [](proto::JuteReader &reader, MultiReadResult &out) {
                                while (!reader.failed()) {
                                    proto::MultiHeader header;
                                    reader(header);
                                    if (reader.failed() || header.done)
                                        return;
                                    ReadOpResult op;
                                    op.opCode = header.type;
                                    if (header.type == OpCode::GetData) {
                                        reader(op.data);
                                        reader(op.stat);
                                    } else if (header.type == OpCode::GetChildren) {
                                        std::vector<QByteArray> names;
                                        reader(names);
                                        op.children = toStringList(names);
                                    } else if (header.type == OpCode::Error) {
                                        proto::ErrorResponse response;
                                        reader(response);
                                        op.error = ErrorCode(response.err);
                                    } else {
                                        reader.fail();
                                    }
                                    out.push_back(std::move(op));
                                }
                            });
}

void ZooKeeperClient::addWatch(const QString &path, AddWatchMode mode, Callback<void> done)
{
    if (rejectBadPath(path, done))
        return;
    submitVoid(OpCode::AddWatch,
               proto::serialize(proto::AddWatchRequest{m_connectString.toServerPath(path), std::int32_t(mode)}),
               std::move(done), [this, path, mode](ErrorCode error) {
                   if (error != ErrorCode::Ok)
                       return;
                   m_watches.add(mode == AddWatchMode::PersistentRecursive ? WatchRegistry::Kind::PersistentRecursive
                                                                           : WatchRegistry::Kind::Persistent,
                                 path);
               });
}

void ZooKeeperClient::removeWatches(const QString &path, WatcherType type, Callback<void> done)
{
    if (rejectBadPath(path, done))
        return;
    submitVoid(OpCode::RemoveWatches,
               proto::serialize(proto::RemoveWatchesRequest{m_connectString.toServerPath(path), std::int32_t(type)}),
               std::move(done), [this, path, type](ErrorCode error) {
                   if (error != ErrorCode::Ok)
                       return;
                   QPointer<ZooKeeperClient> self(this);
                   for (const WatchEvent::Type removed : m_watches.remove(path, type)) {
                       Q_EMIT watchEvent(WatchEvent{removed, WatchEvent::State::SyncConnected, path});
                       if (!self)
                           return;
                   }
               });
}

void ZooKeeperClient::checkWatches(const QString &path, WatcherType type, Callback<void> done)
{
    if (rejectBadPath(path, done))
        return;
    submitVoid(OpCode::CheckWatches,
               proto::serialize(proto::CheckWatchesRequest{m_connectString.toServerPath(path), std::int32_t(type)}),
               std::move(done));
}

void ZooKeeperClient::whoAmI(Callback<std::vector<ClientIdentity>> done)
{
    submit<std::vector<ClientIdentity>>(
        OpCode::WhoAmI, QByteArray(), std::move(done), [](proto::JuteReader &reader, std::vector<ClientIdentity> &out) {
            proto::WhoAmIResponse response;
            reader(response);
            for (const proto::ClientInfo &info : response.clientInfo)
                out.push_back({QString::fromUtf8(info.authScheme), QString::fromUtf8(info.user)});
        });
}

void ZooKeeperClient::addAuth(const QByteArray &scheme, const QByteArray &auth, Callback<void> done)
{
    if (m_state == State::Closed || isFinal()) {
        failLater(done, terminalError());
        return;
    }
    const bool known = std::any_of(m_auths.begin(), m_auths.end(),
                                   [&](const AuthInfo &info) { return info.scheme == scheme && info.auth == auth; });
    if (!known)
        m_auths.push_back({scheme, auth});
    if (isConnected()) {
        sendAuth({scheme, auth});
        m_authReplies.push_back(std::move(done));
    } else {
        // Sent with the others once the session is established; the callback waits for that reply.
        m_pendingAuthCallbacks.push_back({{scheme, auth}, std::move(done)});
    }
}

// ---- Sending

void ZooKeeperClient::enqueue(PendingRequest request)
{
    if (m_state == State::Closed || isFinal()) {
        QMetaObject::invokeMethod(
            this, [finish = std::move(request.finish), error = terminalError()] { finish(error); },
            Qt::QueuedConnection);
        return;
    }
    if (isConnected())
        sendRequest(std::move(request));
    else
        m_queued.push_back(std::move(request));
}

void ZooKeeperClient::sendRequest(PendingRequest request)
{
    if (request.xid == 0) {
        request.xid = m_nextXid;
        // Negative xids are reserved for pings, notifications, auth and setWatches.
        m_nextXid = m_nextXid == std::numeric_limits<std::int32_t>::max() ? 1 : m_nextXid + 1;
    }
    QByteArray payload = proto::serialize(proto::RequestHeader{request.xid, request.opCode});
    payload += request.body;
    request.body.clear();
    sendFrame(payload);
    m_sent.push_back(std::move(request));
}

void ZooKeeperClient::sendFrame(const QByteArray &payload)
{
    if (!m_socket)
        return;
    m_socket->write(FrameDecoder::frame(payload));
    m_sinceSend.restart();
}

void ZooKeeperClient::sendAuth(const AuthInfo &auth)
{
    QByteArray payload = proto::serialize(proto::RequestHeader{Xid::Auth, OpCode::Auth});
    payload += proto::serialize(proto::AuthPacket{0, auth.scheme, auth.auth});
    sendFrame(payload);
}

QByteArray ZooKeeperClient::closeSessionFrame()
{
    const std::int32_t xid = m_nextXid;
    m_nextXid = m_nextXid == std::numeric_limits<std::int32_t>::max() ? 1 : m_nextXid + 1;
    return proto::serialize(proto::RequestHeader{xid, OpCode::CloseSession});
}

ErrorCode ZooKeeperClient::terminalError() const
{
    return m_state == State::AuthFailed ? ErrorCode::AuthFailed : ErrorCode::SessionExpired;
}

bool ZooKeeperClient::isFinal() const
{
    return m_state == State::Expired || m_state == State::AuthFailed;
}

// ---- Connecting

void ZooKeeperClient::scheduleAttempt(int delayMs)
{
    m_attemptTimer.start(std::max(0, delayMs));
}

void ZooKeeperClient::startAttempt()
{
    if (m_state == State::Closed || isFinal() || m_socket || m_servers.isEmpty())
        return;
    m_server = m_servers.at(m_nextServer);
    m_nextServer = (m_nextServer + 1) % m_servers.size();
    setState(State::Connecting);
    if (m_state != State::Connecting)
        return;

    QTcpSocket *socket = nullptr;
    if (m_options.tls.enabled) {
        auto *secure = new QSslSocket(this);
        secure->setSslConfiguration(m_tlsConfiguration);
        // The ZooKeeper handshake starts once the TLS one is done.
        connect(secure, &QSslSocket::encrypted, this, [this, secure] {
            if (secure == m_socket)
                sendConnectRequest();
        });
        connect(secure, &QSslSocket::connected, this, [secure] {
            secure->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        });
        socket = secure;
    } else {
        socket = new QTcpSocket(this);
        connect(socket, &QTcpSocket::connected, this, [this, socket] {
            if (socket != m_socket)
                return;
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            sendConnectRequest();
        });
    }
    m_socket = socket;
    m_handshakeDone = false;
    m_decoder.reset();
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        if (socket == m_socket)
            readFromSocket();
    });
    auto lost = [this, socket] {
        if (socket != m_socket)
            return;
        // A server may answer and close at once (an expired session): read the answer first.
        if (socket->bytesAvailable() > 0) {
            QPointer<ZooKeeperClient> self(this);
            readFromSocket();
            if (!self || socket != m_socket)
                return;
        }
        const QString reason = socket->error() == QAbstractSocket::RemoteHostClosedError
                                   ? tr("%1 closed the connection").arg(m_server.toString())
                                   : tr("%1: %2").arg(m_server.toString(), socket->errorString());
        connectionLost(reason);
    };
    connect(socket, &QAbstractSocket::errorOccurred, this, lost);
    connect(socket, &QAbstractSocket::disconnected, this, lost);

    const int perServer = m_options.sessionTimeoutMs / int(m_servers.size());
    m_connectTimer.start(m_options.connectTimeoutMs > 0 ? m_options.connectTimeoutMs : std::max(100, perServer));
    if (m_options.tls.enabled)
        static_cast<QSslSocket *>(socket)->connectToHostEncrypted(m_server.host, m_server.port);
    else
        socket->connectToHost(m_server.host, m_server.port);
}

void ZooKeeperClient::sendConnectRequest()
{
    proto::ConnectRequest request;
    request.lastZxidSeen = m_lastZxid;
    request.timeOut = m_options.sessionTimeoutMs;
    request.sessionId = m_sessionId;
    request.passwd = m_sessionId != 0 ? m_sessionPassword : NoPassword;
    QByteArray payload = proto::serialize(request);
    // The readOnly flag is an optional trailing byte that ConnectRequest's record leaves out.
    proto::JuteWriter writer(payload);
    writer(m_options.readOnly);
    sendFrame(payload);
}

void ZooKeeperClient::readFromSocket()
{
    m_decoder.append(m_socket->readAll());
    m_sinceReceive.restart();
    if (!m_backgroundDecode)
        processFrames();
}

void ZooKeeperClient::processFrames()
{
    QTcpSocket *socket = m_socket;
    QPointer<ZooKeeperClient> self(this);
    QByteArray frame;
    while (self && socket && m_socket == socket && !m_backgroundDecode) {
        switch (m_decoder.next(&frame)) {
        case FrameDecoder::Status::NeedMore: return;
        case FrameDecoder::Status::Error: protocolError(m_decoder.errorString()); return;
        case FrameDecoder::Status::Frame:
            if (!handleFrame(frame))
                return;
            break;
        }
    }
}

bool ZooKeeperClient::decodesInBackground(const PendingRequest &request, const QByteArray &frame) const
{
    // Only decoders that touch nothing but their own result may run on another thread.
    const bool pureDecoder = request.opCode == OpCode::GetData || request.opCode == OpCode::GetChildren ||
                             request.opCode == OpCode::GetChildren2;
    return pureDecoder && request.decode && m_options.backgroundDecodeBytes > 0 &&
           frame.size() >= m_options.backgroundDecodeBytes;
}

void ZooKeeperClient::startBackgroundDecode(PendingRequest request, const QByteArray &frame)
{
    auto job = std::make_shared<BackgroundDecode>();
    job->request = std::move(request);
    job->frame = frame;
    m_backgroundDecode = job;
    QThreadPool::globalInstance()->start([this, job] {
        proto::JuteReader reader(job->frame);
        proto::ReplyHeader header;
        reader(header);
        job->decoded = !reader.failed() && job->request.decode(reader);
        // Posted before done is released: the destructor waits for done, so this object still exists.
        QMetaObject::invokeMethod(this, [this, job] { finishBackgroundDecode(job); }, Qt::QueuedConnection);
        job->done.release();
    });
}

void ZooKeeperClient::finishBackgroundDecode(const std::shared_ptr<BackgroundDecode> &job)
{
    if (m_backgroundDecode != job)
        return; // the connection ended meanwhile and reclaimBackgroundDecode() failed the request
    job->done.acquire();
    m_backgroundDecode.reset();
    PendingRequest request = std::move(job->request);
    if (!job->decoded) {
        const QString name = QString::fromLatin1(proto::opCodeName(request.opCode));
        m_sent.push_front(std::move(request)); // fails with the rest
        protocolError(tr("malformed %1 reply").arg(name));
        return;
    }
    QTcpSocket *socket = m_socket;
    QPointer<ZooKeeperClient> self(this);
    if (request.finish)
        request.finish(ErrorCode::Ok);
    if (!self || !socket || m_socket != socket)
        return;
    processFrames(); // the replies that arrived behind it
}

void ZooKeeperClient::reclaimBackgroundDecode()
{
    if (!m_backgroundDecode)
        return;
    const std::shared_ptr<BackgroundDecode> job = std::exchange(m_backgroundDecode, nullptr);
    job->done.acquire(); // one reply's worth of CPU work: a short wait
    m_sent.push_front(std::move(job->request));
}

bool ZooKeeperClient::handleFrame(const QByteArray &frame)
{
    if (!m_handshakeDone)
        return handleConnectResponse(frame);

    QTcpSocket *socket = m_socket;
    proto::JuteReader reader(frame);
    proto::ReplyHeader header;
    reader(header);
    if (reader.failed()) {
        protocolError(tr("malformed reply header"));
        return false;
    }
    QPointer<ZooKeeperClient> self(this);
    switch (header.xid) {
    case Xid::Notification: handleNotification(reader, header.zxid); return self && m_socket == socket;
    case Xid::Ping: return true;
    case Xid::Auth: handleAuthReply(ErrorCode(header.err)); return self && m_socket == socket;
    default: break;
    }
    // The server answers in request order; anything else means the stream is not what we think.
    if (m_sent.empty()) {
        protocolError(tr("reply with xid %1 while no request is outstanding").arg(header.xid));
        return false;
    }
    if (m_sent.front().xid != header.xid) {
        protocolError(tr("Xid out of order: got xid %1, expected xid %2").arg(header.xid).arg(m_sent.front().xid));
        return false;
    }
    PendingRequest request = std::move(m_sent.front());
    m_sent.pop_front();
    if (header.zxid > 0)
        m_lastZxid = header.zxid;
    const ErrorCode error = ErrorCode(header.err);
    if (error == ErrorCode::Ok && decodesInBackground(request, frame)) {
        startBackgroundDecode(std::move(request), frame);
        return false; // the frames behind it wait for the worker
    }
    if (error == ErrorCode::Ok && request.decode && !request.decode(reader)) {
        const QString name = QString::fromLatin1(proto::opCodeName(request.opCode));
        m_sent.push_front(std::move(request)); // fails with the rest
        protocolError(tr("malformed %1 reply").arg(name));
        return false;
    }
    const bool closeSessionAnswered = request.opCode == OpCode::CloseSession;
    if (request.finish)
        request.finish(error);
    if (!self || m_socket != socket)
        return false;
    if (closeSessionAnswered) {
        finishClose();
        return false;
    }
    return true;
}

bool ZooKeeperClient::handleConnectResponse(const QByteArray &frame)
{
    proto::JuteReader reader(frame);
    proto::ConnectResponse response;
    reader(response);
    if (reader.failed()) {
        protocolError(tr("malformed connect response"));
        return false;
    }
    bool readOnly = false;
    if (!reader.atEnd())
        reader(readOnly); // only servers that got the flag send it back
    if (response.timeOut <= 0) {
        m_errorString = tr("Session %1 expired").arg(hex(m_sessionId));
        enterFinalState(State::Expired, ErrorCode::SessionExpired);
        return false;
    }

    QTcpSocket *socket = m_socket;
    m_connectTimer.stop();
    m_handshakeDone = true;
    m_failedAttempts = 0;
    m_sessionId = response.sessionId;
    m_sessionPassword = response.passwd;
    m_negotiatedTimeoutMs = response.timeOut;
    m_sinceReceive.restart();
    m_heartbeatTimer.start(std::max(10, m_negotiatedTimeoutMs / 12));
    if (!m_options.saslUser.isEmpty()) {
        QPointer<ZooKeeperClient> self(this);
        startSaslLogin(readOnly);
        return self && m_socket == socket;
    }
    return finishSessionSetup(readOnly);
}

bool ZooKeeperClient::finishSessionSetup(bool readOnly)
{
    QTcpSocket *socket = m_socket;
    // Credentials, then watches, then what waited: the server handles them in this order, so the
    // waiting requests already run with the session's identities.
    m_authReplies.clear();
    std::vector<std::pair<AuthInfo, Callback<void>>> waiting = std::move(m_pendingAuthCallbacks);
    m_pendingAuthCallbacks.clear();
    for (const AuthInfo &auth : m_auths) {
        sendAuth(auth);
        Callback<void> callback;
        auto found = std::find_if(waiting.begin(), waiting.end(), [&](const auto &entry) {
            return entry.first.scheme == auth.scheme && entry.first.auth == auth.auth;
        });
        if (found != waiting.end()) {
            callback = std::move(found->second);
            waiting.erase(found);
        }
        m_authReplies.push_back(std::move(callback));
    }
    if (!m_watches.isEmpty()) {
        for (WatchRegistry::SetWatchesPacket &packet : m_watches.setWatchesPackets(m_lastZxid, m_connectString)) {
            PendingRequest request;
            request.xid = Xid::SetWatches;
            request.opCode = packet.opCode;
            request.body = std::move(packet.body);
            sendRequest(std::move(request));
        }
    }
    std::deque<PendingRequest> queued = std::move(m_queued);
    m_queued.clear();
    for (PendingRequest &request : queued)
        sendRequest(std::move(request));

    QPointer<ZooKeeperClient> self(this);
    setState(readOnly ? State::ConnectedReadOnly : State::Connected);
    return self && m_socket == socket;
}

// ---- SASL login: tokens travel in sasl requests with ordinary xids, as the Java client sends them.

void ZooKeeperClient::startSaslLogin(bool readOnly)
{
    m_saslLogin = std::make_unique<SaslDigestClient>(m_options.saslUser, m_options.saslPassword);
    const std::optional<QByteArray> first = m_saslLogin->start();
    if (!first) {
        failSaslLogin(m_saslLogin->errorString());
        return;
    }
    sendSaslToken(*first, readOnly);
}

void ZooKeeperClient::sendSaslToken(const QByteArray &token, bool readOnly)
{
    auto reply = std::make_shared<QByteArray>();
    PendingRequest request;
    request.opCode = OpCode::Sasl;
    request.body = proto::serialize(proto::SaslToken{token});
    request.decode = [reply](proto::JuteReader &reader) {
        proto::SaslToken answer;
        reader(answer);
        *reply = answer.token;
        return !reader.failed();
    };
    QPointer<ZooKeeperClient> self(this);
    QTcpSocket *socket = m_socket;
    request.finish = [this, self, socket, reply, readOnly](ErrorCode error) {
        // A lost connection fails this request too; the next connection logs in afresh.
        if (!self || m_socket != socket || !m_saslLogin || error == ErrorCode::ConnectionLoss)
            return;
        handleSaslReply(error, *reply, readOnly);
    };
    sendRequest(std::move(request));
}

void ZooKeeperClient::handleSaslReply(ErrorCode error, const QByteArray &token, bool readOnly)
{
    if (error != ErrorCode::Ok) {
        failSaslLogin(tr("the server answered %1").arg(errorText(error)));
        return;
    }
    if (token.isNull()) {
        failSaslLogin(tr("the server sent no SASL token (it has no SASL configuration, or it tolerated a failed "
                         "login)"));
        return;
    }
    const std::optional<QByteArray> answer = m_saslLogin->step(token);
    if (!answer) {
        failSaslLogin(m_saslLogin->errorString());
        return;
    }
    if (!m_saslLogin->isComplete()) {
        sendSaslToken(*answer, readOnly);
        return;
    }
    m_saslLogin.reset();
    finishSessionSetup(readOnly);
}

void ZooKeeperClient::failSaslLogin(const QString &reason)
{
    m_saslLogin.reset();
    m_errorString = tr("SASL authentication failed: %1").arg(reason);
    QPointer<ZooKeeperClient> self(this);
    Q_EMIT connectionError(m_errorString);
    if (self)
        enterFinalState(State::AuthFailed, ErrorCode::AuthFailed);
}

void ZooKeeperClient::handleNotification(proto::JuteReader &reader, std::int64_t zxid)
{
    proto::WatcherEvent event;
    reader(event);
    if (reader.failed()) {
        protocolError(tr("malformed watch notification"));
        return;
    }
    if (m_state == State::Closed)
        return; // close() was called: nobody expects events any more
    const std::optional<QString> path = m_connectString.toClientPath(event.path);
    if (!path)
        return; // outside the chroot: not for this client (Java logs and drops it too)
    const WatchEvent notification{WatchEvent::Type(event.type), WatchEvent::State(event.state), *path,
                                  zxid > 0 ? zxid : -1};
    m_watches.consume(notification);
    Q_EMIT watchEvent(notification);
}

void ZooKeeperClient::handleAuthReply(ErrorCode error)
{
    Callback<void> done;
    if (!m_authReplies.empty()) {
        done = std::move(m_authReplies.front());
        m_authReplies.pop_front();
    }
    QPointer<ZooKeeperClient> self(this);
    if (done)
        done(Result<void>{error});
    if (!self || error != ErrorCode::AuthFailed || m_state == State::Closed)
        return;
    m_errorString = tr("Authentication failed");
    enterFinalState(State::AuthFailed, ErrorCode::AuthFailed);
}

void ZooKeeperClient::heartbeat()
{
    if (!m_socket || !m_handshakeDone)
        return;
    // Java's rule: the connection is dead after two thirds of the session timeout in silence, and
    // a ping goes out after a third of it without sending, so a live server always answers in time.
    if (m_sinceReceive.elapsed() > m_negotiatedTimeoutMs * 2 / 3) {
        connectionLost(tr("No answer from %1 for %2 ms (session timeout %3 ms)")
                           .arg(m_server.toString())
                           .arg(m_sinceReceive.elapsed())
                           .arg(m_negotiatedTimeoutMs));
        return;
    }
    if (m_sinceSend.elapsed() >= m_negotiatedTimeoutMs / 3)
        sendFrame(proto::serialize(proto::RequestHeader{Xid::Ping, OpCode::Ping}));
}

// ---- Losing and ending

void ZooKeeperClient::protocolError(const QString &reason)
{
    connectionLost(tr("Protocol error from %1: %2").arg(m_server.toString(), reason));
}

void ZooKeeperClient::connectionLost(const QString &reason)
{
    if (!m_socket)
        return;
    const bool wasEstablished = m_handshakeDone;
    releaseSocket(false);
    m_errorString = reason;
    if (m_closing) {
        finishClose();
        return;
    }
    QPointer<ZooKeeperClient> self(this);
    failAll(ErrorCode::ConnectionLoss);
    if (!self)
        return;
    Q_EMIT connectionError(reason);
    if (!self || m_socket || m_attemptTimer.isActive() || m_state == State::Closed || isFinal())
        return; // a callback closed or reopened the client
    if (wasEstablished) {
        setState(State::Disconnected);
        if (!self || m_state != State::Disconnected)
            return;
        scheduleAttempt(m_options.reconnectDelayMs);
        return;
    }
    // Try the next server at once; after a whole round of failures, back off (with jitter, so
    // many clients do not come back in step).
    ++m_failedAttempts;
    const int servers = int(m_servers.size());
    if (m_failedAttempts % servers != 0) {
        scheduleAttempt(0);
        return;
    }
    const int rounds = std::min(m_failedAttempts / servers, 8);
    const int backoff = std::min(m_options.maxReconnectBackoffMs, 50 << rounds);
    scheduleAttempt(backoff - int(QRandomGenerator::global()->bounded(backoff / 4 + 1)));
}

void ZooKeeperClient::enterFinalState(State state, ErrorCode pendingError)
{
    releaseSocket(false);
    m_attemptTimer.stop();
    QPointer<ZooKeeperClient> self(this);
    setState(state);
    if (self)
        failAll(pendingError);
}

void ZooKeeperClient::finishClose()
{
    m_closing = false;
    releaseSocket(true);
    failAll(ErrorCode::SessionExpired);
}

void ZooKeeperClient::releaseSocket(bool graceful)
{
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    m_connectTimer.stop();
    m_heartbeatTimer.stop();
    m_closeTimer.stop();
    m_handshakeDone = false;
    m_decoder.reset();
    if (!socket)
        return;
    disconnect(socket, nullptr, this, nullptr);
    if (graceful && socket->state() == QAbstractSocket::ConnectedState) {
        // Let what was written (closeSession) reach the server before the FIN.
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(std::max(1, m_options.closeTimeoutMs), socket, &QObject::deleteLater);
        socket->disconnectFromHost();
        return;
    }
    socket->abort();
    socket->deleteLater();
}

void ZooKeeperClient::failAll(ErrorCode error)
{
    reclaimBackgroundDecode();
    // Take everything first: a callback may issue new requests, which must not be failed here.
    std::deque<PendingRequest> sent = std::move(m_sent);
    std::deque<PendingRequest> queued = std::move(m_queued);
    std::deque<Callback<void>> authReplies = std::move(m_authReplies);
    std::vector<std::pair<AuthInfo, Callback<void>>> waitingAuth = std::move(m_pendingAuthCallbacks);
    m_sent.clear();
    m_queued.clear();
    m_authReplies.clear();
    m_pendingAuthCallbacks.clear();
    QPointer<ZooKeeperClient> self(this);
    for (PendingRequest &request : sent) {
        if (request.finish)
            request.finish(error);
        if (!self)
            return;
    }
    for (Callback<void> &done : authReplies) {
        if (done)
            done(Result<void>{error});
        if (!self)
            return;
    }
    for (auto &entry : waitingAuth) {
        if (entry.second)
            entry.second(Result<void>{error});
        if (!self)
            return;
    }
    for (PendingRequest &request : queued) {
        if (request.finish)
            request.finish(error);
        if (!self)
            return;
    }
}

void ZooKeeperClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace zooscope::client
