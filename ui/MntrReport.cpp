#include "MntrReport.h"

#include <QCoreApplication>
#include <QList>

namespace zooscope::ui {

MntrReport MntrReport::parse(const QByteArray &output)
{
    MntrReport report;
    report.notWhitelisted = output.contains("not in the whitelist") || output.contains("not executed");
    for (const QByteArray &line : output.split('\n')) {
        const qsizetype tab = line.indexOf('\t');
        if (tab <= 0)
            continue;
        report.values.insert(QString::fromUtf8(line.left(tab)), QString::fromUtf8(line.mid(tab + 1)).trimmed());
    }
    return report;
}

std::optional<double> MntrReport::number(const QString &key) const
{
    const auto found = values.find(key);
    if (found == values.end())
        return std::nullopt;
    bool ok = false;
    const double value = found->toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

const QList<MonitoredMetric> &monitoredMetrics()
{
    static const QList<MonitoredMetric> metrics{
        {"zk_avg_latency", QT_TRANSLATE_NOOP("MonitorWidget", "Average latency (ms)")},
        {"zk_outstanding_requests", QT_TRANSLATE_NOOP("MonitorWidget", "Outstanding requests")},
        {"zk_packets_received", QT_TRANSLATE_NOOP("MonitorWidget", "Packets received")},
        {"zk_znode_count", QT_TRANSLATE_NOOP("MonitorWidget", "Znodes")},
        {"zk_watch_count", QT_TRANSLATE_NOOP("MonitorWidget", "Watches")},
        {"zk_num_alive_connections", QT_TRANSLATE_NOOP("MonitorWidget", "Connections")},
    };
    return metrics;
}

} // namespace zooscope::ui
