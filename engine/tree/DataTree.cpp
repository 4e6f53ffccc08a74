#include "DataTree.h"

#include "proto/Events.h"
#include "proto/PathValidation.h"

#include <QtEndian>

#include <zlib.h>

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

DataTree::~DataTree()
{
    releaseAll();
}

namespace {
QByteArrayView parentOf(QByteArrayView path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash <= 0 ? QByteArrayView("/") : path.first(slash);
}

QByteArrayView nameOf(QByteArrayView path)
{
    return path.sliced(path.lastIndexOf('/') + 1);
}

} // namespace

void DataTree::releaseAll()
{
    // Child tables and large records are not arena blocks: free them node by node.
    std::vector<DataNode *> pending;
    if (m_root)
        pending.push_back(m_root);
    while (!pending.empty()) {
        DataNode *node = pending.back();
        pending.pop_back();
        if (auto *table = const_cast<ChildTable *>(node->children())) {
            for (std::uint32_t index = 0; index < table->capacity(); ++index) {
                if (DataNode *child = table->slots()[index])
                    pending.push_back(child);
            }
            ChildTable::destroy(table);
        }
        DataNode::destroy(m_arena, node);
    }
    m_root = nullptr;
    m_arena.clear();
    m_nodeCount = 0;
    m_dataSize = 0;
    m_changesDigest = 0;
    m_pendingRestoredDigest = {};
    m_restoredDigest = 0;
    m_restoreParentPath.clear();
    m_restoreParentSlot = nullptr;
}

void DataTree::clear()
{
    clearForRestore();
    // The fixed nodes of a fresh ZooKeeper: "/", "/zookeeper" with "quota" and "config".
    // Their children were added without counting, so the exposed cversion starts negative.
    const proto::StatPersisted fresh;
    insertRestoredNode("/", "", AclCache::OpenAclId, fresh);
    insertRestoredNode("/zookeeper", "", AclCache::OpenAclId, fresh);
    insertRestoredNode("/zookeeper/quota", "", AclCache::OpenAclId, fresh);
    proto::StatPersisted config;
    config.aversion = -1;
    insertRestoredNode("/zookeeper/config", "", m_aclCache.acquire(readAclUnsafe()), config);
    m_restoredDigest = std::uint64_t(recomputeDigest());
    m_changesDigest = 0;
}

void DataTree::clearForRestore()
{
    releaseAll();
    m_ephemerals.clear();
    m_containers.clear();
    m_ttlNodes.clear();
    m_quotaPaths.clear();
    m_lastProcessedZxid = 0;
    m_aclCache = AclCache();
}

DataNode **DataTree::locate(QByteArrayView path)
{
    if (!m_root)
        return nullptr;
    DataNode **slot = &m_root;
    qsizetype position = 1;
    while (position < path.size()) {
        qsizetype end = path.indexOf('/', position);
        if (end < 0)
            end = path.size();
        auto *table = const_cast<ChildTable *>((*slot)->children());
        if (!table)
            return nullptr;
        slot = table->find(path.sliced(position, end - position));
        if (!slot)
            return nullptr;
        position = end + 1;
    }
    return slot;
}

const DataNode *DataTree::find(QByteArrayView path) const
{
    if (path.isEmpty())
        return m_root;
    if (path.front() != '/' || (path.size() > 1 && path.back() == '/'))
        return nullptr;
    DataNode **slot = const_cast<DataTree *>(this)->locate(path);
    return slot ? *slot : nullptr;
}

std::int64_t DataTree::nodeDigest(QByteArrayView path, const DataNode &node)
{
    return nodeDigest(path, node.dataView(), node.stat());
}

