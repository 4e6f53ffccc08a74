// DataTree's quota bookkeeping, as Apache ZooKeeper 3.8.0's DataTree keeps it: a quota is the
// node /zookeeper/quota/<path>/zookeeper_limits; its sibling zookeeper_stats holds
// "count=N,bytes=B" for the subtree at <path> (N counts <path> itself). Only the deepest quota
// above a changed node is updated, and the stats node's Stat never moves (Apache rewrites the
// node's bytes in place). After a snapshot is loaded every stats node is recomputed from the tree.

#include "DataTree.h"

#include "proto/PathValidation.h"
#include "proto/StatsTrack.h"

namespace zooscope::tree {

using proto::StatsTrack;
namespace Quotas = proto::Quotas;

namespace {
QByteArrayView parentPathOf(QByteArrayView path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash <= 0 ? QByteArrayView("/") : path.first(slash);
}

// "/zookeeper/quota/a/b" -> "/a/b"; empty for the quota root itself or anything outside it.
QByteArray realPathOf(QByteArrayView quotaParent)
{
    if (!quotaParent.startsWith(Quotas::QuotaRoot) || quotaParent.size() <= Quotas::QuotaRoot.size() ||
        quotaParent.at(Quotas::QuotaRoot.size()) != '/')
        return {};
    return quotaParent.sliced(Quotas::QuotaRoot.size()).toByteArray();
}
} // namespace

QByteArray DataTree::maxPrefixWithQuota(QByteArrayView path) const
{
    if (m_quotaPaths.isEmpty() || path.isEmpty() || path.front() != '/')
        return {};
    // ZooKeeper's PathTrie.findMaxPrefix: the longest registered path made of whole leading components.
    QByteArrayView candidate = path;
    while (candidate.size() > 1) {
        if (m_quotaPaths.contains(candidate.toByteArray()))
            return candidate.toByteArray();
        const qsizetype slash = candidate.lastIndexOf('/');
        if (slash <= 0)
            break;
        candidate = candidate.first(slash);
    }
    return {};
}

void DataTree::replaceSystemNodeData(QByteArrayView path, const QByteArray &data)
{
    DataNode **slot = locate(path);
    if (!slot)
        return;
    DataNode::Fields fields = (*slot)->fields();
    const qint64 oldLength = fields.data.size();
    fields.data = data;
    rewrite(path, slot, fields);
    // ZooKeeper does not count these rewrites in its approximate data size.
    m_dataSize -= qint64(data.size()) - oldLength;
}

void DataTree::updateQuotaStat(const QByteArray &quotaPath, qint64 bytesDiff, qint64 countDiff)
{
    const QByteArray statPath = Quotas::statPath(quotaPath);
    const DataNode *node = find(statPath);
    if (!node)
        return; // Apache logs "Missing node for stat" and goes on
    StatsTrack stats = StatsTrack::parse(node->dataView());
    stats.setCount(stats.count() + countDiff);
    stats.setBytes(stats.bytes() + bytesDiff);
    replaceSystemNodeData(statPath, stats.toBytes());
}

void DataTree::updateQuotaForPath(const QByteArray &quotaPath)
{
    qint64 count = 0;
    qint64 bytes = 0;
    if (const DataNode *start = find(quotaPath)) {
        std::vector<const DataNode *> pending{start};
        while (!pending.empty()) {
            const DataNode *node = pending.back();
            pending.pop_back();
            ++count;
            bytes += node->dataLength();
            if (const ChildTable *table = node->children()) {
                for (std::uint32_t index = 0; index < table->capacity(); ++index) {
                    if (const DataNode *child = table->slots()[index])
                        pending.push_back(child);
                }
            }
        }
    }
    StatsTrack stats;
    stats.setBytes(bytes);
    stats.setCount(count);
    replaceSystemNodeData(Quotas::statPath(quotaPath), stats.toBytes());
}

void DataTree::quotaNodeCreated(const QByteArray &path, qint64 dataLength)
{
    const QByteArrayView parent = parentPathOf(path);
    if (const QByteArray realPath = realPathOf(parent); !realPath.isEmpty()) {
        const QByteArrayView name = QByteArrayView(path).sliced(parent.size() + 1);
        if (name == Quotas::LimitNode)
            m_quotaPaths.insert(realPath);
        if (name == Quotas::StatNode)
            updateQuotaForPath(realPath);
    }
    const QByteArray quotaPath = maxPrefixWithQuota(path);
    if (!quotaPath.isEmpty())
        updateQuotaStat(quotaPath, dataLength, 1);
}

void DataTree::quotaNodeDeleted(const QByteArray &path, qint64 dataLength)
{
    const QByteArrayView parent = parentPathOf(path);
    if (const QByteArray realPath = realPathOf(parent); !realPath.isEmpty()) {
        if (QByteArrayView(path).sliced(parent.size() + 1) == Quotas::LimitNode)
            m_quotaPaths.remove(realPath);
    }
    const QByteArray quotaPath = maxPrefixWithQuota(path);
    if (!quotaPath.isEmpty())
        updateQuotaStat(quotaPath, -dataLength, -1);
}

void DataTree::setupQuotas()
{
    m_quotaPaths.clear();
    m_restoreParentPath.clear();
    m_restoreParentSlot = nullptr;
    const DataNode *root = find(Quotas::QuotaRoot);
    if (!root)
        return;
    // ZooKeeper's traverseNode: every leaf below the quota root named zookeeper_limits is a quota.
    static const QByteArray limitSuffix = '/' + Quotas::LimitNode.toByteArray();
    std::vector<QByteArray> limitNodes;
    std::vector<std::pair<QByteArray, const DataNode *>> pending{{Quotas::QuotaRoot.toByteArray(), root}};
    while (!pending.empty()) {
        auto [path, node] = std::move(pending.back());
        pending.pop_back();
        const ChildTable *table = node->children();
        if (!table || table->count() == 0) {
            if (path.endsWith(limitSuffix))
                limitNodes.push_back(path);
            continue;
        }
        for (std::uint32_t index = 0; index < table->capacity(); ++index) {
            if (const DataNode *child = table->slots()[index])
                pending.emplace_back(proto::childPath(path, child->name()), child);
        }
    }
    // Stats nodes are rewritten only after the walk: rewriting may move node records.
    for (const QByteArray &path : limitNodes) {
        const QByteArray realPath =
            path.mid(Quotas::QuotaRoot.size(), path.indexOf(limitSuffix) - Quotas::QuotaRoot.size());
        if (realPath.isEmpty())
            continue;
        updateQuotaForPath(realPath);
        m_quotaPaths.insert(realPath);
    }
}

} // namespace zooscope::tree
