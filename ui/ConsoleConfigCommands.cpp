// config and reconfig as zkCli.sh 3.8 runs them: config reads /zookeeper/config (getConfig),
// reconfig sends the reconfig request (opcode 16) and prints the configuration the leader committed.

#include "ConsoleCommandRunner.h"

#include <QFile>
#include <QHash>
#include <QSet>

#include <map>

namespace zooscope::ui {

using client::ErrorCode;
using client::Result;

namespace {
// The console's options: single-letter flags and the long ones reconfig takes, some with a value.
struct ParsedOptions
{
    QHash<QString, QString> values;
    QStringList rest;
    QString unrecognized;
};

ParsedOptions parseOptions(const QStringList &arguments, const QSet<QString> &flags, const QSet<QString> &withValue)
{
    ParsedOptions parsed;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &word = arguments.at(i);
        if (!word.startsWith(u'-') || word.size() < 2) {
            parsed.rest.append(word);
            continue;
        }
        const QString name = word.mid(1);
        if (flags.contains(name)) {
            parsed.values.insert(name, QString());
        } else if (withValue.contains(name) && i + 1 < arguments.size()) {
            parsed.values.insert(name, arguments.at(++i));
        } else if (withValue.contains(name)) {
            parsed.unrecognized = ConsoleCommandRunner::tr("Missing argument for option: %1").arg(name);
            return parsed;
        } else {
            parsed.unrecognized = ConsoleCommandRunner::tr("Unrecognized option: %1").arg(word);
            return parsed;
        }
    }
    return parsed;
}

// ConfigUtils.getClientConfigStr: "<version> host:clientPort,..." from a dynamic configuration;
// members without a client port leave an empty entry. Members in id order.
QString clientConfigString(const QString &configuration)
{
    QString version;
    std::map<qint64, QString> members;
    for (const QString &rawLine : configuration.split(u'\n')) {
        const QString line = rawLine.trimmed();
        const qsizetype equals = line.indexOf(u'=');
        if (equals < 0)
            continue;
        const QString key = line.left(equals).trimmed();
        const QString value = line.mid(equals + 1).trimmed();
        if (key == QLatin1String("version"))
            version = value;
        if (!key.startsWith(QLatin1String("server.")))
            continue;
        QString client;
        const qsizetype semicolon = value.indexOf(u';');
        if (semicolon >= 0) {
            const QString address = value.mid(semicolon + 1).trimmed();
            client = address.contains(u':') ? address : QStringLiteral("0.0.0.0:") + address;
        }
        members[key.mid(7).toLongLong()] = client;
    }
    QStringList entries;
    for (const auto &[id, client] : members)
        entries.append(client);
    return version + u' ' + entries.join(u',');
}
} // namespace

QString ConsoleCommandRunner::keeperErrorMessage(ErrorCode error)
{
    // KeeperException.getCodeMessage for the codes a reconfig may meet.
    switch (error) {
    case ErrorCode::NoNode: return tr("Node does not exist: ");
    case ErrorCode::BadVersion: return tr("version No is not valid : ");
    case ErrorCode::NoAuth: return tr("Insufficient permission : ");
    case ErrorCode::Unimplemented:
        return tr("KeeperErrorCode = Unimplemented (this server does not support reconfig; Apache ZooKeeper 3.5 or "
                  "later with reconfigEnabled=true does)");
    case ErrorCode::ReconfigDisabled: return tr("KeeperErrorCode = Reconfig is disabled");
    case ErrorCode::NewConfigNoQuorum:
        return tr("KeeperErrorCode = No quorum of new config is connected and up-to-date with the leader of last "
                  "commmitted config - try invoking reconfiguration after new servers are connected and synced");
    case ErrorCode::ReconfigInProgress:
        return tr("KeeperErrorCode = Another reconfiguration is in progress -- concurrent reconfigs not supported "
                  "(yet)");
    default: return tr("KeeperErrorCode = %1").arg(client::errorText(error));
    }
}

