#include "QuotaMetrics.h"

#include "proto/PathValidation.h"
#include "proto/StatsTrack.h"
#include "tree/DataTree.h"

#include <vector>

namespace zooscope::server {

using proto::StatsTrack;
namespace Quotas = proto::Quotas;

QString topNamespace(QByteArrayView path)
{
    // Java's path.split("/")[1]: the text between the first and the second slash.
    if (path.size() < 2 || path.front() != '/')
        return {};
    const QByteArrayView rest = path.sliced(1);
    const qsizetype slash = rest.indexOf('/');
    return QString::fromUtf8(slash < 0 ? rest : rest.first(slash));
}

QString quotaMetricLines(const tree::DataTree &tree, const QMap<QString, qint64> &exceededPerNamespace)
{
    QMap<QString, qint64> countLimit, bytesLimit, countUsage, bytesUsage;
    const tree::DataNode *root = tree.find(Quotas::QuotaRoot);
    std::vector<std::pair<QByteArray, const tree::DataNode *>> pending;
    if (root)
        pending.emplace_back(Quotas::QuotaRoot.toByteArray(), root);
    static const QByteArray limitSuffix = QByteArray("/").append(Quotas::LimitNode);
    static const QByteArray statSuffix = QByteArray("/").append(Quotas::StatNode);
    while (!pending.empty()) {
        auto [path, node] = std::move(pending.back());
        pending.pop_back();
        const tree::ChildTable *table = node->children();
        if (table && table->count() > 0) {
            for (std::uint32_t index = 0; index < table->capacity(); ++index) {
                if (const tree::DataNode *child = table->slots()[index])
                    pending.emplace_back(proto::childPath(path, child->name()), child);
            }
            continue;
        }
        // Only leaves count, as QuotaMetricsUtils walks the quota tree.
        const QString ns = topNamespace(QByteArrayView(path).sliced(Quotas::QuotaRoot.size()));
        if (ns.isEmpty() || node->dataView().isNull())
            continue;
        const StatsTrack track = StatsTrack::parse(node->dataView());
        if (path.endsWith(limitSuffix)) {
            countLimit[ns] += track.countHardLimit() > -1 ? track.countHardLimit() : track.count();
            bytesLimit[ns] += track.byteHardLimit() > -1 ? track.byteHardLimit() : track.bytes();
        } else if (path.endsWith(statSuffix)) {
            countUsage[ns] += track.count();
            bytesUsage[ns] += track.bytes();
        }
    }
    QString text;
    auto lines = [&text](const QMap<QString, qint64> &values, const char *name) {
        for (auto entry = values.cbegin(); entry != values.cend(); ++entry)
            text += QStringLiteral("zk_%1_%2\t%3\n").arg(entry.key(), QLatin1String(name)).arg(entry.value());
    };
    // Apache's order of these gauge sets.
    lines(bytesLimit, "quota_bytes_limit_per_namespace");
    lines(countUsage, "quota_count_usage_per_namespace");
    lines(countLimit, "quota_count_limit_per_namespace");
    lines(bytesUsage, "quota_bytes_usage_per_namespace");
    lines(exceededPerNamespace, "quota_exceeded_error_per_namespace");
    return text;
}

} // namespace zooscope::server
