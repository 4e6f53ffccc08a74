#pragma once
// The znode tree with ZooKeeper's exact Stat bookkeeping, ephemeral/container/TTL indexes, the
// two watch tables and ZooKeeper's tree digest. It only applies transactions that the request
// preparer already validated; applying is deterministic, so every ensemble member reaches the
// same tree. Nodes are compact arena records (DataNode.h) linked through per-node child hash
// tables, so a path is found component by component and no node stores its full path.
// A DataNode pointer from find() is valid until the next apply() or restore.

#include "AclCache.h"
#include "ChildTable.h"
#include "DataNode.h"
#include "NodeArena.h"
#include "WatchManager.h"
#include "proto/ErrorCode.h"
#include "proto/Transaction.h"

#include <QHash>
#include <QSet>

#include <functional>
#include <future>

namespace zooscope::tree {

// Encodings of StatPersisted.ephemeralOwner (ZooKeeper's EphemeralType).
namespace EphemeralOwner {
constexpr std::int64_t Container = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t ExtendedMask = std::int64_t(0xff00000000000000ULL);
constexpr std::int64_t MaxTtl = (std::int64_t(1) << 40) - 1;
inline std::int64_t forTtl(std::int64_t ttl) { return ExtendedMask | ttl; }
inline bool isContainer(std::int64_t owner) { return owner == Container; }
inline bool isTtl(std::int64_t owner) { return owner != Container && (owner & ExtendedMask) == ExtendedMask; }
inline std::int64_t ttlOf(std::int64_t owner) { return owner & ~ExtendedMask; }
// A node owned by a session (not persistent, container or TTL).
inline bool isSessionOwned(std::int64_t owner) { return owner != 0 && !isContainer(owner) && !isTtl(owner); }
} // namespace EphemeralOwner

// Outcome of applying one transaction: what FinalRequestProcessor turns into a reply.
struct ApplyResult
{
    std::int32_t type = 0;
    proto::ErrorCode err = proto::ErrorCode::Ok;
    QByteArray path;
    proto::Stat stat;
    std::vector<ApplyResult> multi;
};

class DataTree
{
public:
    DataTree();
    ~DataTree();
    DataTree(const DataTree &) = delete;
    DataTree &operator=(const DataTree &) = delete;

    // "" is the root's second name in ZooKeeper's node table; it is honoured on lookup.
    const DataNode *find(QByteArrayView path) const;
    proto::Stat exposedStat(const DataNode &node) const;
    proto::AclList aclOf(const DataNode &node) const { return m_aclCache.lookup(node.aclId()); }

    ApplyResult apply(const proto::Transaction &transaction, std::vector<Notification> &notifications);

    std::int64_t lastProcessedZxid() const { return m_lastProcessedZxid; }
    void setLastProcessedZxid(std::int64_t zxid) { m_lastProcessedZxid = zxid; }

    QSet<QByteArray> ephemeralsOf(std::int64_t sessionId) const { return m_ephemerals.value(sessionId); }
    QList<std::int64_t> sessionsWithEphemerals() const { return m_ephemerals.keys(); }
    const QSet<QByteArray> &containers() const { return m_containers; }
    const QSet<QByteArray> &ttlNodes() const { return m_ttlNodes; }
    qsizetype nodeCount() const { return m_nodeCount; }
    qint64 approximateDataSize() const { return m_dataSize; }
    // Quotas (Apache ZooKeeper 3.8's DataTree): the paths with a /zookeeper/quota/<path>/zookeeper_limits
    // node, and the deepest of them that is `path` or an ancestor of it ("" when none). Creates,
    // deletes and data changes below a quota update that one quota's zookeeper_stats node only.
    QByteArray maxPrefixWithQuota(QByteArrayView path) const;
    const QSet<QByteArray> &quotaPaths() const { return m_quotaPaths; }
    // Rebuilds the quota paths and every zookeeper_stats node from the tree, as ZooKeeper does
    // after loading a snapshot (setupQuota).
    void setupQuotas();
    // Number of descendants (ZooKeeper counts by path prefix over the whole table).
    std::int32_t allChildrenNumber(QByteArrayView path) const;
    // Every node, parents before their children; the root's path is "/".
    void forEachNode(const std::function<void(const QByteArray &path, const DataNode &node)> &visit) const;

    // ZooKeeper's tree digest (DigestCalculator version 2): the wrapping sum of every node's
    // digest, kept current on every change as ZooKeeper does, so snapshots can record it.
    // After a restore it may wait for the loader's sum of the restored nodes (see restoreDigest()).
    std::int64_t digest() const { return std::int64_t(std::uint64_t(restoredDigest()) + m_changesDigest); }
    // The part of the digest that changes since the last restore made, known without waiting.
    std::int64_t digestOfChangesSinceRestore() const { return std::int64_t(m_changesDigest); }
    bool restoredDigestReady() const;
    // The restored nodes' digest sum (waits for the loader if it is still summing).
    std::int64_t restoredDigest() const;
    static std::int64_t nodeDigest(QByteArrayView path, const DataNode &node);
    static std::int64_t nodeDigest(QByteArrayView path, QByteArrayView data, const proto::StatPersisted &stat);
    // The digest summed from scratch over every node.
    std::int64_t recomputeDigest() const;

