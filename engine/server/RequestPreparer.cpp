#include "RequestPreparer.h"

#include "SessionTracker.h"
#include "proto/PathValidation.h"

namespace zooscope::server {

using proto::ErrorCode;
namespace OpCode = proto::OpCode;
namespace EphemeralOwner = tree::EphemeralOwner;

namespace {

// CreateMode flags (ZooKeeper's CreateMode.fromFlag).
struct CreateMode
{
    bool ephemeral = false;
    bool sequential = false;
    bool container = false;
    bool ttl = false;
};

std::optional<CreateMode> createModeFromFlags(std::int32_t flags)
{
    switch (flags) {
    case 0: return CreateMode{};
    case 1: return CreateMode{true, false, false, false};
    case 2: return CreateMode{false, true, false, false};
    case 3: return CreateMode{true, true, false, false};
    case 4: return CreateMode{false, false, true, false};
    case 5: return CreateMode{false, false, false, true};
    case 6: return CreateMode{false, true, false, true};
    default: return std::nullopt;
    }
}

// The write ops a multi may hold, decoded from its MultiHeader stream.
struct MultiOp
{
    std::int32_t type = 0;
    QByteArray body;
    // Apache ZooKeeper fails the whole request (MarshallingError) when it reaches such an op.
    bool failsWholeRequest = false;
};

template <typename Record>
bool decodeInto(proto::JuteReader &reader, QByteArray &body)
{
    Record record;
    reader(record);
    if (reader.failed())
        return false;
    body = proto::serialize(record);
    return true;
}

std::optional<std::vector<MultiOp>> decodeMultiOps(const QByteArray &body)
{
    proto::JuteReader reader(body);
    std::vector<MultiOp> ops;
    while (true) {
        proto::MultiHeader header;
        reader(header);
        if (reader.failed())
            return std::nullopt;
        if (header.done)
            return ops;
        MultiOp op{header.type, {}};
        bool decoded = false;
        switch (header.type) {
        case OpCode::Create:
        case OpCode::Create2:
        case OpCode::CreateContainer: {
            proto::CreateRequest request;
            reader(request);
            decoded = !reader.failed();
            // A TTL mode through a plain create op makes Apache ZooKeeper fail the whole request.
            op.failsWholeRequest = request.flags == 5 || request.flags == 6;
            // ZooKeeper rebuilds the op from its flags: a container flag makes createContainer,
            // anything else a plain create (whose result carries no Stat).
            op.type = request.flags == 4 ? OpCode::CreateContainer : OpCode::Create;
            op.body = proto::serialize(request);
            break;
        }
        case OpCode::CreateTtl: {
            proto::CreateTtlRequest request;
            reader(request);
            decoded = !reader.failed();
            if (request.flags == 5 || request.flags == 6) {
                op.body = proto::serialize(request);
            } else {
                // Without a TTL mode ZooKeeper rebuilds a plain create and drops the TTL.
                op.type = request.flags == 4 ? OpCode::CreateContainer : OpCode::Create;
                op.body = proto::serialize(proto::CreateRequest{request.path, request.data, request.acl, request.flags});
            }
            break;
        }
        case OpCode::Delete:
            decoded = decodeInto<proto::DeleteRequest>(reader, op.body);
            break;
        case OpCode::SetData:
            decoded = decodeInto<proto::SetDataRequest>(reader, op.body);
            break;
        case OpCode::Check:
            decoded = decodeInto<proto::CheckVersionRequest>(reader, op.body);
            break;
        default:
            return std::nullopt;
        }
        if (!decoded)
            return std::nullopt;
        ops.push_back(std::move(op));
    }
}

} // namespace

QByteArray sequenceSuffix(std::int32_t counter)
{
    // Java's String.format("%010d"): width 10 including the sign, zero padded after it.
    if (counter >= 0)
        return QByteArray::number(counter).rightJustified(10, '0');
    return '-' + QByteArray::number(-std::int64_t(counter)).rightJustified(9, '0');
}

RequestPreparer::RequestPreparer(const tree::DataTree &tree, const SessionTracker &sessions,
                                 const ServerConfig &config)
    : m_tree(tree), m_sessions(sessions), m_config(config), m_quotas(tree)
{
}

void RequestPreparer::checkQuota(const QByteArray &path, qint64 bytesDiff, qint64 countDiff)
{
    if (m_config.enforceQuota && !m_quotas.allows(path, bytesDiff, countDiff))
        throw KeeperError{ErrorCode::QuotaExceeded};
}

std::optional<RequestPreparer::ChangeRecord> RequestPreparer::outstandingFor(const QByteArray &path) const
{
    const auto found = m_outstandingByPath.constFind(path);
    if (found == m_outstandingByPath.cend())
        return std::nullopt;
    return *found;
}

RequestPreparer::ChangeRecord RequestPreparer::recordFor(const QByteArray &path) const
{
    if (auto outstanding = outstandingFor(path)) {
        if (!outstanding->stat)
            throw KeeperError{ErrorCode::NoNode};
        return *outstanding;
    }
    const tree::DataNode *node = m_tree.find(path);
    if (!node)
        throw KeeperError{ErrorCode::NoNode};
    return ChangeRecord{-1, path, node->stat(), node->childCount(), m_tree.aclOf(*node), node->dataLength()};
}

void RequestPreparer::addChangeRecord(ChangeRecord record)
{
    m_outstandingByPath.insert(record.path, record);
    m_outstanding.push_back(std::move(record));
}

void RequestPreparer::applied(std::int64_t zxid)
{
    while (!m_outstanding.empty() && m_outstanding.front().zxid <= zxid) {
        const ChangeRecord &record = m_outstanding.front();
        auto latest = m_outstandingByPath.find(record.path);
        if (latest != m_outstandingByPath.end() && latest->zxid <= zxid)
            m_outstandingByPath.erase(latest);
        m_outstanding.pop_front();
    }
}

bool createsEphemeralNode(std::int32_t type, const QByteArray &body)
{
    auto ephemeral = [](std::int32_t flags) { return flags == 1 || flags == 3; };
    if (type == OpCode::Create || type == OpCode::Create2) {
        proto::CreateRequest request;
        return proto::deserialize(body, request) && ephemeral(request.flags);
    }
    if (type != OpCode::Multi)
        return false;
    const std::optional<std::vector<MultiOp>> ops = decodeMultiOps(body);
    if (!ops)
        return false;
    for (const MultiOp &op : *ops) {
        proto::CreateRequest request;
        if (op.type == OpCode::Create && proto::deserialize(op.body, request) && ephemeral(request.flags))
            return true;
    }
    return false;
}

void RequestPreparer::checkSession(const RequestContext &context) const
{
    if (!m_sessions.isActive(context.sessionId)) {
        // ZooKeeper's LeaderSessionTracker: a local session is checked by the member that holds it; the
        // leader accepts a session it does not know when its id says another member made it.
        const bool remoteLocalSession = (context.sessionId >> 56) != m_config.sessionIdPrefix;
        if (m_config.localSessionsEnabled && (context.localSession || remoteLocalSession))
            return;
        throw KeeperError{ErrorCode::SessionExpired};
    }
    // ZooKeeper's SessionTrackerImpl.checkSession: requests still arriving through the member the
    // client left are refused once its session reconnected elsewhere.
    const Session *session = m_sessions.find(context.sessionId);
    if (context.owner != 0 && session->owner != 0 && session->owner != context.owner)
        throw KeeperError{ErrorCode::SessionMoved};
}

void RequestPreparer::checkAcl(const proto::AclList &acl, std::int32_t permission,
                               const RequestContext &context) const
{
    static const AuthIds noIds;
    if (!isPermitted(acl, permission, context.authIds ? *context.authIds : noIds))
        throw KeeperError{ErrorCode::NoAuth};
}

void RequestPreparer::validatePath(const QByteArray &path)
{
    if (!proto::isValidPath(path))
        throw KeeperError{ErrorCode::BadArguments};
}

QByteArray RequestPreparer::parentForDelete(const QByteArray &path) const
{
    const qsizetype lastSlash = path.lastIndexOf('/');
    if (lastSlash < 0 || path.contains('\0') || path == "/" || path == "/zookeeper"
        || path == "/zookeeper/quota" || path == "/zookeeper/config")
        throw KeeperError{ErrorCode::BadArguments};
    return proto::parentPath(path);
}

std::int32_t RequestPreparer::checkAndIncrementVersion(std::int32_t current, std::int32_t expected)
{
    if (expected != -1 && expected != current)
        throw KeeperError{ErrorCode::BadVersion};
    return std::int32_t(std::uint32_t(current) + 1u);
}

proto::SubTxn RequestPreparer::prepareCreate(std::int32_t type, const QByteArray &body,
                                             const RequestContext &context, std::int64_t zxid)
{
    QByteArray path;
    QByteArray data;
    proto::AclList acl;
    std::int32_t flags = 0;
    std::int64_t ttl = -1;
    if (type == OpCode::CreateTtl) {
        proto::CreateTtlRequest request;
        if (!proto::deserialize(body, request))
            throw KeeperError{ErrorCode::MarshallingError};
        path = request.path;
        data = request.data;
        acl = request.acl;
        flags = request.flags;
        ttl = request.ttl;
    } else {
        proto::CreateRequest request;
        if (!proto::deserialize(body, request))
            throw KeeperError{ErrorCode::MarshallingError};
        path = request.path;
        data = request.data;
        acl = request.acl;
        flags = request.flags;
    }
    const std::optional<CreateMode> mode = createModeFromFlags(flags);
    if (!mode)
        throw KeeperError{ErrorCode::BadArguments};
    if (mode->ttl && !m_config.extendedTypesEnabled)
        throw KeeperError{ErrorCode::Unimplemented};
    if (mode->ttl ? (ttl <= 0 || ttl > EphemeralOwner::MaxTtl) : ttl >= 0)
        throw KeeperError{ErrorCode::BadArguments};
    // Apache ZooKeeper 3.8.0 accepts createTTL with a non-TTL mode and a negative TTL, then dies
    // applying it; ZooScope refuses it like any other invalid TTL.
    if (type == OpCode::CreateTtl && !mode->ttl)
        throw KeeperError{ErrorCode::BadArguments};
    checkSession(context);
    if (path.lastIndexOf('/') < 0 || path.contains('\0'))
        throw KeeperError{ErrorCode::BadArguments};
    const QByteArray parentName = proto::parentPath(path);

    static const AuthIds noIds;
    const std::optional<proto::AclList> fixedAcl =
        fixupAcl(acl, context.authIds ? *context.authIds : noIds, m_config.sasl.aclSchemeEnabled);
    if (!fixedAcl)
        throw KeeperError{ErrorCode::InvalidAcl};
    ChangeRecord parent = recordFor(parentName);
    checkAcl(parent.acl, Permission::Create, context);
    const std::int32_t parentCVersion = parent.stat->cversion;
    if (mode->sequential)
        path += sequenceSuffix(parentCVersion);
    validatePath(path);
    try {
        recordFor(path);
        throw KeeperError{ErrorCode::NodeExists};
    } catch (const KeeperError &error) {
        if (error.code != ErrorCode::NoNode)
            throw;
    }
    if (EphemeralOwner::isSessionOwned(parent.stat->ephemeralOwner))
        throw KeeperError{ErrorCode::NoChildrenForEphemerals};
    const std::int32_t newCVersion = std::int32_t(std::uint32_t(parentCVersion) + 1u);
    checkQuota(path, data.size(), 1);

    proto::SubTxn sub;
    sub.type = type;
    if (type == OpCode::CreateContainer)
        sub.body = proto::CreateContainerTxn{path, data, *fixedAcl, newCVersion};
    else if (type == OpCode::CreateTtl)
        sub.body = proto::CreateTtlTxn{path, data, *fixedAcl, newCVersion, ttl};
    else
        sub.body = proto::CreateTxn{path, data, *fixedAcl, mode->ephemeral, newCVersion};

    std::int64_t ephemeralOwner = 0;
    if (mode->container)
        ephemeralOwner = EphemeralOwner::Container;
    else if (mode->ttl)
        ephemeralOwner = EphemeralOwner::forTtl(ttl);
    else if (mode->ephemeral)
        ephemeralOwner = context.sessionId;

    parent.zxid = zxid;
    parent.childCount++;
    parent.stat->cversion = newCVersion;
    parent.stat->pzxid = zxid;
    addChangeRecord(parent);
    proto::StatPersisted stat;
    stat.czxid = stat.mzxid = stat.pzxid = zxid;
    stat.ctime = stat.mtime = context.wallTimeMs;
    stat.ephemeralOwner = ephemeralOwner;
    addChangeRecord(ChangeRecord{zxid, path, stat, 0, *fixedAcl, data.size()});
    return sub;
}

proto::SubTxn RequestPreparer::prepareOne(std::int32_t type, const QByteArray &body, const RequestContext &context,
                                          std::int64_t zxid)
{
    switch (type) {
    case OpCode::Create:
    case OpCode::Create2:
    case OpCode::CreateContainer:
    case OpCode::CreateTtl:
        return prepareCreate(type, body, context, zxid);
    case OpCode::Delete:
    case OpCode::DeleteContainer: {
        proto::DeleteRequest request;
        if (type == OpCode::DeleteContainer) {
            // Only the server's own container cleanup may send this (sessionId 0). From a
            // client, Apache ZooKeeper reads the packet header as part of the path: BadArguments.
            if (context.sessionId != 0)
                throw KeeperError{ErrorCode::BadArguments};
            proto::DeleteContainerRequest containerRequest;
            if (!proto::deserialize(body, containerRequest))
                throw KeeperError{ErrorCode::MarshallingError};
            request.path = containerRequest.path;
        } else {
            if (!proto::deserialize(body, request))
                throw KeeperError{ErrorCode::MarshallingError};
            checkSession(context);
        }
        const QByteArray parentName = parentForDelete(request.path);
        ChangeRecord node;
        ChangeRecord parent;
        if (type == OpCode::DeleteContainer) {
            node = recordFor(request.path);
            if (node.childCount > 0)
                throw KeeperError{ErrorCode::NotEmpty};
            if (EphemeralOwner::isSessionOwned(node.stat->ephemeralOwner) || node.stat->ephemeralOwner == 0)
                throw KeeperError{ErrorCode::BadVersion};
            parent = recordFor(parentName);
        } else {
            parent = recordFor(parentName);
            checkAcl(parent.acl, Permission::Delete, context);
            node = recordFor(request.path);
            checkAndIncrementVersion(node.stat->version, request.version);
            if (node.childCount > 0)
                throw KeeperError{ErrorCode::NotEmpty};
        }
        parent.zxid = zxid;
        parent.childCount--;
        parent.stat->pzxid = zxid;
        addChangeRecord(parent);
        addChangeRecord(ChangeRecord{zxid, request.path, std::nullopt, -1, {}});
        return {type, proto::DeleteTxn{request.path}};
    }
    case OpCode::SetData: {
        proto::SetDataRequest request;
        if (!proto::deserialize(body, request))
            throw KeeperError{ErrorCode::MarshallingError};
        checkSession(context);
        validatePath(request.path);
        ChangeRecord node = recordFor(request.path);
        checkAcl(node.acl, Permission::Write, context);
        checkQuota(request.path, qint64(request.data.size()) - node.dataLength, 0);
        const std::int32_t newVersion = checkAndIncrementVersion(node.stat->version, request.version);
        node.zxid = zxid;
        node.dataLength = request.data.size();
        node.stat->version = newVersion;
        node.stat->mtime = context.wallTimeMs;
        node.stat->mzxid = zxid;
        addChangeRecord(node);
        return {type, proto::SetDataTxn{request.path, request.data, newVersion}};
    }
    case OpCode::SetAcl: {
        proto::SetAclRequest request;
        if (!proto::deserialize(body, request))
            throw KeeperError{ErrorCode::MarshallingError};
        checkSession(context);
        validatePath(request.path);
        static const AuthIds noIds;
        const std::optional<proto::AclList> fixedAcl =
            fixupAcl(request.acl, context.authIds ? *context.authIds : noIds, m_config.sasl.aclSchemeEnabled);
        if (!fixedAcl)
            throw KeeperError{ErrorCode::InvalidAcl};
        ChangeRecord node = recordFor(request.path);
        checkAcl(node.acl, Permission::Admin, context);
        const std::int32_t newVersion = checkAndIncrementVersion(node.stat->aversion, request.version);
        node.zxid = zxid;
        node.stat->aversion = newVersion;
        node.acl = *fixedAcl;
        addChangeRecord(node);
        return {type, proto::SetAclTxn{request.path, *fixedAcl, newVersion}};
    }
    case OpCode::Check: {
        proto::CheckVersionRequest request;
        if (!proto::deserialize(body, request))
            throw KeeperError{ErrorCode::MarshallingError};
        checkSession(context);
        validatePath(request.path);
        const ChangeRecord node = recordFor(request.path);
        checkAcl(node.acl, Permission::Read, context);
        return {type, proto::CheckVersionTxn{request.path,
                                             checkAndIncrementVersion(node.stat->version, request.version)}};
    }
    case OpCode::Reconfig: {
        // ZooKeeper 3.8's order of checks: enabled, session, on a leader, one at a time, what the request
        // asks for (BadArguments, BadVersion, NewConfigNoQuorum), and only then WRITE on /zookeeper/config
        // (which only the super user has by default; skipACL lets anyone).
        if (!m_config.reconfigEnabled)
            throw KeeperError{ErrorCode::ReconfigDisabled};
        proto::ReconfigRequest request;
        if (!proto::deserialize(body, request))
            throw KeeperError{ErrorCode::MarshallingError};
        checkSession(context);
        if (!m_reconfigPlanner)
            throw KeeperError{ErrorCode::Unimplemented};
        static const QByteArray configPath = "/zookeeper/config";
        if (outstandingFor(configPath))
            throw KeeperError{ErrorCode::ReconfigInProgress};
        const ReconfigPlan plan = m_reconfigPlanner(request, zxid);
        if (plan.error != ErrorCode::Ok)
            throw KeeperError{plan.error};
        ChangeRecord node = recordFor(configPath);
        if (!m_config.skipAcl)
            checkAcl(node.acl, Permission::Write, context);
        const std::int32_t newVersion = checkAndIncrementVersion(node.stat->version, -1);
        node.zxid = zxid;
        node.stat->version = newVersion;
        node.stat->mzxid = zxid;
        node.stat->mtime = context.wallTimeMs;
        addChangeRecord(node);
        return {type, proto::SetDataTxn{configPath, plan.configText, newVersion}};
    }
    default:
        throw KeeperError{ErrorCode::MarshallingError};
    }
}

void RequestPreparer::rollback(std::int64_t zxid, const QHash<QByteArray, std::optional<ChangeRecord>> &saved)
{
    // Forget every record of the failed multi (sequential names included), then let each touched
    // path fall back to its latest earlier record, if any.
    QSet<QByteArray> touched;
    for (auto it = saved.cbegin(); it != saved.cend(); ++it)
        touched.insert(it.key());
    while (!m_outstanding.empty() && m_outstanding.back().zxid == zxid) {
        touched.insert(m_outstanding.back().path);
        m_outstanding.pop_back();
    }
    for (const QByteArray &path : std::as_const(touched)) {
        m_outstandingByPath.remove(path);
        for (auto record = m_outstanding.rbegin(); record != m_outstanding.rend(); ++record) {
            if (record->path == path) {
                m_outstandingByPath.insert(path, *record);
                break;
            }
        }
    }
}

bool RequestPreparer::prepare(std::int32_t type, const QByteArray &body, const RequestContext &context,
                              std::int64_t zxid, proto::Transaction &transaction)
{
    transaction = proto::Transaction{};
    transaction.header = {context.sessionId, context.cxid, zxid, context.wallTimeMs, type};
    if (type != OpCode::Multi) {
        try {
            proto::SubTxn sub = prepareOne(type, body, context, zxid);
            transaction.body = std::move(sub.body);
        } catch (const KeeperError &error) {
            transaction.header.type = OpCode::Error;
            transaction.body = proto::ErrorTxn{std::int32_t(error.code)};
        }
        return true;
    }

    const std::optional<std::vector<MultiOp>> ops = decodeMultiOps(body);
    if (!ops) {
        transaction.header.type = OpCode::Error;
        transaction.body = proto::ErrorTxn{std::int32_t(ErrorCode::MarshallingError)};
        return true;
    }
    // Remember which paths this multi touches so a failure can restore their records.
    QHash<QByteArray, std::optional<ChangeRecord>> saved;
    for (const MultiOp &op : *ops) {
        proto::PathRequest pathOnly;
        proto::JuteReader reader(op.body);
        reader(pathOnly);
        saved.insert(pathOnly.path, outstandingFor(pathOnly.path));
        saved.insert(proto::parentPath(pathOnly.path), outstandingFor(proto::parentPath(pathOnly.path)));
    }
    bool failed = false;
    for (const MultiOp &op : *ops) {
        if (failed) {
            transaction.multi.txns.push_back(
                {OpCode::Error, proto::ErrorTxn{std::int32_t(ErrorCode::RuntimeInconsistency)}});
            continue;
        }
        if (op.failsWholeRequest) {
            transaction.header.type = OpCode::Error;
            transaction.body = proto::ErrorTxn{std::int32_t(ErrorCode::MarshallingError)};
            transaction.multi.txns.clear();
            return true;
        }
        try {
            transaction.multi.txns.push_back(prepareOne(op.type, op.body, context, zxid));
        } catch (const KeeperError &error) {
            failed = true;
            transaction.multi.txns.push_back({OpCode::Error, proto::ErrorTxn{std::int32_t(error.code)}});
            rollback(zxid, saved);
        }
    }
    return true;
}

proto::Transaction RequestPreparer::prepareCloseSession(const RequestContext &context, std::int64_t zxid)
{
    proto::Transaction transaction;
    transaction.header = {context.sessionId, context.cxid, zxid, context.wallTimeMs, OpCode::CloseSession};
    QSet<QByteArray> ephemerals = m_tree.ephemeralsOf(context.sessionId);
    for (const ChangeRecord &record : m_outstanding) {
        if (!record.stat)
            ephemerals.remove(record.path);
        else if (record.stat->ephemeralOwner == context.sessionId)
            ephemerals.insert(record.path);
    }
    std::vector<QByteArray> paths(ephemerals.begin(), ephemerals.end());
    std::sort(paths.begin(), paths.end());
    for (const QByteArray &path : paths) {
        try {
            ChangeRecord parent = recordFor(proto::parentPath(path));
            parent.zxid = zxid;
            parent.stat->pzxid = zxid;
            addChangeRecord(parent);
        } catch (const KeeperError &) {
        }
        addChangeRecord(ChangeRecord{zxid, path, std::nullopt, 0, {}});
    }
    transaction.body = proto::CloseSessionTxn{paths};
    return transaction;
}

proto::Transaction RequestPreparer::prepareCreateSession(const RequestContext &context, std::int64_t zxid,
                                                         std::int32_t timeoutMs)
{
    proto::Transaction transaction;
    transaction.header = {context.sessionId, context.cxid, zxid, context.wallTimeMs, OpCode::CreateSession};
    transaction.body = proto::CreateSessionTxn{timeoutMs};
    return transaction;
}

} // namespace zooscope::server