void ConsoleCommandRunner::runConfig(const QStringList &arguments)
{
    const ParsedOptions options =
        parseOptions(arguments, {QStringLiteral("c"), QStringLiteral("w"), QStringLiteral("s")}, {});
    if (!options.unrecognized.isEmpty())
        return finish(options.unrecognized + u'\n' + tr("Usage: %1").arg(QStringLiteral("config [-c] [-w] [-s]")),
                      false);
    const bool clientString = options.values.contains(QStringLiteral("c"));
    const bool withStat = options.values.contains(QStringLiteral("s"));
    const client::Watch watch = options.values.contains(QStringLiteral("w")) ? client::Watch::Yes : client::Watch::No;
    m_client->getConfig(watch, client::guarded<client::DataResult>(
                                   this, [this, clientString, withStat](const Result<client::DataResult> &reply) {
                                       if (!reply.ok())
                                           return fail(QStringLiteral("/zookeeper/config"), reply.error);
                                       QString text = reply.value.data.isNull() ? QStringLiteral("null")
                                                                                : QString::fromUtf8(reply.value.data);
                                       if (clientString)
                                           text = clientConfigString(text);
                                       if (withStat)
                                           text += u'\n' + formatStat(reply.value.stat);
                                       finish(text);
                                   }));
}

void ConsoleCommandRunner::runReconfig(const QStringList &arguments)
{
    const QString usageText = QStringLiteral(
        "reconfig [-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | "
        "[-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]");
    const ParsedOptions options = parseOptions(arguments, {QStringLiteral("s")},
                                               {QStringLiteral("v"), QStringLiteral("file"), QStringLiteral("members"),
                                                QStringLiteral("add"), QStringLiteral("remove")});
    if (!options.unrecognized.isEmpty())
        return finish(options.unrecognized + u'\n' + tr("Usage: %1").arg(usageText), false);
    const auto has = [&options](const char *name) { return options.values.contains(QLatin1String(name)); };
    const auto value = [&options](const char *name) { return options.values.value(QLatin1String(name)); };
    if (!has("file") && !has("members") && !has("add") && !has("remove"))
        return usage(usageText);
    std::int64_t version = -1;
    if (has("v")) {
        bool ok = false;
        version = value("v").toLongLong(&ok, 16); // zkCli reads the version in hex, as config prints it
        if (!ok)
            return finish(tr("-v must be followed by a long (configuration version)"), false);
    }
    if ((has("file") || has("members")) && (has("add") || has("remove")))
        return finish(tr("Can't use -file or -members together with -add or -remove (mixing incremental and "
                         "non-incremental modes is not allowed)"),
                      false);
    if (has("file") && has("members"))
        return finish(tr("Can't use -file and -members together (conflicting non-incremental modes)"), false);
    QByteArray joining;
    QByteArray leaving;
    QByteArray members;
    if (has("add"))
        joining = value("add").toLower().toUtf8();
    if (has("remove"))
        leaving = value("remove").toLower().toUtf8();
    if (has("members"))
        members = value("members").toLower().toUtf8();
    if (has("file")) {
        // The membership lines of a dynamic configuration file, as zkCli takes them from it.
        QFile file(value("file"));
        if (!file.open(QIODevice::ReadOnly))
            return finish(tr("Error processing %1: %2").arg(value("file"), file.errorString()), false);
        QStringList lines;
        for (const QString &line : QString::fromUtf8(file.readAll()).split(u'\n')) {
            const QString trimmed = line.trimmed();
            if (trimmed.startsWith(QLatin1String("server.")) || trimmed.startsWith(QLatin1String("group.")) ||
                trimmed.startsWith(QLatin1String("weight.")))
                lines.append(trimmed);
        }
        if (lines.isEmpty())
            return finish(tr("Error processing %1: no server.N lines").arg(value("file")), false);
        members = lines.join(u'\n').toUtf8();
    }
    const bool withStat = has("s");
    m_client->reconfig(
        joining, leaving, members, version,
        client::guarded<client::DataResult>(this, [this, withStat](const Result<client::DataResult> &reply) {
            if (!reply.ok())
                return finish(keeperErrorMessage(reply.error), false);
            QString text = tr("Committed new configuration:\n%1").arg(QString::fromUtf8(reply.value.data));
            if (withStat)
                text += u'\n' + formatStat(reply.value.stat);
            finish(text);
        }));
}

} // namespace zooscope::ui