std::int64_t DataTree::nodeDigest(QByteArrayView path, QByteArrayView data, const proto::StatPersisted &stat)
{
    // ZooKeeper's DigestCalculator: CRC32 of path, data and the persisted stat; system nodes count 0.
    if (path.startsWith("/zookeeper/"))
        return 0;
    const QByteArrayView digestPath = path == "/" ? QByteArrayView() : path;
    char fields[60];
    qToBigEndian(stat.czxid, fields);
    qToBigEndian(stat.mzxid, fields + 8);
    qToBigEndian(stat.pzxid, fields + 16);
    qToBigEndian(stat.ctime, fields + 24);
    qToBigEndian(stat.mtime, fields + 32);
    qToBigEndian(stat.version, fields + 40);
    qToBigEndian(stat.cversion, fields + 44);
    qToBigEndian(stat.aversion, fields + 48);
    qToBigEndian(stat.ephemeralOwner, fields + 52);
    uLong crc = ::crc32(0L, Z_NULL, 0);
    crc = ::crc32_z(crc, reinterpret_cast<const Bytef *>(digestPath.data()), size_t(digestPath.size()));
    crc = ::crc32_z(crc, reinterpret_cast<const Bytef *>(data.data()), size_t(data.size()));
    crc = ::crc32_z(crc, reinterpret_cast<const Bytef *>(fields), sizeof fields);
    return std::int64_t(crc);
}

bool DataTree::setSystemNodeData(QByteArrayView path, QByteArrayView data)
{
    DataNode **slot = locate(path);
    if (!slot)
        return false;
    DataNode::Fields fields = (*slot)->fields();
    const QByteArray copy = data.toByteArray(); // the old record may be where fields' views point
    fields.data = copy;
    const QByteArray name = fields.name.toByteArray();
    fields.name = name;
    rewrite(path, slot, fields);
    return true;
}

DataNode *DataTree::rewrite(QByteArrayView path, DataNode **slot, const DataNode::Fields &fields)
{
    DataNode *node = *slot;
    const std::uint64_t oldDigest = std::uint64_t(nodeDigest(path, *node));
    m_dataSize += qint64(fields.data.size()) - node->dataLength();
    if (!node->overwrite(fields)) {
        node = DataNode::create(m_arena, fields);
        DataNode::destroy(m_arena, *slot);
        *slot = node;
    }
    m_changesDigest += std::uint64_t(nodeDigest(path, *node)) - oldDigest;
    return node;
}

DataNode *DataTree::addChild(QByteArrayView parentPath, DataNode **parentSlot, const DataNode::Fields &child,
                             const proto::StatPersisted &parentStat)
{
    DataNode *node = DataNode::create(m_arena, child);
    DataNode::Fields parent = (*parentSlot)->fields();
    parent.children = ChildTable::insert(parent.children, node);
    parent.stat = parentStat;
    rewrite(parentPath, parentSlot, parent);
    ++m_nodeCount;
    return node;
}

proto::Stat DataTree::exposedStat(const DataNode &node) const
{
    const proto::StatPersisted persisted = node.stat();
    proto::Stat stat;
    stat.czxid = persisted.czxid;
    stat.mzxid = persisted.mzxid;
    stat.ctime = persisted.ctime;
    stat.mtime = persisted.mtime;
    stat.version = persisted.version;
    const std::int32_t numChildren = node.childCount();
    // Stored cversion counts creates; clients see creates + deletes (= 2 * creates - children).
    stat.cversion = std::int32_t(std::uint32_t(persisted.cversion) * 2u - std::uint32_t(numChildren));
    stat.aversion = persisted.aversion;
    // Clients see only session owners; container and TTL markers read as 0.
    stat.ephemeralOwner = EphemeralOwner::isSessionOwned(persisted.ephemeralOwner) ? persisted.ephemeralOwner : 0;
    stat.dataLength = node.dataLength();
    stat.numChildren = numChildren;
    stat.pzxid = persisted.pzxid;
    return stat;
}

