#include "BenchOptions.h"

#include <QCommandLineParser>

#include <cstdio>

namespace zooscope::bench {

namespace {

ParsedOptions usageError(const QString &message)
{
    std::fprintf(stderr, "zooscope-bench: %s (see --help)\n", qPrintable(message));
    return {std::nullopt, 2};
}

} // namespace

ParsedOptions parseBenchOptions(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Load generator for any ZooKeeper-protocol server (Apache ZooKeeper, zooscope-server).\n"
        "Speaks the wire protocol itself: each session sends a ConnectRequest, then keeps --outstanding\n"
        "getData/setData requests pipelined on uniformly chosen keys /bench/k0000.. (created first), pings\n"
        "when idle, and closes its session at the end. Prints one JSON object on stdout.\n"
        "With --populate N it instead creates N znodes /populate/n0000000.. pipelined, prints the elapsed\n"
        "time and exits.\n"
        "Exit codes: 0 ok, 1 connection/protocol failure or server stall, 2 usage, 3 the server answered\n"
        "some requests with an error code."));
    parser.addHelpOption();
    const QCommandLineOption connectOption(QStringLiteral("connect"), QStringLiteral("Server address."),
                                           QStringLiteral("host:port"), QStringLiteral("127.0.0.1:2181"));
    const QCommandLineOption sessionsOption(QStringLiteral("sessions"), QStringLiteral("Client sessions (default 1)."),
                                            QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption outstandingOption(
        QStringLiteral("outstanding"),
        QStringLiteral("Pipelined requests in flight per session (default 1; 256 with --populate)."),
        QStringLiteral("K"));
    const QCommandLineOption readOption(QStringLiteral("read-percent"),
                                        QStringLiteral("Share of getData, the rest is setData (default 100)."),
                                        QStringLiteral("P"), QStringLiteral("100"));
    const QCommandLineOption valueOption(QStringLiteral("value-size"),
                                         QStringLiteral("Bytes per setData / created value (default 100)."),
                                         QStringLiteral("B"), QStringLiteral("100"));
    const QCommandLineOption keysOption(QStringLiteral("keys"),
                                        QStringLiteral("Znodes /bench/k0000.. created before the run (default 1000)."),
                                        QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption durationOption(QStringLiteral("duration"),
                                            QStringLiteral("Measured seconds (default 10)."), QStringLiteral("S"),
                                            QStringLiteral("10"));
    const QCommandLineOption warmupOption(QStringLiteral("warmup"),
                                          QStringLiteral("Unmeasured seconds of load first (default 2)."),
                                          QStringLiteral("S"), QStringLiteral("2"));
    const QCommandLineOption pidOption(
        QStringLiteral("server-pid"),
        QStringLiteral("Read this process's CPU time (/proc/PID/stat utime+stime) around the measured window; "
                       "PID,PID,.. sums several (the members of an ensemble)."),
        QStringLiteral("PID"));
    const QCommandLineOption populateOption(QStringLiteral("populate"),
                                            QStringLiteral("Create N znodes under /populate, print the time, exit."),
                                            QStringLiteral("N"));
    const QCommandLineOption threadsOption(QStringLiteral("threads"),
                                           QStringLiteral("Client threads, one event loop each (default min(sessions, 2))."),
                                           QStringLiteral("T"));
    const QCommandLineOption sessionTimeoutOption(QStringLiteral("session-timeout"),
                                                  QStringLiteral("Requested session timeout in ms (default 30000)."),
                                                  QStringLiteral("MS"), QStringLiteral("30000"));
    const QCommandLineOption stallOption(
        QStringLiteral("stall-timeout"),
        QStringLiteral("Fail when the oldest request has no reply for this many seconds (default 15)."),
        QStringLiteral("S"), QStringLiteral("15"));
    const QCommandLineOption skipSetupOption(QStringLiteral("skip-setup"),
                                             QStringLiteral("Do not create /bench and the keys (they exist)."));
    parser.addOptions({connectOption, sessionsOption, outstandingOption, readOption, valueOption, keysOption,
                       durationOption, warmupOption, pidOption, populateOption, threadsOption, sessionTimeoutOption,
                       stallOption, skipSetupOption});
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::fprintf(stdout, "%s", qPrintable(parser.helpText()));
        return {std::nullopt, 0};
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument %1").arg(parser.positionalArguments().first()));

    BenchOptions options;
    auto integer = [&](const QCommandLineOption &option, int minimum, int maximum, int &target) {
        if (!parser.isSet(option) && parser.value(option).isEmpty())
            return true;
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        if (!ok || value < minimum || value > maximum) {
            std::fprintf(stderr, "zooscope-bench: --%s must be an integer in [%d, %d], not '%s'\n",
                         qPrintable(option.names().first()), minimum, maximum, qPrintable(parser.value(option)));
            return false;
        }
        target = value;
        return true;
    };
    auto seconds = [&](const QCommandLineOption &option, double minimum, double &target) {
        bool ok = false;
        const double value = parser.value(option).toDouble(&ok);
        if (!ok || value < minimum) {
            std::fprintf(stderr, "zooscope-bench: --%s must be a number >= %g, not '%s'\n",
                         qPrintable(option.names().first()), minimum, qPrintable(parser.value(option)));
            return false;
        }
        target = value;
        return true;
    };

    const QString connect = parser.value(connectOption);
    const qsizetype colon = connect.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const uint port = colon > 0 ? connect.mid(colon + 1).toUInt(&portOk) : 0;
    if (colon <= 0 || !portOk || port == 0 || port > 65535)
        return usageError(QStringLiteral("--connect must be host:port, not '%1'").arg(connect));
    options.host = connect.left(colon);
    if (options.host.startsWith(QLatin1Char('[')) && options.host.endsWith(QLatin1Char(']')))
        options.host = options.host.mid(1, options.host.size() - 2);
    options.port = quint16(port);

    if (!integer(sessionsOption, 1, 10000, options.sessions) || !integer(readOption, 0, 100, options.readPercent) ||
        !integer(valueOption, 0, 1024 * 1024, options.valueSize) || !integer(keysOption, 1, 10000000, options.keys) ||
        !integer(sessionTimeoutOption, 1, 3600000, options.sessionTimeoutMs) ||
        !integer(populateOption, 0, 100000000, options.populate) || !integer(threadsOption, 0, 256, options.threads))
        return {std::nullopt, 2};
    options.outstanding = options.populate > 0 ? 256 : 1;
    if (!integer(outstandingOption, 1, 100000, options.outstanding))
        return {std::nullopt, 2};
    if (!seconds(durationOption, 0.1, options.durationSeconds) || !seconds(warmupOption, 0.0, options.warmupSeconds) ||
        !seconds(stallOption, 0.5, options.stallTimeoutSeconds))
        return {std::nullopt, 2};
    if (parser.isSet(pidOption)) {
        for (const QString &part : parser.value(pidOption).split(QLatin1Char(','))) {
            bool ok = false;
            const qint64 pid = part.toLongLong(&ok);
            if (!ok || pid <= 0)
                return usageError(QStringLiteral("--server-pid must be process ids, not '%1'").arg(part));
            options.serverPids.push_back(pid);
        }
    }
    if (parser.isSet(populateOption) && options.populate <= 0)
        return usageError(QStringLiteral("--populate needs N >= 1"));
    options.skipSetup = parser.isSet(skipSetupOption);
    if (options.threads == 0)
        options.threads = std::min(options.sessions, 2);
    options.threads = std::min(options.threads, options.sessions);
    return {options, 0};
}

} // namespace zooscope::bench
