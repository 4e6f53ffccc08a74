#include "DynamicConfig.h"

#include <algorithm>

namespace zooscope::node {

namespace {

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

// Adds `entry`, replacing a member with the same id (a joining server that is already a member changes).
void putEntry(std::vector<QuorumServerEntry> &servers, const QuorumServerEntry &entry)
{
    std::erase_if(servers, [&entry](const QuorumServerEntry &e) { return e.id == entry.id; });
    servers.push_back(entry);
}

void sortById(std::vector<QuorumServerEntry> &servers)
{
    std::sort(servers.begin(), servers.end(),
              [](const QuorumServerEntry &a, const QuorumServerEntry &b) { return a.id < b.id; });
}

// "server.N=value" (also accepted without the "server." prefix: "N=value", as zkCli's -members allows).
bool parseServerLine(const QString &line, QuorumServerEntry &entry, QString *error)
{
    const qsizetype equals = line.indexOf(QLatin1Char('='));
    if (equals < 0)
        return fail(error, QStringLiteral("'%1' is not server.N=host:port:port[:role][;clientPort]").arg(line));
    QString key = line.left(equals).trimmed();
    if (key.startsWith(QLatin1String("server.")))
        key = key.mid(7);
    bool ok = false;
    const qint64 id = key.toLongLong(&ok);
    const std::optional<QuorumServerEntry> parsed = ok && id > 0 ? parseServerEntry(id, line.mid(equals + 1).trimmed())
                                                                 : std::nullopt;
    if (!parsed)
        return fail(error, QStringLiteral("'%1' is not server.N=host:port:port[:role][;clientPort]").arg(line));
    entry = *parsed;
    return true;
}

} // namespace

DynamicConfig DynamicConfig::fromServers(const QList<QuorumServerEntry> &servers, std::int64_t version)
{
    DynamicConfig config;
    config.servers.assign(servers.begin(), servers.end());
    sortById(config.servers);
    config.version = version;
    return config;
}

std::optional<DynamicConfig> DynamicConfig::parse(const QByteArray &text, QString *error)
{
    DynamicConfig config;
    for (const QByteArray &rawLine : text.split('\n')) {
        const QString line = QString::fromUtf8(rawLine).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1String("version="))) {
            bool ok = false;
            config.version = line.mid(8).toLongLong(&ok, 16);
            if (!ok) {
                fail(error, QStringLiteral("'%1' is not version=<hexadecimal>").arg(line));
                return std::nullopt;
            }
            continue;
        }
        QuorumServerEntry entry;
        if (!line.startsWith(QLatin1String("server."))) {
            fail(error, QStringLiteral("'%1' is not server.N=host:port:port[:role][;clientPort]").arg(line));
            return std::nullopt;
        }
        if (!parseServerLine(line, entry, error))
            return std::nullopt;
        if (config.server(entry.id)) {
            fail(error, QStringLiteral("server.%1 is listed twice").arg(entry.id));
            return std::nullopt;
        }
        config.servers.push_back(entry);
    }
    sortById(config.servers);
    return config;
}

QString serverEntryText(const QuorumServerEntry &entry)
{
    QString text = QStringLiteral("%1:%2:%3:%4")
                       .arg(entry.host)
                       .arg(entry.quorumPort)
                       .arg(entry.electionPort)
                       .arg(entry.observer ? QStringLiteral("observer") : QStringLiteral("participant"));
    if (!entry.clientSpec.isEmpty()) {
        // A bare port listens on every address, which ZooKeeper prints as 0.0.0.0.
        const bool hasAddress = entry.clientSpec.contains(QLatin1Char(':'));
        text += QLatin1Char(';') + (hasAddress ? entry.clientSpec : QStringLiteral("0.0.0.0:") + entry.clientSpec);
    }
    return text;
}

QByteArray DynamicConfig::toText() const
{
    QByteArray text;
    for (const QuorumServerEntry &entry : servers)
        text += "server." + QByteArray::number(qint64(entry.id)) + '=' + serverEntryText(entry).toUtf8() + '\n';
    text += "version=" + QByteArray::number(qint64(version), 16);
    return text;
}

quorum::QuorumConfig DynamicConfig::membership() const
{
    std::vector<quorum::QuorumMember> members;
    for (const QuorumServerEntry &entry : servers)
        members.push_back({entry.id, entry.observer});
    return quorum::QuorumConfig(std::move(members));
}

const QuorumServerEntry *DynamicConfig::server(std::int64_t id) const
{
    for (const QuorumServerEntry &entry : servers) {
        if (entry.id == id)
            return &entry;
    }
    return nullptr;
}

std::optional<DynamicConfig> reconfigured(const DynamicConfig &current, const QString &joining, const QString &leaving,
                                          const QString &newMembers, QString *error)
{
    DynamicConfig next;
    if (!newMembers.trimmed().isEmpty()) {
        if (!joining.trimmed().isEmpty() || !leaving.trimmed().isEmpty()) {
            fail(error, QStringLiteral("a reconfiguration is either incremental (joining/leaving) or a new member list"));
            return std::nullopt;
        }
        for (const QString &item : newMembers.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            QuorumServerEntry entry;
            if (!parseServerLine(item.trimmed(), entry, error))
                return std::nullopt;
            putEntry(next.servers, entry);
        }
    } else {
        if (joining.trimmed().isEmpty() && leaving.trimmed().isEmpty()) {
            fail(error, QStringLiteral("no servers to add or remove"));
            return std::nullopt;
        }
        next.servers = current.servers;
        for (const QString &item : leaving.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool ok = false;
            const qint64 id = item.trimmed().toLongLong(&ok);
            if (!ok) {
                fail(error, QStringLiteral("'%1' is not a server id").arg(item.trimmed()));
                return std::nullopt;
            }
            std::erase_if(next.servers, [id](const QuorumServerEntry &e) { return e.id == id; });
        }
        for (const QString &item : joining.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            QuorumServerEntry entry;
            if (!parseServerLine(item.trimmed(), entry, error))
                return std::nullopt;
            putEntry(next.servers, entry);
        }
    }
    sortById(next.servers);
    if (next.membership().voters().empty()) {
        fail(error, QStringLiteral("the new configuration has no voting member"));
        return std::nullopt;
    }
    return next;
}

} // namespace zooscope::node
