#pragma once
// Command line of zooscope-bench.

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace zooscope::bench {

struct BenchOptions
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 2181;
    int sessions = 1;
    int outstanding = 1;
    int readPercent = 100;
    int valueSize = 100;
    int keys = 1000;
    double durationSeconds = 10.0;
    double warmupSeconds = 2.0;
    std::vector<qint64> serverPids;   // empty: no server CPU accounting; several: summed (an ensemble)
    int populate = 0;                 // > 0: populate mode
    int threads = 0;                  // 0: min(sessions, 2)
    int sessionTimeoutMs = 30000;
    double stallTimeoutSeconds = 15.0;
    bool skipSetup = false;
};

struct ParsedOptions
{
    std::optional<BenchOptions> options; // nullopt: exit with exitCode (after --help, or an error)
    int exitCode = 0;
};

ParsedOptions parseBenchOptions(const QStringList &arguments);

} // namespace zooscope::bench
