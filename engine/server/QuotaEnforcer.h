#pragma once
// Quota checks before a write, as Apache ZooKeeper 3.8's ZooKeeperServer.checkQuota with
// zookeeper.enforceQuota=true (zoo.cfg: enforceQuota=true): against the deepest quota above the
// path, from the tree's committed zookeeper_limits and zookeeper_stats nodes. Going over a soft
// limit (count, bytes) only logs; going over a hard limit (countHardLimit, byteHardLimit, which
// replace the soft one when set) also refuses the write with QuotaExceeded. The warnings go
// through Apache's RateLogger scheme: a repeated message within 100 ms is counted, not printed.

#include <QByteArray>
#include <QElapsedTimer>
#include <QMap>
#include <QString>

namespace zooscope::tree {
class DataTree;
}

namespace zooscope::server {

class QuotaEnforcer
{
public:
    explicit QuotaEnforcer(const tree::DataTree &tree);
    ~QuotaEnforcer();

    // False when the change (a create: countDiff 1; a setData: countDiff 0) breaks a hard limit.
    bool allows(const QByteArray &path, qint64 bytesDiff, qint64 countDiff);

    // The last warning text logged (for tests).
    QString lastWarning() const { return m_lastWarning; }
    // Writes refused so far, per top-level namespace of the written path (mntr).
    const QMap<QString, qint64> &exceededPerNamespace() const { return m_exceeded; }

private:
    bool check(const QByteArray &path, qint64 bytesDiff, qint64 countDiff);
    void rateLimitLog(const QString &message);
    void flush();
    void warn(const QString &text);

    const tree::DataTree &m_tree;
    QElapsedTimer m_clock;
    QString m_message; // RateLogger's pending message; empty: none
    qint64 m_timestamp = 0;
    int m_repeats = 0;
    QString m_lastWarning;
    QMap<QString, qint64> m_exceeded;
};

} // namespace zooscope::server
