#pragma once
// mntr's quota lines, as Apache ZooKeeper 3.8's QuotaMetricsUtils gauges print them: per top-level
// namespace (the first component of a quota's path), the sum of its quotas' count and byte limits
// (the hard limit when set, else the soft one) and of their stats' usage, then the number of writes
// refused with QuotaExceeded in that namespace.

#include <QByteArray>
#include <QMap>
#include <QString>

namespace zooscope::tree {
class DataTree;
}

namespace zooscope::server {

// "app" for "/app/x"; empty for "/" (PathUtils.getTopNamespace).
QString topNamespace(QByteArrayView path);

// "zk_<namespace>_quota_..._per_namespace\t<value>\n" lines; empty when there are no quotas.
QString quotaMetricLines(const tree::DataTree &tree, const QMap<QString, qint64> &exceededPerNamespace);

} // namespace zooscope::server
