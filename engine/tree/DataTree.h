#pragma once
// The znode tree with ZooKeeper's exact Stat bookkeeping, ephemeral/container/TTL indexes and the
// two watch tables. It only applies transactions that the request preparer already validated;
// applying is deterministic, so every ensemble member reaches the same tree.

#include "AclCache.h"
#include "WatchManager.h"
#include "proto/ErrorCode.h"
#include "proto/Transaction.h"

#include <QHash>
#include <QSet>

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

struct DataNode
{
    QByteArray data;
    std::int64_t aclId = AclCache::OpenAclId;
    proto::StatPersisted stat;
    QSet<QByteArray> children;
};

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

    // "" is the root's second name in ZooKeeper's node table; it is honoured on lookup.
    const DataNode *find(const QByteArray &path) const;
    proto::Stat exposedStat(const DataNode &node) const;
    proto::AclList aclOf(const DataNode &node) const { return m_aclCache.lookup(node.aclId); }

    ApplyResult apply(const proto::Transaction &transaction, std::vector<Notification> &notifications);

    std::int64_t lastProcessedZxid() const { return m_lastProcessedZxid; }
    void setLastProcessedZxid(std::int64_t zxid) { m_lastProcessedZxid = zxid; }

    QSet<QByteArray> ephemeralsOf(std::int64_t sessionId) const { return m_ephemerals.value(sessionId); }
    QList<std::int64_t> sessionsWithEphemerals() const { return m_ephemerals.keys(); }
    const QSet<QByteArray> &containers() const { return m_containers; }
    const QSet<QByteArray> &ttlNodes() const { return m_ttlNodes; }
    qsizetype nodeCount() const { return m_nodes.size(); }
    qint64 approximateDataSize() const { return m_dataSize; }
    // Number of descendants (ZooKeeper counts by path prefix over the whole table).
    std::int32_t allChildrenNumber(const QByteArray &path) const;
    const QHash<QByteArray, DataNode> &nodes() const { return m_nodes; }

    WatchManager &dataWatches() { return m_dataWatches; }
    WatchManager &childWatches() { return m_childWatches; }
    const WatchManager &dataWatches() const { return m_dataWatches; }
    const WatchManager &childWatches() const { return m_childWatches; }
    void removeWatcher(WatcherId watcher);

    AclCache &aclCache() { return m_aclCache; }

    // Restoring from a snapshot: nodes are inserted parent first.
    void clear();
    // Empties everything, system nodes included, before loading a snapshot.
    void clearForRestore();
    DataNode &insertRestoredNode(const QByteArray &path, DataNode node);

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
    DataNode *findMutable(const QByteArray &path);
    std::shared_ptr<const proto::AclList> aclPointer(std::int64_t aclId) const;

    QHash<QByteArray, DataNode> m_nodes;
    AclCache m_aclCache;
    QHash<std::int64_t, QSet<QByteArray>> m_ephemerals;
    QSet<QByteArray> m_containers;
    QSet<QByteArray> m_ttlNodes;
    WatchManager m_dataWatches;
    WatchManager m_childWatches;
    std::int64_t m_lastProcessedZxid = 0;
    qint64 m_dataSize = 0;
};

} // namespace zooscope::tree