std::int32_t DataTree::allChildrenNumber(QByteArrayView path) const
{
    if (path.isEmpty())
        return std::int32_t(m_nodeCount);
    const DataNode *start = find(path);
    if (!start)
        return 0;
    std::int32_t count = 0;
    std::vector<const DataNode *> pending{start};
    while (!pending.empty()) {
        const ChildTable *table = pending.back()->children();
        pending.pop_back();
        if (!table)
            continue;
        count += std::int32_t(table->count());
        for (std::uint32_t index = 0; index < table->capacity(); ++index) {
            if (const DataNode *child = table->slots()[index]; child && child->children())
                pending.push_back(child);
        }
    }
    return count;
}

void DataTree::forEachNode(const std::function<void(const QByteArray &path, const DataNode &node)> &visit) const
{
    if (!m_root)
        return;
    std::vector<std::pair<QByteArray, const DataNode *>> pending{{QByteArray("/"), m_root}};
    while (!pending.empty()) {
        auto [path, node] = std::move(pending.back());
        pending.pop_back();
        visit(path, *node);
        if (const ChildTable *table = node->children()) {
            for (std::uint32_t index = 0; index < table->capacity(); ++index) {
                if (const DataNode *child = table->slots()[index])
                    pending.emplace_back(proto::childPath(path, child->name()), child);
            }
        }
    }
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

void DataTree::indexOwner(const QByteArray &path, std::int64_t owner)
{
    if (EphemeralOwner::isContainer(owner))
        m_containers.insert(path);
    else if (EphemeralOwner::isTtl(owner))
        m_ttlNodes.insert(path);
    else if (owner != 0)
        m_ephemerals[owner].insert(path);
}

void DataTree::unindexOwner(const QByteArray &path, std::int64_t owner)
{
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
}

bool DataTree::insertRestoredNode(QByteArrayView path, QByteArrayView data, std::int64_t aclId,
                                  const proto::StatPersisted &stat)
{
    if (aclId < std::numeric_limits<std::int32_t>::min() || aclId > std::numeric_limits<std::int32_t>::max())
        return false;
    DataNode::Fields fields{nameOf(path), data, std::int32_t(aclId), stat, nullptr};
    if (fields.name.size() > qsizetype(DataNode::MaxNameLength))
        return false;
    if (path == "/") {
        if (m_root)
            return false;
        fields.name = {};
        m_root = DataNode::create(m_arena, fields);
        ++m_nodeCount;
        m_dataSize += 1 + data.size();
        return true;
    }
    const QByteArrayView parentPath = parentOf(path);
    if (!m_restoreParentSlot || m_restoreParentPath != parentPath) {
        m_restoreParentPath = parentPath.toByteArray();
        m_restoreParentSlot = locate(parentPath);
    }
    if (!m_restoreParentSlot)
        return false;
    DataNode *node = DataNode::create(m_arena, fields);
    auto *table = const_cast<ChildTable *>((*m_restoreParentSlot)->children());
    bool duplicate = false;
    ChildTable *grown = ChildTable::insertUnique(table, node, &duplicate);
    if (table) {
        (*m_restoreParentSlot)->setChildren(grown); // the record keeps its layout: update in place
    } else {
        DataNode::Fields parent = (*m_restoreParentSlot)->fields();
        parent.children = grown;
        rewrite(parentPath, m_restoreParentSlot, parent);
    }
    if (duplicate) {
        DataNode::destroy(m_arena, node);
        return false;
    }
    ++m_nodeCount;
    m_dataSize += path.size() + data.size();
    if (stat.ephemeralOwner != 0)
        indexOwner(path.toByteArray(), stat.ephemeralOwner);
    return true;
}

void DataTree::restoreDigest(std::future<std::int64_t> restoredNodesDigest)
{
    m_pendingRestoredDigest = std::move(restoredNodesDigest);
    m_restoredDigest = 0;
}

bool DataTree::restoredDigestReady() const
{
    return !m_pendingRestoredDigest.valid()
        || m_pendingRestoredDigest.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

std::int64_t DataTree::restoredDigest() const
{
    if (m_pendingRestoredDigest.valid())
        m_restoredDigest = std::uint64_t(m_pendingRestoredDigest.get());
    return std::int64_t(m_restoredDigest);
}

std::int64_t DataTree::recomputeDigest() const
{
    std::uint64_t sum = 0;
    forEachNode([&sum](const QByteArray &path, const DataNode &node) { sum += std::uint64_t(nodeDigest(path, node)); });
    return std::int64_t(sum);
}

ErrorCode DataTree::createNode(const QByteArray &path, const QByteArray &data, const proto::AclList &acl,
                               std::int64_t ephemeralOwner, std::int32_t parentCVersion, std::int64_t zxid,
                               std::int64_t time, proto::Stat *createdStat,
                               std::vector<Notification> &notifications)
{
    const QByteArrayView parentName = parentOf(path);
    const QByteArrayView name = nameOf(path);
    DataNode **parentSlot = locate(parentName);
    if (!parentSlot)
        return ErrorCode::NoNode;
    proto::StatPersisted parentStat = (*parentSlot)->stat();
    if (parentCVersion == -1)
        parentCVersion = parentStat.cversion + 1;
    // Replaying a log over a fuzzy snapshot must never move cversion or pzxid backwards.
    const bool advancesParent = parentCVersion > parentStat.cversion;
    if (advancesParent) {
        parentStat.cversion = parentCVersion;
        parentStat.pzxid = zxid;
    }
    const ChildTable *siblings = (*parentSlot)->children();
    if (siblings && siblings->find(name)) {
        // As ZooKeeper's processTxn: a replayed create of a node the snapshot already holds
        // still brings the parent's cversion and pzxid up to date.
        if (advancesParent) {
            DataNode::Fields parent = (*parentSlot)->fields();
            parent.stat = parentStat;
            rewrite(parentName, parentSlot, parent);
        }
        return ErrorCode::NodeExists;
    }
    const std::int64_t parentAclId = (*parentSlot)->aclId();

    proto::StatPersisted stat;
    stat.czxid = stat.mzxid = stat.pzxid = zxid;
    stat.ctime = stat.mtime = time;
    stat.ephemeralOwner = ephemeralOwner;
    const std::int64_t childAclId = m_aclCache.acquire(acl);
    const DataNode *inserted =
        addChild(parentName, parentSlot, {name, data, std::int32_t(childAclId), stat, nullptr}, parentStat);
    m_changesDigest += std::uint64_t(nodeDigest(path, *inserted));
    m_dataSize += path.size() + data.size();
    indexOwner(path, ephemeralOwner);
    if (createdStat)
        *createdStat = exposedStat(*inserted);
    quotaNodeCreated(path, data.size());

    if (m_dataWatches.pathCount() > 0 || m_childWatches.pathCount() > 0) {
        m_dataWatches.trigger(path, NodeCreated, notifications, aclPointer(childAclId));
        m_childWatches.trigger(parentName.toByteArray(), NodeChildrenChanged, notifications,
                               aclPointer(parentAclId));
    }
    return ErrorCode::Ok;
}

void DataTree::releaseDescendants(const QByteArray &path, DataNode *node)
{
    auto *table = const_cast<ChildTable *>(node->children());
    if (!table)
        return;
    for (std::uint32_t index = 0; index < table->capacity(); ++index) {
        DataNode *child = table->slots()[index];
        if (!child)
            continue;
        const QByteArray childPath = proto::childPath(path, child->name());
        releaseDescendants(childPath, child);
        m_changesDigest -= std::uint64_t(nodeDigest(childPath, *child));
        m_dataSize -= childPath.size() + child->dataLength();
        m_aclCache.release(child->aclId());
        unindexOwner(childPath, child->ephemeralOwner());
        DataNode::destroy(m_arena, child);
        --m_nodeCount;
    }
    ChildTable::destroy(table);
    // The caller drops `node` itself; its table pointer is now dangling but never read again.
}

ErrorCode DataTree::deleteNode(const QByteArray &path, std::int64_t zxid, std::vector<Notification> &notifications)
{
    if (path == "/" || path.isEmpty())
        return ErrorCode::NoNode;
    const QByteArrayView parentName = parentOf(path);
    DataNode **parentSlot = locate(parentName);
    if (!parentSlot)
        return ErrorCode::NoNode;
    DataNode::Fields parent = (*parentSlot)->fields();
    DataNode **slot = parent.children ? parent.children->find(nameOf(path)) : nullptr;
    if (!slot) {
        // Replaying over a fuzzy snapshot that never saw the node: the parent still records the delete.
        if (zxid > parent.stat.pzxid) {
            parent.stat.pzxid = zxid;
            rewrite(parentName, parentSlot, parent);
        }
        return ErrorCode::NoNode;
    }
    DataNode *node = *slot;
    const std::int64_t owner = node->ephemeralOwner();
    const std::int64_t nodeAclId = node->aclId();
    const qint64 dataLength = node->dataLength();
    const bool anyWatches = m_dataWatches.pathCount() > 0 || m_childWatches.pathCount() > 0;
    const auto nodeAcl = anyWatches ? aclPointer(nodeAclId) : nullptr;
    const std::int64_t parentAclId = parent.aclId;

    releaseDescendants(path, node);
    m_changesDigest -= std::uint64_t(nodeDigest(path, *node));
    m_dataSize -= path.size() + node->dataLength();
    m_aclCache.release(nodeAclId);
    parent.children = ChildTable::erase(parent.children, slot);
    DataNode::destroy(m_arena, node);
    --m_nodeCount;
    if (zxid > parent.stat.pzxid)
        parent.stat.pzxid = zxid;
    rewrite(parentName, parentSlot, parent);
    unindexOwner(path, owner);
    quotaNodeDeleted(path, dataLength);

    if (!anyWatches)
        return ErrorCode::Ok;
    QSet<WatcherId> notified;
    m_dataWatches.trigger(path, NodeDeleted, notifications, nodeAcl, nullptr, &notified);
    m_childWatches.trigger(path, NodeDeleted, notifications, nodeAcl, &notified);
    m_childWatches.trigger(parentName.toByteArray(), NodeChildrenChanged, notifications, aclPointer(parentAclId));
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
        if (node && node->ephemeralOwner() == sessionId)
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
            DataNode **slot = locate(txn->path);
            if (!slot) {
                result.err = ErrorCode::NoNode;
                break;
            }
            DataNode::Fields fields = (*slot)->fields();
            const qint64 oldLength = fields.data.size();
            fields.data = txn->data;
            fields.stat.mtime = header.time;
            fields.stat.mzxid = header.zxid;
            fields.stat.version = txn->version;
            const DataNode *node = rewrite(txn->path, slot, fields);
            result.stat = exposedStat(*node);
            const QByteArray quotaPath = maxPrefixWithQuota(txn->path);
            if (!quotaPath.isEmpty()) {
                updateQuotaStat(quotaPath, qint64(txn->data.size()) - oldLength, 0);
                node = find(txn->path); // re-read: rewriting a stats node may replace records
            }
            if (m_dataWatches.pathCount() > 0)
                m_dataWatches.trigger(txn->path, NodeDataChanged, notifications, aclPointer(node->aclId()));
        }
        break;
    case OpCode::SetAcl:
        if (const auto *txn = bodyAs<proto::SetAclTxn>(body)) {
            result.path = txn->path;
            DataNode **slot = locate(txn->path);
            if (!slot) {
                result.err = ErrorCode::NoNode;
                break;
            }
            DataNode::Fields fields = (*slot)->fields();
            m_aclCache.release(fields.aclId);
            fields.aclId = std::int32_t(m_aclCache.acquire(txn->acl));
            fields.stat.aversion = txn->version;
            result.stat = exposedStat(*rewrite(txn->path, slot, fields));
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
