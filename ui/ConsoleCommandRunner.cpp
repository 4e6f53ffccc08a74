#include "ConsoleCommandRunner.h"

#include "RecursiveDeleter.h"

#include <QDateTime>
#include <QLocale>

namespace zooscope::ui {

using client::ErrorCode;
using client::Result;

namespace {
QString hex(std::int64_t value)
{
    return QStringLiteral("0x") + QString::number(quint64(value), 16);
}

QString javaDate(std::int64_t milliseconds)
{
    return QLocale::c().toString(QDateTime::fromMSecsSinceEpoch(milliseconds),
                                 QStringLiteral("ddd MMM dd HH:mm:ss t yyyy"));
}

QString javaList(QStringList items)
{
    items.sort();
    return u'[' + items.join(QStringLiteral(", ")) + u']';
}

// Removes the flags (e.g. "-s") from arguments and returns the ones found; "-t" and "-v" take a value.
QHash<QString, QString> takeOptions(QStringList &arguments)
{
    QHash<QString, QString> options;
    for (qsizetype i = 0; i < arguments.size();) {
        const QString word = arguments.at(i);
        if (word.size() == 2 && word.startsWith(u'-') && word.at(1).isLetter()) {
            if ((word == QLatin1String("-t") || word == QLatin1String("-v")) && i + 1 < arguments.size()) {
                options.insert(word, arguments.at(i + 1));
                arguments.remove(i, 2);
            } else {
                options.insert(word, QString());
                arguments.remove(i);
            }
            continue;
        }
        ++i;
    }
    return options;
}
} // namespace

ConsoleCommandRunner::ConsoleCommandRunner(client::ZooKeeperClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

QStringList ConsoleCommandRunner::commandNames()
{
    return {QStringLiteral("ls"),      QStringLiteral("get"),       QStringLiteral("set"),
            QStringLiteral("create"),  QStringLiteral("delete"),    QStringLiteral("deleteall"),
            QStringLiteral("stat"),    QStringLiteral("getAcl"),    QStringLiteral("setAcl"),
            QStringLiteral("addauth"), QStringLiteral("sync"),      QStringLiteral("getEphemerals"),
            QStringLiteral("whoami"),  QStringLiteral("setquota"),  QStringLiteral("listquota"),
            QStringLiteral("delquota"), QStringLiteral("config"),  QStringLiteral("reconfig"),
            QStringLiteral("help")};
}

QStringList ConsoleCommandRunner::tokenize(const QString &line)
{
    QStringList words;
    QString current;
    bool inWord = false;
    QChar quote;
    for (const QChar character : line) {
        if (!quote.isNull()) {
            if (character == quote)
                quote = QChar();
            else
                current += character;
            continue;
        }
        if (character == u'"' || character == u'\'') {
            quote = character;
            inWord = true;
        } else if (character.isSpace()) {
            if (inWord)
                words.append(current);
            current.clear();
            inWord = false;
        } else {
            current += character;
            inWord = true;
        }
    }
    if (inWord)
        words.append(current);
    return words;
}

QString ConsoleCommandRunner::permissionLetters(std::int32_t perms)
{
    QString letters;
    if (perms & client::Perm::Create)
        letters += u'c';
    if (perms & client::Perm::Delete)
        letters += u'd';
    if (perms & client::Perm::Read)
        letters += u'r';
    if (perms & client::Perm::Write)
        letters += u'w';
    if (perms & client::Perm::Admin)
        letters += u'a';
    return letters;
}

std::optional<client::AclList> ConsoleCommandRunner::parseAcl(const QString &text)
{
    client::AclList acl;
    for (const QString &entry : text.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype first = entry.indexOf(u':');
        const qsizetype last = entry.lastIndexOf(u':');
        if (first <= 0 || last == first)
            return std::nullopt;
        client::Acl item;
        item.id.scheme = entry.left(first).toUtf8();
        item.id.id = entry.mid(first + 1, last - first - 1).toUtf8();
        for (const QChar letter : entry.mid(last + 1)) {
            switch (letter.unicode()) {
            case u'c': item.perms |= client::Perm::Create; break;
            case u'd': item.perms |= client::Perm::Delete; break;
            case u'r': item.perms |= client::Perm::Read; break;
            case u'w': item.perms |= client::Perm::Write; break;
            case u'a': item.perms |= client::Perm::Admin; break;
            default: return std::nullopt;
            }
        }
        acl.push_back(item);
    }
    if (acl.empty())
        return std::nullopt;
    return acl;
}

QString ConsoleCommandRunner::formatStat(const client::Stat &stat)
{
    return QStringLiteral("cZxid = %1\nctime = %2\nmZxid = %3\nmtime = %4\npZxid = %5\ncversion = %6\n"
                          "dataVersion = %7\naclVersion = %8\nephemeralOwner = %9\ndataLength = %10\n"
                          "numChildren = %11")
        .arg(hex(stat.czxid), javaDate(stat.ctime), hex(stat.mzxid), javaDate(stat.mtime), hex(stat.pzxid))
        .arg(stat.cversion)
        .arg(stat.version)
        .arg(stat.aversion)
        .arg(hex(stat.ephemeralOwner))
        .arg(stat.dataLength)
        .arg(stat.numChildren);
}

void ConsoleCommandRunner::finish(const QString &text, bool ok)
{
    m_busy = false;
    if (!text.isEmpty())
        Q_EMIT output(text);
    Q_EMIT finished(ok);
}

void ConsoleCommandRunner::fail(const QString &path, ErrorCode error)
{
    // zkCli's wording for the common cases.
    switch (error) {
    case ErrorCode::NoNode:
        finish(tr("Node does not exist: %1").arg(path), false);
        return;
    case ErrorCode::NodeExists:
        finish(tr("Node already exists: %1").arg(path), false);
        return;
    case ErrorCode::NotEmpty:
        finish(tr("Node not empty: %1").arg(path), false);
        return;
    case ErrorCode::BadVersion:
        finish(tr("version No is not valid : %1").arg(path), false);
        return;
    case ErrorCode::NoAuth:
        finish(tr("Insufficient permission : %1").arg(path), false);
        return;
    case ErrorCode::QuotaExceeded:
        finish(tr("KeeperErrorCode = Quota has exceeded for %1").arg(path), false);
        return;
    default:
        finish(tr("%1: %2").arg(path, client::errorText(error)), false);
    }
}

void ConsoleCommandRunner::usage(const QString &text)
{
    finish(tr("Usage: %1").arg(text), false);
}

void ConsoleCommandRunner::execute(const QString &line)
{
    QStringList words = tokenize(line);
    if (words.isEmpty()) {
        Q_EMIT finished(true);
        return;
    }
    if (m_busy) {
        Q_EMIT output(tr("A command is still running."));
        Q_EMIT finished(false);
        return;
    }
    if (!m_client) {
        Q_EMIT output(tr("Not connected."));
        Q_EMIT finished(false);
        return;
    }
    m_busy = true;
    const QString command = words.takeFirst();
    if (command == QLatin1String("ls"))
        runLs(words);
    else if (command == QLatin1String("get"))
        runGet(words);
    else if (command == QLatin1String("set"))
        runSet(words);
    else if (command == QLatin1String("create"))
        runCreate(words);
    else if (command == QLatin1String("delete"))
        runDelete(words);
    else if (command == QLatin1String("deleteall") || command == QLatin1String("rmr"))
        runDeleteAll(words);
    else if (command == QLatin1String("stat"))
        runStat(words);
    else if (command == QLatin1String("getAcl"))
        runGetAcl(words);
    else if (command == QLatin1String("setAcl"))
        runSetAcl(words);
    else if (command == QLatin1String("addauth"))
        runAddAuth(words);
    else if (command == QLatin1String("sync"))
        runSync(words);
    else if (command == QLatin1String("getEphemerals"))
        runGetEphemerals(words);
    else if (command == QLatin1String("whoami"))
        runWhoAmI();
    else if (command == QLatin1String("setquota"))
        runSetQuota(words);
    else if (command == QLatin1String("listquota"))
        runListQuota(words);
    else if (command == QLatin1String("delquota"))
        runDelQuota(words);
    else if (command == QLatin1String("config"))
        runConfig(words);
    else if (command == QLatin1String("reconfig"))
        runReconfig(words);
    else if (command == QLatin1String("help"))
        runHelp();
    else
        finish(tr("Unknown command: %1 (type help)").arg(command), false);
}

void ConsoleCommandRunner::runLs(const QStringList &input)
{
    QStringList arguments = input;
    const auto options = takeOptions(arguments);
    if (arguments.size() != 1)
        return usage(QStringLiteral("ls [-s] [-R] path"));
    const QString path = arguments.first();
    if (options.contains(QStringLiteral("-R"))) {
        m_recursiveLines = {path};
        m_recursiveInFlight = 0;
        m_recursiveError = ErrorCode::Ok;
        listRecursively(path);
        return;
    }
    const bool withStat = options.contains(QStringLiteral("-s"));
    m_client->getChildren2(path, client::Watch::No,
                           client::guarded<client::ChildrenResult>(
                               this, [this, path, withStat](const Result<client::ChildrenResult> &reply) {
                                   if (!reply.ok())
                                       return fail(path, reply.error);
                                   QString text = javaList(reply.value.children);
                                   if (withStat)
                                       text += u'\n' + formatStat(reply.value.stat);
                                   finish(text);
                               }));
}

void ConsoleCommandRunner::listRecursively(const QString &path)
{
    ++m_recursiveInFlight;
    m_client->getChildren(path, client::Watch::No,
                          client::guarded<QStringList>(this, [this, path](const Result<QStringList> &reply) {
                              --m_recursiveInFlight;
                              if (!reply.ok() && m_recursiveError == ErrorCode::Ok)
                                  m_recursiveError = reply.error;
                              const QString prefix = path == QLatin1String("/") ? path : path + u'/';
                              for (const QString &child : reply.value) {
                                  m_recursiveLines.append(prefix + child);
                                  listRecursively(prefix + child);
                              }
                              if (m_recursiveInFlight > 0)
                                  return;
                              if (m_recursiveError != ErrorCode::Ok)
                                  return fail(m_recursiveLines.first(), m_recursiveError);
                              m_recursiveLines.sort();
                              finish(m_recursiveLines.join(u'\n'));
                          }));
}

void ConsoleCommandRunner::runGet(const QStringList &input)
{
    QStringList arguments = input;
    const auto options = takeOptions(arguments);
    if (arguments.size() != 1)
        return usage(QStringLiteral("get [-s] path"));
    const QString path = arguments.first();
    const bool withStat = options.contains(QStringLiteral("-s"));
    m_client->getData(path, client::Watch::No,
                      client::guarded<client::DataResult>(
                          this, [this, path, withStat](const Result<client::DataResult> &reply) {
                              if (!reply.ok())
                                  return fail(path, reply.error);
                              QString text = reply.value.data.isNull() ? QStringLiteral("null")
                                                                       : QString::fromUtf8(reply.value.data);
                              if (withStat)
                                  text += u'\n' + formatStat(reply.value.stat);
                              finish(text);
                          }));
}

void ConsoleCommandRunner::runSet(const QStringList &input)
{
    QStringList arguments = input;
    const auto options = takeOptions(arguments);
    if (arguments.size() < 2 || arguments.size() > 3)
        return usage(QStringLiteral("set [-s] [-v version] path data"));
    const QString path = arguments.at(0);
    const QString version = arguments.size() == 3 ? arguments.at(2) : options.value(QStringLiteral("-v"), "-1");
    const bool withStat = options.contains(QStringLiteral("-s"));
    m_client->setData(path, arguments.at(1).toUtf8(), version.toInt(),
                      client::guarded<client::Stat>(this, [this, path, withStat](const Result<client::Stat> &reply) {
                          if (!reply.ok())
                              return fail(path, reply.error);
                          finish(withStat ? formatStat(reply.value) : QString());
                      }));
}

void ConsoleCommandRunner::runCreate(const QStringList &input)
{
    QStringList arguments = input;
    const auto options = takeOptions(arguments);
    if (arguments.isEmpty() || arguments.size() > 3)
        return usage(QStringLiteral("create [-s] [-e] [-c] [-t ttl] path [data] [acl]"));
    const QString path = arguments.at(0);
    const QByteArray data = arguments.size() > 1 ? arguments.at(1).toUtf8() : QByteArray();
    client::AclList acl = client::openAclUnsafe();
    if (arguments.size() > 2) {
        const auto parsed = parseAcl(arguments.at(2));
        if (!parsed)
            return finish(tr("Invalid ACL: %1").arg(arguments.at(2)), false);
        acl = *parsed;
    }
    const bool sequential = options.contains(QStringLiteral("-s"));
    const bool ephemeral = options.contains(QStringLiteral("-e"));
    const bool container = options.contains(QStringLiteral("-c"));
    const bool ttl = options.contains(QStringLiteral("-t"));
    if ((container && (ephemeral || sequential || ttl)) || (ttl && ephemeral))
        return finish(tr("-c cannot be combined with -s, -e or -t, and -t not with -e."), false);
    auto done = client::guarded<client::CreateResult>(this, [this, path](const Result<client::CreateResult> &reply) {
        if (!reply.ok())
            return fail(path, reply.error);
        finish(tr("Created %1").arg(reply.value.path));
    });
    if (container)
        return m_client->createContainer(path, data, acl, done);
    if (ttl) {
        bool ok = false;
        const qint64 ttlMs = options.value(QStringLiteral("-t")).toLongLong(&ok);
        if (!ok || ttlMs <= 0)
            return finish(tr("Invalid TTL: %1").arg(options.value(QStringLiteral("-t"))), false);
        return m_client->createTtl(path, data, acl,
                                   sequential ? client::CreateMode::PersistentSequentialWithTtl
                                              : client::CreateMode::PersistentWithTtl,
                                   ttlMs, done);
    }
    client::CreateMode mode = client::CreateMode::Persistent;
    if (ephemeral)
        mode = sequential ? client::CreateMode::EphemeralSequential : client::CreateMode::Ephemeral;
    else if (sequential)
        mode = client::CreateMode::PersistentSequential;
    m_client->create(path, data, acl, mode, done);
}

void ConsoleCommandRunner::runDelete(const QStringList &input)
{
    QStringList arguments = input;
    const auto options = takeOptions(arguments);
    if (arguments.size() != 1)
        return usage(QStringLiteral("delete [-v version] path"));
    const QString path = arguments.first();
    m_client->remove(path, options.value(QStringLiteral("-v"), QStringLiteral("-1")).toInt(),
                     client::guarded<void>(this, [this, path](const Result<void> &reply) {
                         if (!reply.ok())
                             return fail(path, reply.error);
                         finish(QString());
                     }));
}

void ConsoleCommandRunner::runDeleteAll(const QStringList &arguments)
{
    if (arguments.size() != 1)
        return usage(QStringLiteral("deleteall path"));
    const QString path = arguments.first();
    if (path == QLatin1String("/"))
        return finish(tr("Refusing to delete the root."), false);
    auto *deleter = new RecursiveDeleter(m_client, path, this);
    connect(deleter, &RecursiveDeleter::collectFailed, this, [this, deleter](const QString &message) {
        deleter->deleteLater();
        finish(message, false);
    });
    connect(deleter, &RecursiveDeleter::collected, deleter, &RecursiveDeleter::execute);
    connect(deleter, &RecursiveDeleter::finished, this, [this, deleter](int, const QStringList &failures) {
        deleter->deleteLater();
        finish(failures.join(u'\n'), failures.isEmpty());
    });
    deleter->collect();
}

void ConsoleCommandRunner::runStat(const QStringList &arguments)
{
    if (arguments.size() != 1)
        return usage(QStringLiteral("stat path"));
    const QString path = arguments.first();
    m_client->exists(path, client::Watch::No,
                     client::guarded<client::Stat>(this, [this, path](const Result<client::Stat> &reply) {
                         if (!reply.ok())
                             return fail(path, reply.error);
                         finish(formatStat(reply.value));
                     }));
}

void ConsoleCommandRunner::runGetAcl(const QStringList &input)
{
    QStringList arguments = input;
    const auto options = takeOptions(arguments);
    if (arguments.size() != 1)
        return usage(QStringLiteral("getAcl [-s] path"));
    const QString path = arguments.first();
    const bool withStat = options.contains(QStringLiteral("-s"));
    m_client->getAcl(path, client::guarded<client::AclResult>(
                               this, [this, path, withStat](const Result<client::AclResult> &reply) {
                                   if (!reply.ok())
                                       return fail(path, reply.error);
                                   QStringList lines;
                                   for (const client::Acl &entry : reply.value.acl) {
                                       lines.append(QStringLiteral("'%1,'%2").arg(QString::fromUtf8(entry.id.scheme),
                                                                                 QString::fromUtf8(entry.id.id)));
                                       lines.append(QStringLiteral(": ") + permissionLetters(entry.perms));
                                   }
                                   if (withStat)
                                       lines.append(formatStat(reply.value.stat));
                                   finish(lines.join(u'\n'));
                               }));
}

void ConsoleCommandRunner::runSetAcl(const QStringList &input)
{
    QStringList arguments = input;
    const auto options = takeOptions(arguments);
    if (arguments.size() != 2)
        return usage(QStringLiteral("setAcl [-s] [-v version] path acl"));
    const QString path = arguments.at(0);
    const auto acl = parseAcl(arguments.at(1));
    if (!acl)
        return finish(tr("Invalid ACL: %1").arg(arguments.at(1)), false);
    const bool withStat = options.contains(QStringLiteral("-s"));
    m_client->setAcl(path, *acl, options.value(QStringLiteral("-v"), QStringLiteral("-1")).toInt(),
                     client::guarded<client::Stat>(this, [this, path, withStat](const Result<client::Stat> &reply) {
                         if (!reply.ok())
                             return fail(path, reply.error);
                         finish(withStat ? formatStat(reply.value) : QString());
                     }));
}

void ConsoleCommandRunner::runAddAuth(const QStringList &arguments)
{
    if (arguments.size() != 2)
        return usage(QStringLiteral("addauth scheme auth"));
    m_client->addAuth(arguments.at(0).toUtf8(), arguments.at(1).toUtf8(),
                      client::guarded<void>(this, [this](const Result<void> &reply) {
                          if (!reply.ok())
                              return finish(tr("Authentication failed: %1").arg(client::errorText(reply.error)), false);
                          finish(QString());
                      }));
}

void ConsoleCommandRunner::runSync(const QStringList &arguments)
{
    if (arguments.size() != 1)
        return usage(QStringLiteral("sync path"));
    const QString path = arguments.first();
    m_client->sync(path, client::guarded<QString>(this, [this, path](const Result<QString> &reply) {
                       if (!reply.ok())
                           return fail(path, reply.error);
                       finish(tr("Sync is OK"));
                   }));
}

void ConsoleCommandRunner::runGetEphemerals(const QStringList &arguments)
{
    if (arguments.size() > 1)
        return usage(QStringLiteral("getEphemerals [path]"));
    const QString path = arguments.isEmpty() ? QStringLiteral("/") : arguments.first();
    m_client->getEphemerals(path, client::guarded<QStringList>(this, [this, path](const Result<QStringList> &reply) {
                                if (!reply.ok())
                                    return fail(path, reply.error);
                                finish(javaList(reply.value));
                            }));
}

void ConsoleCommandRunner::runWhoAmI()
{
    m_client->whoAmI(client::guarded<std::vector<client::ClientIdentity>>(
        this, [this](const Result<std::vector<client::ClientIdentity>> &reply) {
            if (!reply.ok())
                return finish(client::errorText(reply.error), false);
            QStringList lines{QStringLiteral("Auth scheme: User")};
            for (const client::ClientIdentity &identity : reply.value)
                lines.append(identity.scheme + QStringLiteral(": ") + identity.user);
            finish(lines.join(u'\n'));
        }));
}

void ConsoleCommandRunner::runHelp()
{
    finish(tr("Commands:\n"
              "  ls [-s] [-R] path\n"
              "  get [-s] path\n"
              "  set [-s] [-v version] path data\n"
              "  create [-s] [-e] [-c] [-t ttl] path [data] [acl]\n"
              "  delete [-v version] path\n"
              "  deleteall path\n"
              "  stat path\n"
              "  getAcl [-s] path\n"
              "  setAcl [-s] [-v version] path acl   (acl: scheme:id:perms,...)\n"
              "  addauth scheme auth\n"
              "  sync path\n"
              "  getEphemerals [path]\n"
              "  whoami\n"
              "  setquota -n|-b|-N|-B val path\n"
              "  listquota path\n"
              "  delquota [-n|-b|-N|-B] path\n"
              "  config [-c] [-w] [-s]\n"
              "  reconfig [-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | "
              "[-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]"));
}

} // namespace zooscope::ui
