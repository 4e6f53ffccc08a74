#pragma once
// One server's answer to the "mntr" four-letter word, parsed (GUI-free): tab-separated key/value
// lines such as "zk_avg_latency\t0". Also recognises the "not in the whitelist" refusal.

#include <QByteArray>
#include <QHash>
#include <QString>

#include <optional>

namespace zooscope::ui {

struct MntrReport
{
    QHash<QString, QString> values;
    bool notWhitelisted = false;

    static MntrReport parse(const QByteArray &output);
    // The value as a number, nothing when absent or not numeric.
    std::optional<double> number(const QString &key) const;
    QString role() const { return values.value(QStringLiteral("zk_server_state")); }
};

// The figures the monitor charts: mntr key and the chart's title (translated by the caller).
struct MonitoredMetric
{
    const char *key;
    const char *title; // QT_TRANSLATE_NOOP("MonitorWidget", ...)
};
const QList<MonitoredMetric> &monitoredMetrics();

} // namespace zooscope::ui