    WatchManager &dataWatches() { return m_dataWatches; }
    WatchManager &childWatches() { return m_childWatches; }
    const WatchManager &dataWatches() const { return m_dataWatches; }
    const WatchManager &childWatches() const { return m_childWatches; }
    void removeWatcher(WatcherId watcher);

    AclCache &aclCache() { return m_aclCache; }
    const AclCache &aclCache() const { return m_aclCache; }

    // A fresh tree with ZooKeeper's system nodes.
    void clear();
    // Empties everything, system nodes included, before loading a snapshot.
    void clearForRestore();
    // Adds a node read from a snapshot, parent first; false (and nothing added) when its parent
    // is missing, it exists already, or its name or ACL id does not fit a record. The digest is
    // left alone: the loader sums the restored nodes' digests on another core and hands the
    // result over with restoreDigest(), which the tree waits for only when asked for digest().
    bool insertRestoredNode(QByteArrayView path, QByteArrayView data, std::int64_t aclId,
                            const proto::StatPersisted &stat);
    void restoreDigest(std::future<std::int64_t> restoredNodesDigest);
    // Replaces the data of a system node (/zookeeper/config) outside any transaction, as ZooKeeper
    // writes a member's configuration there at start-up; its Stat stays. False if there is no such node.
    bool setSystemNodeData(QByteArrayView path, QByteArrayView data);

private:
    proto::ErrorCode createNode(const QByteArray &path, const QByteArray &data, const proto::AclList &acl,
                                std::int64_t ephemeralOwner, std::int32_t parentCVersion, std::int64_t zxid,
                                std::int64_t time, proto::Stat *createdStat,
                                std::vector<Notification> &notifications);
    proto::ErrorCode deleteNode(const QByteArray &path, std::int64_t zxid, std::vector<Notification> &notifications);
    ApplyResult applySingle(const proto::TxnHeader &header, std::int32_t type, const proto::SingleTxnBody &body,
                            std::vector<Notification> &notifications);
    void killSession(std::int64_t sessionId, std::int64_t zxid, const std::vector<QByteArray> &paths,
                     std::vector<Notification> &notifications);
    std::shared_ptr<const proto::AclList> aclPointer(std::int64_t aclId) const;

    // Quota bookkeeping (DataTreeQuotas.cpp).
    void quotaNodeCreated(const QByteArray &path, qint64 dataLength);
    void quotaNodeDeleted(const QByteArray &path, qint64 dataLength);
    void updateQuotaStat(const QByteArray &quotaPath, qint64 bytesDiff, qint64 countDiff);
    void updateQuotaForPath(const QByteArray &quotaPath);
    // Replaces a system node's data without touching its Stat, as ZooKeeper does for stats nodes.
    void replaceSystemNodeData(QByteArrayView path, const QByteArray &data);

    // Where the pointer to the node at `path` lives: &m_root or a slot of its parent's table.
    DataNode **locate(QByteArrayView path);
    // Replaces the record in `slot` with one holding `fields`, keeping the digest current.
    DataNode *rewrite(QByteArrayView path, DataNode **slot, const DataNode::Fields &fields);
    DataNode *addChild(QByteArrayView parentPath, DataNode **parentSlot, const DataNode::Fields &child,
                       const proto::StatPersisted &parentStat);
    void indexOwner(const QByteArray &path, std::int64_t owner);
    void unindexOwner(const QByteArray &path, std::int64_t owner);
    // Frees a node's records below it (a replayed delete over a fuzzy snapshot may meet children).
    void releaseDescendants(const QByteArray &path, DataNode *node);
    void releaseAll();

    NodeArena m_arena;
    DataNode *m_root = nullptr;
    qsizetype m_nodeCount = 0;
    AclCache m_aclCache;
    QHash<std::int64_t, QSet<QByteArray>> m_ephemerals;
    QSet<QByteArray> m_containers;
    QSet<QByteArray> m_ttlNodes;
    QSet<QByteArray> m_quotaPaths;
    WatchManager m_dataWatches;
    WatchManager m_childWatches;
    std::int64_t m_lastProcessedZxid = 0;
    qint64 m_dataSize = 0;
    // digest() = restored nodes' sum (maybe still being computed) + what changes did since.
    std::uint64_t m_changesDigest = 0;
    mutable std::uint64_t m_restoredDigest = 0;
    mutable std::future<std::int64_t> m_pendingRestoredDigest;
    // Restoring inserts siblings one after another: their parent's slot is looked up once.
    QByteArray m_restoreParentPath;
    DataNode **m_restoreParentSlot = nullptr;
};

} // namespace zooscope::tree
