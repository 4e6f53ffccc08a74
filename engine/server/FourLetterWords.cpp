#include "FourLetterWords.h"

#include "QuotaMetrics.h"

#include "ZooKeeperService.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSysInfo>
#include <QTextStream>

#include <sys/resource.h>

namespace zooscope::server {

namespace {
const QByteArray CompatibleVersion = "3.8.0";
const QByteArray ZooScopeVersion = "zooscope-0.1.0";

QString hex(std::int64_t value)
{
    return QStringLiteral("0x") + QString::number(quint64(value), 16);
}

// Java's Double.toString for the values we print: shortest form, always with a fraction.
qint64 directorySize(const QString &path)
{
    qint64 total = 0;
    const QFileInfoList entries = QDir(path).entryInfoList(QDir::Files);
    for (const QFileInfo &entry : entries)
        total += entry.size();
    return total;
}

qint64 maxFileDescriptors()
{
    rlimit limit{};
    return ::getrlimit(RLIMIT_NOFILE, &limit) == 0 ? qint64(limit.rlim_cur) : -1;
}

QString javaDouble(double value)
{
    QString text = QString::number(value, 'g', QLocale::FloatingPointShortest);
    if (!text.contains('.') && !text.contains('e'))
        text += QStringLiteral(".0");
    return text;
}
} // namespace

bool FourLetterWords::isCommand(const QByteArray &word)
{
    static const QSet<QByteArray> commands{"ruok", "srvr", "stat", "mntr", "conf", "cons", "crst", "dump",
                                           "envi", "wchs", "wchc", "wchp", "isro", "srst", "dirs", "gtmk",
                                           "stmk", "hash"};
    return commands.contains(word);
}

QByteArray FourLetterWords::versionString()
{
    // Clients gate features on the version, so it leads with the ZooKeeper release we match.
    return CompatibleVersion + '-' + ZooScopeVersion + ", built on " + QByteArray(__DATE__) + ' ' + QByteArray(__TIME__);
}

QByteArray FourLetterWords::run(const QByteArray &word)
{
    if (word == "ruok")
        return "imok";
    if (word == "isro")
        return m_service.servingMode() == ServingMode::ReadOnly ? "ro" : "rw";
    // Apache ZooKeeper answers these only while it serves (its ZooKeeperServer is running).
    static const QSet<QByteArray> needServing{"srvr", "stat", "cons", "mntr", "dump", "wchs", "wchc", "wchp", "crst", "srst"};
    if (m_service.servingMode() == ServingMode::NotServing && needServing.contains(word))
        return "This ZooKeeper instance is not currently serving requests\n";
    if (word == "srvr")
        return "Zookeeper version: " + versionString() + '\n' + serverStatistics();
    if (word == "stat")
        return "Zookeeper version: " + versionString() + "\nClients:\n" + connectionDetails(true) + '\n'
               + serverStatistics();
    if (word == "cons")
        return connectionDetails(false) + '\n';
    if (word == "mntr")
        return monitor();
    if (word == "conf")
        return configuration();
    if (word == "envi")
        return environment();
    if (word == "dump")
        return dump();
    if (word == "wchs")
        return watchSummary();
    if (word == "wchc")
        return watchesByConnection();
    if (word == "wchp")
        return watchesByPath();
    if (word == "srst") {
        m_service.m_statistics.reset();
        return "Server stats reset.\n";
    }
    if (word == "crst") {
        for (auto &connection : m_service.m_connections)
        {
            const qint64 establishedAt = connection.statistics.establishedAtMs;
            connection.statistics = ConnectionStatistics();
            connection.statistics.establishedAtMs = establishedAt;
        }
        return "Connection stats reset.\n";
    }
    if (word == "dirs")
        return QStringLiteral("datadir_size: %1\nlogdir_size: %2\n")
            .arg(directorySize(dataVersionDirectory()))
            .arg(directorySize(logVersionDirectory()))
            .toUtf8();
    if (word == "gtmk")
        return "306";
    if (word == "stmk")
        return "306";
    if (word == "hash")
        return "";
    return word + " is not supported by ZooScope.\n";
}

QString FourLetterWords::dataVersionDirectory() const
{
    return m_service.m_config.dataDirectory + QStringLiteral("/version-2");
}

QString FourLetterWords::logVersionDirectory() const
{
    const ServerConfig &config = m_service.m_config;
    return (config.dataLogDirectory.isEmpty() ? config.dataDirectory : config.dataLogDirectory) + QStringLiteral("/version-2");
}

QByteArray FourLetterWords::serverStatistics() const
{
    const ServerStatistics &statistics = m_service.m_statistics;
    QString text;
    QTextStream out(&text);
    out << "Latency min/avg/max: " << statistics.latency.minimum() << '/'
        << javaDouble(statistics.latency.average()) << '/' << statistics.latency.maximumMs << '\n';
    out << "Received: " << statistics.packetsReceived << '\n';
    out << "Sent: " << statistics.packetsSent << '\n';
    out << "Connections: " << m_service.m_connections.size() << '\n';
    out << "Outstanding: " << m_service.m_prepared.size() << '\n';
    out << "Zxid: " << hex(m_service.reportedZxid()) << '\n';
    out << "Mode: " << servingModeName(m_service.servingMode()) << '\n';
    out << "Node count: " << m_service.m_tree.nodeCount() + 1 << '\n';
    out.flush();
    return text.toUtf8();
}

QByteArray FourLetterWords::connectionDetails(bool brief) const
{
    QString text;
    QTextStream out(&text);
    for (const auto &connection : std::as_const(m_service.m_connections)) {
        const ConnectionStatistics &statistics = connection.statistics;
        out << " /" << connection.peer.toString() << ':' << connection.peerPort << '[' << (connection.handshakeDone ? 1 : 0)
            << "](queued=" << connection.pending.size() << ",recved=" << statistics.packetsReceived
            << ",sent=" << statistics.packetsSent;
        if (!brief && connection.sessionId != 0) {
            out << ",sid=" << hex(connection.sessionId) << ",lop=" << statistics.lastOperation
                << ",est=" << statistics.establishedAtMs << ",to=" << connection.negotiatedTimeoutMs;
            if (statistics.lastCxid >= 0)
                out << ",lcxid=" << hex(statistics.lastCxid);
            out << ",lzxid=" << hex(statistics.lastZxid) << ",lresp=" << statistics.lastResponseAtMs
                << ",llat=" << statistics.lastLatencyMs << ",minlat=" << statistics.latency.minimum() << ",avglat=" << qint64(statistics.latency.average())
                << ",maxlat=" << statistics.latency.maximumMs;
        }
        out << ")\n";
    }
    out.flush();
    return text.toUtf8();
}

QByteArray FourLetterWords::monitor() const
{
    const ServerStatistics &statistics = m_service.m_statistics;
    const tree::DataTree &tree = m_service.m_tree;
    qsizetype ephemerals = 0;
    for (const std::int64_t session : tree.sessionsWithEphemerals())
        ephemerals += tree.ephemeralsOf(session).size();
    QString text;
    QTextStream out(&text);
    auto line = [&out](const char *key, const auto &value) { out << key << '\t' << value << '\n'; };
    line("zk_version", QString::fromUtf8(versionString()));
    line("zk_server_state", servingModeName(m_service.servingMode()));
    line("zk_avg_latency", javaDouble(statistics.latency.average()));
    line("zk_max_latency", statistics.latency.maximumMs);
    line("zk_min_latency", statistics.latency.minimum());
    line("zk_packets_received", statistics.packetsReceived);
    line("zk_packets_sent", statistics.packetsSent);
    line("zk_num_alive_connections", m_service.m_connections.size());
    line("zk_outstanding_requests", m_service.m_prepared.size());
    line("zk_znode_count", tree.nodeCount() + 1);
    line("zk_watch_count", tree.dataWatches().watchCount() + tree.childWatches().watchCount());
    line("zk_ephemerals_count", ephemerals);
    line("zk_approximate_data_size", tree.approximateDataSize());
    line("zk_global_sessions", m_service.m_sessions->sessions().size());
    line("zk_local_sessions", 0);
    line("zk_auth_failed_count", m_service.m_authFailures);
    line("zk_uptime", m_service.m_clock.monotonicMs() - m_service.m_startedAtMs);
    line("zk_open_file_descriptor_count", QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
    line("zk_max_file_descriptor_count", maxFileDescriptors());
    out << quotaMetricLines(tree, m_service.m_preparer ? m_service.m_preparer->quotas().exceededPerNamespace()
                                                       : QMap<QString, qint64>());
    out.flush();
    return text.toUtf8();
}

QByteArray FourLetterWords::configuration() const
{
    const ServerConfig &config = m_service.m_config;
    QString text;
    QTextStream out(&text);
    out << "clientPort=" << config.clientPort << '\n';
    out << "secureClientPort=" << config.secureClientPort << '\n'; // -1 without one, as Apache prints
    out << "dataDir=" << dataVersionDirectory() << '\n';
    out << "dataDirSize=" << directorySize(dataVersionDirectory()) << '\n';
    out << "dataLogDir=" << logVersionDirectory() << '\n';
    out << "dataLogSize=" << directorySize(logVersionDirectory()) << '\n';
    out << "tickTime=" << config.tickTimeMs << '\n';
    out << "maxClientCnxns=" << config.maxClientConnectionsPerHost << '\n';
    out << "minSessionTimeout=" << config.effectiveMinSessionTimeout() << '\n';
    out << "maxSessionTimeout=" << config.effectiveMaxSessionTimeout() << '\n';
    out << "clientPortListenBacklog=-1\n";
    out << "serverId=" << config.serverId << '\n';
    out.flush();
    return text.toUtf8();
}

QByteArray FourLetterWords::environment() const
{
    QString text;
    QTextStream out(&text);
    out << "Environment:\n";
    out << "zookeeper.version=" << versionString() << '\n';
    out << "host.name=" << QSysInfo::machineHostName() << '\n';
    out << "os.name=" << QSysInfo::kernelType() << '\n';
    out << "os.arch=" << QSysInfo::currentCpuArchitecture() << '\n';
    out << "os.version=" << QSysInfo::kernelVersion() << '\n';
    out << "user.dir=" << QDir::currentPath() << '\n';
    out.flush();
    return text.toUtf8();
}

QByteArray FourLetterWords::dump() const
{
    const tree::DataTree &tree = m_service.m_tree;
    QString text;
    QTextStream out(&text);
    out << "SessionTracker dump:\n";
    QMap<qint64, QList<std::int64_t>> byExpiry;
    for (const Session &session : m_service.m_sessions->sessions())
        byExpiry[session.expiresAtMs].append(session.id);
    out << "Session Sets (" << byExpiry.size() << ")/(" << m_service.m_sessions->sessions().size() << "):\n";
    const qint64 wallOffset = m_service.m_clock.wallMs() - m_service.m_clock.monotonicMs();
    for (auto it = byExpiry.begin(); it != byExpiry.end(); ++it) {
        std::sort(it->begin(), it->end());
        out << it->size() << " expire at "
            << QDateTime::fromMSecsSinceEpoch(it.key() + wallOffset).toString(QStringLiteral("ddd MMM dd HH:mm:ss t yyyy"))
            << ":\n";
        for (const std::int64_t id : std::as_const(*it))
            out << '\t' << hex(id) << '\n';
    }
    out << "ephemeral nodes dump:\n";
    QList<std::int64_t> owners = tree.sessionsWithEphemerals();
    std::sort(owners.begin(), owners.end());
    out << "Sessions with Ephemerals (" << owners.size() << "):\n";
    for (const std::int64_t owner : owners) {
        out << hex(owner) << ":\n";
        QList<QByteArray> paths = tree.ephemeralsOf(owner).values();
        std::sort(paths.begin(), paths.end());
        for (const QByteArray &path : paths)
            out << '\t' << path << '\n';
    }
    out << "Connections dump:\n";
    out << "Connections Sets (1)/(" << m_service.m_connections.size() << "):\n";
    out << m_service.m_connections.size() << " expire at "
        << QDateTime::currentDateTime().toString(QStringLiteral("ddd MMM dd HH:mm:ss t yyyy")) << ":\n";
    for (const auto &connection : std::as_const(m_service.m_connections))
        out << "\tip: /" << connection.peer.toString() << ':' << connection.peerPort
            << " sessionId: " << hex(connection.sessionId) << '\n';
    out.flush();
    return text.toUtf8();
}

QByteArray FourLetterWords::watchSummary() const
{
    const tree::DataTree &tree = m_service.m_tree;
    QSet<tree::WatcherId> watchers;
    for (const tree::WatcherId watcher : tree.dataWatches().watchers())
        watchers.insert(watcher);
    for (const tree::WatcherId watcher : tree.childWatches().watchers())
        watchers.insert(watcher);
    QSet<QByteArray> paths;
    for (const tree::WatcherId watcher : std::as_const(watchers)) {
        for (const QByteArray &path : tree.dataWatches().pathsOf(watcher))
            paths.insert(path);
        for (const QByteArray &path : tree.childWatches().pathsOf(watcher))
            paths.insert(path);
    }
    return QStringLiteral("%1 connections watching %2 paths\nTotal watches:%3\n")
        .arg(watchers.size())
        .arg(paths.size())
        .arg(tree.dataWatches().watchCount() + tree.childWatches().watchCount())
        .toUtf8();
}

QByteArray FourLetterWords::watchesByConnection() const
{
    const tree::DataTree &tree = m_service.m_tree;
    QString text;
    QTextStream out(&text);
    for (const auto &connection : std::as_const(m_service.m_connections)) {
        QSet<QByteArray> paths;
        for (const QByteArray &path : tree.dataWatches().pathsOf(connection.id))
            paths.insert(path);
        for (const QByteArray &path : tree.childWatches().pathsOf(connection.id))
            paths.insert(path);
        if (paths.isEmpty())
            continue;
        out << hex(connection.sessionId) << '\n';
        QList<QByteArray> sorted = paths.values();
        std::sort(sorted.begin(), sorted.end());
        for (const QByteArray &path : sorted)
            out << '\t' << path << '\n';
    }
    out << '\n';
    out.flush();
    return text.toUtf8();
}

QByteArray FourLetterWords::watchesByPath() const
{
    const tree::DataTree &tree = m_service.m_tree;
    QMap<QByteArray, QSet<std::int64_t>> sessionsByPath;
    for (const auto &connection : std::as_const(m_service.m_connections)) {
        for (const QByteArray &path : tree.dataWatches().pathsOf(connection.id))
            sessionsByPath[path].insert(connection.sessionId);
        for (const QByteArray &path : tree.childWatches().pathsOf(connection.id))
            sessionsByPath[path].insert(connection.sessionId);
    }
    QString text;
    QTextStream out(&text);
    for (auto it = sessionsByPath.cbegin(); it != sessionsByPath.cend(); ++it) {
        out << it.key() << '\n';
        QList<std::int64_t> sessions = it.value().values();
        std::sort(sessions.begin(), sessions.end());
        for (const std::int64_t session : sessions)
            out << '\t' << hex(session) << '\n';
    }
    out << '\n';
    out.flush();
    return text.toUtf8();
}

} // namespace zooscope::server
