#include "DataTree.h"

#include "proto/Events.h"
#include "proto/PathValidation.h"

namespace zooscope::tree {

using proto::ErrorCode;
namespace OpCode = proto::OpCode;

namespace {
using namespace proto::EventType;

proto::AclList readAclUnsafe()
{
    return {proto::Acl{1, proto::Id{"world", "anyone"}}};
}

template <typename Record>
const Record *bodyAs(const proto::SingleTxnBody &body)
{
    return std::get_if<Record>(&body);
}
} // namespace

DataTree::DataTree()
{
    clear();
}

void DataTree::clear()
{
    m_nodes.clear();
    m_ephemerals.clear();
    m_containers.clear();
    m_ttlNodes.clear();
    m_dataSize = 0;
    m_lastProcessedZxid = 0;
    m_aclCache = AclCache();

    // The fixed nodes of a fresh ZooKeeper: "/", "/zookeeper" with "quota" and "config".
    // Their children were added without counting, so the exposed cversion starts negative.
    DataNode root;
    root.data = QByteArray("");
    root.children.insert("zookeeper");
    m_nodes.insert("/", root);
    DataNode system;
    system.data = QByteArray("");
    system.children = {"quota", "config"};
    m_nodes.insert("/zookeeper", system);
    DataNode quota;
    quota.data = QByteArray("");
    m_nodes.insert("/zookeeper/quota", quota);
    DataNode config;
    config.data = QByteArray("");
    config.aclId = m_aclCache.acquire(readAclUnsafe());
    config.stat.aversion = -1;
    m_nodes.insert("/zookeeper/config", config);
}

void DataTree::clearForRestore()
{
    clear();
    m_nodes.clear();
    m_aclCache = AclCache();
}

const DataNode *DataTree::find(const QByteArray &path) const
{
    const auto found = m_nodes.constFind(path.isEmpty() ? QByteArray("/") : path);
    return found == m_nodes.cend() ? nullptr : &*found;
}

DataNode *DataTree::findMutable(const QByteArray &path)
{
    const auto found = m_nodes.find(path.isEmpty() ? QByteArray("/") : path);
    return found == m_nodes.end() ? nullptr : &*found;
}

proto::Stat DataTree::exposedStat(const DataNode &node) const
{
    const proto::StatPersisted &persisted = node.stat;
    proto::Stat stat;
    stat.czxid = persisted.czxid;
    stat.mzxid = persisted.mzxid;
    stat.ctime = persisted.ctime;
    stat.mtime = persisted.mtime;
    stat.version = persisted.version;
    const auto numChildren = std::int32_t(node.children.size());
    // Stored cversion counts creates; clients see creates + deletes (= 2 * creates - children).
    stat.cversion = std::int32_t(std::uint32_t(persisted.cversion) * 2u - std::uint32_t(numChildren));
    stat.aversion = persisted.aversion;
    // Clients see only session owners; container and TTL markers read as 0.
    stat.ephemeralOwner = EphemeralOwner::isSessionOwned(persisted.ephemeralOwner) ? persisted.ephemeralOwner : 0;
    stat.dataLength = std::int32_t(node.data.size());
    stat.numChildren = numChildren;
    stat.pzxid = persisted.pzxid;
    return stat;
}

std::int32_t DataTree::allChildrenNumber(const QByteArray &path) const
{
    if (path.isEmpty())
        return std::int32_t(m_nodes.size());
    const DataNode *start = find(path);
    if (!start)
        return 0;
    std::int32_t count = 0;
    std::vector<QByteArray> pending{path == "/" ? QByteArray() : path};
    while (!pending.empty()) {
        const QByteArray current = std::move(pending.back());
        pending.pop_back();
        const DataNode *node = find(current.isEmpty() ? QByteArray("/") : current);
        if (!node)
            continue;
        for (const QByteArray &child : node->children) {
            ++count;
            pending.push_back(current + '/' + child);
        }
    }
    return count;
}

std::shared_ptr<const proto::AclList> DataTree::aclPointer(std::int64_t aclId) const
{
    return std::make_shared<const proto::AclList>(m_aclCache.lookup(aclId));
}

void DataTree::removeWatcher(WatcherId watcher)
{
    m_dataWatches.removeWatcher(watcher);
    m_childWatches.removeWatcher(watcher);
}

DataNode &DataTree::insertRestoredNode(const QByteArray &path, DataNode node)
{
    const std::int64_t owner = node.stat.ephemeralOwner;
    if (EphemeralOwner::isContainer(owner))
        m_containers.insert(path);
    else if (EphemeralOwner::isTtl(owner))
        m_ttlNodes.insert(path);
    else if (owner != 0)
        m_ephemerals[owner].insert(path);
    m_dataSize += path.size() + node.data.size();
    if (path != "/") {
        if (DataNode *parent = findMutable(proto::parentPath(path)))
            parent->children.insert(proto::childName(path));
    }
    return *m_nodes.insert(path, std::move(node));
}

ErrorCode DataTree::createNode(const QByteArray &path, const QByteArray &data, const proto::AclList &acl,
                               std::int64_t ephemeralOwner, std::int32_t parentCVersion, std::int64_t zxid,
                               std::int64_t time, proto::Stat *createdStat,
                               std::vector<Notification> &notifications)
{
    const QByteArray parentName = proto::parentPath(path);
    DataNode *parent = findMutable(parentName);
    if (!parent)
        return ErrorCode::NoNode;
    if (m_nodes.contains(path))
        return ErrorCode::NodeExists;
    if (parentCVersion == -1)
        parentCVersion = parent->stat.cversion + 1;
    // Replaying a log over a fuzzy snapshot must never move cversion or pzxid backwards.
    if (parentCVersion > parent->stat.cversion) {
        parent->stat.cversion = parentCVersion;
        parent->stat.pzxid = zxid;
    }
    parent->children.insert(proto::childName(path));
    // QHash may move its entries on insert: nothing below may use `parent`.
    const std::int64_t parentAclId = parent->aclId;

    DataNode child;
    child.data = data;
    child.aclId = m_aclCache.acquire(acl);
    child.stat.czxid = zxid;
    child.stat.mzxid = zxid;
    child.stat.ctime = time;
    child.stat.mtime = time;
    child.stat.ephemeralOwner = ephemeralOwner;
    child.stat.pzxid = zxid;
    m_dataSize += path.size() + data.size();
    const std::int64_t childAclId = child.aclId;
    const DataNode &inserted = *m_nodes.insert(path, std::move(child));

    if (EphemeralOwner::isContainer(ephemeralOwner))
        m_containers.insert(path);
    else if (EphemeralOwner::isTtl(ephemeralOwner))
        m_ttlNodes.insert(path);
    else if (ephemeralOwner != 0)
        m_ephemerals[ephemeralOwner].insert(path);
    if (createdStat)
        *createdStat = exposedStat(inserted);

    if (m_dataWatches.pathCount() > 0 || m_childWatches.pathCount() > 0) {
        m_dataWatches.trigger(path, NodeCreated, notifications, aclPointer(childAclId));
        m_childWatches.trigger(parentName, NodeChildrenChanged, notifications, aclPointer(parentAclId));
    }
    return ErrorCode::Ok;
}

ErrorCode DataTree::deleteNode(const QByteArray &path, std::int64_t zxid, std::vector<Notification> &notifications)
{
    const QByteArray parentName = proto::parentPath(path);
    DataNode *parent = findMutable(parentName);
    if (!parent)
        return ErrorCode::NoNode;
    parent->children.remove(proto::childName(path));
    if (zxid > parent->stat.pzxid)
        parent->stat.pzxid = zxid;
    // QHash may move its entries on erase: nothing below may use `parent`.
    const std::int64_t parentAclId = parent->aclId;

    auto found = m_nodes.find(path);
    if (found == m_nodes.end() || path == "/")
        return ErrorCode::NoNode;
    const std::int64_t owner = found->stat.ephemeralOwner;
    const bool anyWatches = m_dataWatches.pathCount() > 0 || m_childWatches.pathCount() > 0;
    const auto nodeAcl = anyWatches ? aclPointer(found->aclId) : nullptr;
    m_dataSize -= path.size() + found->data.size();
    m_aclCache.release(found->aclId);
    m_nodes.erase(found);

    if (EphemeralOwner::isContainer(owner)) {
        m_containers.remove(path);
    } else if (EphemeralOwner::isTtl(owner)) {
        m_ttlNodes.remove(path);
    } else if (owner != 0) {
        auto paths = m_ephemerals.find(owner);
        if (paths != m_ephemerals.end()) {
            paths->remove(path);
            if (paths->isEmpty())
                m_ephemerals.erase(paths);
        }
    }

    if (!anyWatches)
        return ErrorCode::Ok;
    QSet<WatcherId> notified;
    m_dataWatches.trigger(path, NodeDeleted, notifications, nodeAcl, nullptr, &notified);
    m_childWatches.trigger(path, NodeDeleted, notifications, nodeAcl, &notified);
    m_childWatches.trigger(parentName, NodeChildrenChanged, notifications, aclPointer(parentAclId));
    return ErrorCode::Ok;
}

void DataTree::killSession(std::int64_t sessionId, std::int64_t zxid, const std::vector<QByteArray> &paths,
                           std::vector<Notification> &notifications)
{
    for (const QByteArray &path : paths)
        deleteNode(path, zxid, notifications);
    // Whatever the transaction did not list (older logs list nothing) goes too.
    const QSet<QByteArray> remaining = m_ephemerals.take(sessionId);
    for (const QByteArray &path : remaining) {
        const DataNode *node = find(path);
        if (node && node->stat.ephemeralOwner == sessionId)
            deleteNode(path, zxid, notifications);
    }
}

ApplyResult DataTree::applySingle(const proto::TxnHeader &header, std::int32_t type,
                                  const proto::SingleTxnBody &body, std::vector<Notification> &notifications)
{
    ApplyResult result;
    result.type = type;
    switch (type) {
    case OpCode::Create:
    case OpCode::Create2:
        if (const auto *txn = bodyAs<proto::CreateTxn>(body)) {
            result.path = txn->path;
            result.err = createNode(txn->path, txn->data, txn->acl, txn->ephemeral ? header.clientId : 0,
                                    txn->parentCVersion, header.zxid, header.time, &result.stat, notifications);
        }
        break;
    case OpCode::CreateTtl:
        if (const auto *txn = bodyAs<proto::CreateTtlTxn>(body)) {
            result.path = txn->path;
            result.err = createNode(txn->path, txn->data, txn->acl, EphemeralOwner::forTtl(txn->ttl),
                                    txn->parentCVersion, header.zxid, header.time, &result.stat, notifications);
        }
        break;
    case OpCode::CreateContainer:
        if (const auto *txn = bodyAs<proto::CreateContainerTxn>(body)) {
            result.path = txn->path;
            result.err = createNode(txn->path, txn->data, txn->acl, EphemeralOwner::Container,
                                    txn->parentCVersion, header.zxid, header.time, &result.stat, notifications);
        }
        break;
    case OpCode::Delete:
    case OpCode::DeleteContainer:
        if (const auto *txn = bodyAs<proto::DeleteTxn>(body)) {
            result.path = txn->path;
            result.err = deleteNode(txn->path, header.zxid, notifications);
        }
        break;
    case OpCode::SetData:
    case OpCode::Reconfig:
        if (const auto *txn = bodyAs<proto::SetDataTxn>(body)) {
            result.path = txn->path;
            DataNode *node = findMutable(txn->path);
            if (!node) {
                result.err = ErrorCode::NoNode;
                break;
            }
            m_dataSize += txn->data.size() - node->data.size();
            node->data = txn->data;
            node->stat.mtime = header.time;
            node->stat.mzxid = header.zxid;
            node->stat.version = txn->version;
            result.stat = exposedStat(*node);
            if (m_dataWatches.pathCount() > 0)
                m_dataWatches.trigger(txn->path, NodeDataChanged, notifications, aclPointer(node->aclId));
        }
        break;
    case OpCode::SetAcl:
        if (const auto *txn = bodyAs<proto::SetAclTxn>(body)) {
            result.path = txn->path;
            DataNode *node = findMutable(txn->path);
            if (!node) {
                result.err = ErrorCode::NoNode;
                break;
            }
            m_aclCache.release(node->aclId);
            node->aclId = m_aclCache.acquire(txn->acl);
            node->stat.aversion = txn->version;
            result.stat = exposedStat(*node);
        }
        break;
    case OpCode::CloseSession: {
        const auto *txn = bodyAs<proto::CloseSessionTxn>(body);
        killSession(header.clientId, header.zxid, txn ? txn->paths2Delete : std::vector<QByteArray>{},
                    notifications);
        break;
    }
    case OpCode::Error:
        if (const auto *txn = bodyAs<proto::ErrorTxn>(body))
            result.err = ErrorCode(txn->err);
        break;
    case OpCode::Check:
        if (const auto *txn = bodyAs<proto::CheckVersionTxn>(body))
            result.path = txn->path;
        break;
    default:
        break;
    }
    return result;
}

ApplyResult DataTree::apply(const proto::Transaction &transaction, std::vector<Notification> &notifications)
{
    const proto::TxnHeader &header = transaction.header;
    ApplyResult result;
    if (header.type != OpCode::Multi) {
        result = applySingle(header, header.type, transaction.body, notifications);
    } else {
        result.type = OpCode::Multi;
        // A failed multi holds error sub-transactions only: the ones before the failing op
        // report Ok, the failing one its code, the ones after RuntimeInconsistency.
        const bool failed = std::any_of(transaction.multi.txns.begin(), transaction.multi.txns.end(),
                                        [](const proto::SubTxn &sub) { return sub.type == OpCode::Error; });
        bool afterFailure = false;
        for (const proto::SubTxn &sub : transaction.multi.txns) {
            ApplyResult subResult;
            if (sub.type == OpCode::Error) {
                afterFailure = true;
                subResult = applySingle(header, sub.type, sub.body, notifications);
            } else if (failed) {
                const auto code = afterFailure ? ErrorCode::RuntimeInconsistency : ErrorCode::Ok;
                subResult = applySingle(header, OpCode::Error, proto::ErrorTxn{std::int32_t(code)}, notifications);
            } else {
                subResult = applySingle(header, sub.type, sub.body, notifications);
            }
            if (subResult.err != ErrorCode::Ok && result.err == ErrorCode::Ok)
                result.err = subResult.err;
            result.multi.push_back(std::move(subResult));
        }
    }
    if (header.zxid > m_lastProcessedZxid)
        m_lastProcessedZxid = header.zxid;
    return result;
}

} // namespace zooscope::tree
