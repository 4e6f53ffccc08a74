// setquota, listquota and delquota as zkCli.sh 3.8 runs them: on the client side, by reading and
// writing the nodes below /zookeeper/quota (the server only keeps zookeeper_stats current).

#include "ConsoleCommandRunner.h"

#include "RecursiveDeleter.h"

#include <QHash>

#include <limits>
#include <memory>

namespace zooscope::ui {

using client::ErrorCode;
using client::Result;
using proto::StatsTrack;

namespace {
const QString QuotaRoot = QStringLiteral("/zookeeper/quota");
const QString LimitNode = QStringLiteral("zookeeper_limits");
const QString StatNode = QStringLiteral("zookeeper_stats");

QString quotaPathOf(const QString &path)
{
    return QuotaRoot + path;
}
QString limitPathOf(const QString &path)
{
    return QuotaRoot + path + u'/' + LimitNode;
}
QString statPathOf(const QString &path)
{
    return QuotaRoot + path + u'/' + StatNode;
}

// zkCli's option group: exactly one of -n, -b, -N, -B, each with a value when `withValues`.
struct QuotaOptions
{
    QHash<QChar, QString> given;
    QStringList rest;
    QString error;
};

QuotaOptions takeQuotaOptions(const QStringList &arguments, bool withValues)
{
    QuotaOptions options;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &word = arguments.at(i);
        if (word.size() == 2 && word.at(0) == u'-' && QStringLiteral("nbNB").contains(word.at(1))) {
            if (!options.given.isEmpty() && options.error.isEmpty())
                options.error = ConsoleCommandRunner::tr("org.apache.commons.cli.AlreadySelectedException: The option "
                                                         "'%1' was specified but an option from this group has "
                                                         "already been selected: '%2'")
                                    .arg(word.at(1))
                                    .arg(options.given.keys().first());
            QString value;
            if (withValues) {
                if (i + 1 >= arguments.size()) {
                    options.error = ConsoleCommandRunner::tr("Missing argument for option: %1").arg(word.at(1));
                    break;
                }
                value = arguments.at(++i);
            }
            options.given.insert(word.at(1), value);
            continue;
        }
        options.rest.append(word);
    }
    return options;
}

// Java's PathUtils message for a path zkCli refuses before asking the server; empty when valid enough.
QString pathProblem(const QString &path)
{
    if (path.isEmpty())
        return ConsoleCommandRunner::tr("Path length must be > 0");
    if (!path.startsWith(u'/'))
        return ConsoleCommandRunner::tr("Path must start with / character");
    if (path.size() > 1 && path.endsWith(u'/'))
        return ConsoleCommandRunner::tr("Path must not end with / character");
    return {};
}
} // namespace

void ConsoleCommandRunner::runSetQuota(const QStringList &arguments)
{
    const QString usageText = QStringLiteral("setquota -n|-b|-N|-B val path");
    const QuotaOptions options = takeQuotaOptions(arguments, true);
    if (!options.error.isEmpty())
        return finish(options.error, false);
    if (options.rest.size() != 1 || options.given.isEmpty())
        return usage(usageText);
    QuotaRequest request;
    request.path = options.rest.first();
    if (request.path.startsWith(QuotaRoot))
        return finish(tr("cannot set a quota under the path: %1").arg(QuotaRoot), false);
    // The root's quota node would be "/zookeeper/quota/": zkCli stops at that path.
    if (const QString problem = pathProblem(request.path == QLatin1String("/") ? QuotaRoot + u'/' : request.path);
        !problem.isEmpty())
        return finish(problem, false);
    request.quota.setCount(-1);
    request.quota.setBytes(-1);
    request.quota.setCountHardLimit(-1);
    request.quota.setByteHardLimit(-1);
    const QChar option = options.given.keys().first();
    bool ok = false;
    const qint64 value = options.given.value(option).toLongLong(&ok);
    // -n and -N are Java ints in zkCli.
    if (!ok || ((option == u'n' || option == u'N') &&
                (value < std::numeric_limits<std::int32_t>::min() || value > std::numeric_limits<std::int32_t>::max())))
        return finish(tr("NumberFormatException happens when parsing the option value"), false);
    if ((option == u'n' || option == u'N') && value <= 0)
        return finish(tr("the num quota must be greater than zero"), false);
    if ((option == u'b' || option == u'B') && value < 0)
        return finish(tr("the bytes quota must be greater than or equal to zero"), false);
    switch (option.unicode()) {
    case u'n': request.quota.setCount(value); break;
    case u'b': request.quota.setBytes(value); break;
    case u'N': request.quota.setCountHardLimit(value); break;
    default: request.quota.setByteHardLimit(value); break;
    }
    m_client->exists(request.path, client::Watch::No,
                     client::guarded<client::Stat>(this, [this, request](const Result<client::Stat> &reply) {
                         if (reply.error == ErrorCode::NoNode)
                             return finish(tr("%1 does not exist.").arg(request.path), false);
                         if (reply.error == ErrorCode::BadArguments)
                             return finish(tr("Invalid path string \"%1\"").arg(request.path), false);
                         if (!reply.ok())
                             return fail(request.path, reply.error);
                         setQuotaCheckChildren(request);
                     }));
}

void ConsoleCommandRunner::setQuotaCheckChildren(QuotaRequest request)
{
    // A quota on any node below the path (a zookeeper_limits deeper in its quota subtree) forbids one here.
    const QString quotaPath = quotaPathOf(request.path);
    m_client->exists(
        quotaPath, client::Watch::No,
        client::guarded<client::Stat>(this, [this, request, quotaPath](const Result<client::Stat> &reply) {
            if (reply.error == ErrorCode::NoNode)
                return setQuotaCheckParents(request, 1);
            if (!reply.ok())
                return fail(quotaPath, reply.error);
            auto *walker = new RecursiveDeleter(m_client, quotaPath, this);
            connect(walker, &RecursiveDeleter::collectFailed, this, [this, walker](const QString &message) {
                walker->deleteLater();
                finish(message, false);
            });
            connect(walker, &RecursiveDeleter::collected, this,
                    [this, walker, request, quotaPath](const QStringList &plan) {
                        walker->deleteLater();
                        QStringList owners;
                        for (const QString &node : plan) {
                            const QString parent = node.left(node.lastIndexOf(u'/'));
                            if (node.endsWith(u'/' + LimitNode) && parent != quotaPath)
                                owners.append(parent.mid(QuotaRoot.size()));
                        }
                        if (owners.isEmpty())
                            return setQuotaCheckParents(request, 1);
                        owners.sort();
                        finish(tr("%1 has a child %2 which has a quota").arg(request.path, owners.first()), false);
                    });
            walker->collect();
        }));
}

void ConsoleCommandRunner::setQuotaCheckParents(QuotaRequest request, int depth)
{
    // Each proper ancestor's quota node, top down, until one is missing or empty.
    const QStringList parts = request.path.split(u'/');
    if (depth >= parts.size() - 1)
        return setQuotaCreateParents(request, 1);
    const QString quotaPath = QuotaRoot + parts.mid(0, depth + 1).join(u'/');
    m_client->getChildren(
        quotaPath, client::Watch::No,
        client::guarded<QStringList>(this, [this, request, depth, quotaPath](const Result<QStringList> &reply) {
            if (reply.error == ErrorCode::NoNode || (reply.ok() && reply.value.isEmpty()))
                return setQuotaCreateParents(request, 1);
            if (!reply.ok())
                return fail(quotaPath, reply.error);
            if (reply.value.contains(LimitNode))
                return finish(
                    tr("%1 has a parent %2 which has a quota").arg(request.path, quotaPath.mid(QuotaRoot.size())),
                    false);
            setQuotaCheckParents(request, depth + 1);
        }));
}

void ConsoleCommandRunner::setQuotaCreateParents(QuotaRequest request, int depth)
{
    // /zookeeper/quota and one node per component of the path, created (without data) where missing.
    const QStringList parts = request.path.split(u'/');
    if (depth >= parts.size())
        return setQuotaWriteLimits(request);
    const QString quotaPath = QuotaRoot + parts.mid(0, depth + 1).join(u'/');
    m_client->exists(
        quotaPath, client::Watch::No,
        client::guarded<client::Stat>(this, [this, request, depth, quotaPath](const Result<client::Stat> &reply) {
            if (reply.ok())
                return setQuotaCreateParents(request, depth + 1);
            if (reply.error != ErrorCode::NoNode)
                return fail(quotaPath, reply.error);
            m_client->create(quotaPath, QByteArray(), client::openAclUnsafe(), client::CreateMode::Persistent,
                             client::guarded<client::CreateResult>(
                                 this, [this, request, depth, quotaPath](const Result<client::CreateResult> &created) {
                                     if (!created.ok() && created.error != ErrorCode::NodeExists)
                                         return fail(quotaPath, created.error);
                                     setQuotaCreateParents(request, depth + 1);
                                 }));
        }));
}

void ConsoleCommandRunner::setQuotaWriteLimits(QuotaRequest request)
{
    const QString limitPath = limitPathOf(request.path);
    m_client->exists(
        limitPath, client::Watch::No,
        client::guarded<client::Stat>(this, [this, request, limitPath](const Result<client::Stat> &reply) {
            if (!reply.ok() && reply.error != ErrorCode::NoNode)
                return fail(limitPath, reply.error);
            if (reply.ok()) {
                // An existing quota: the given limit replaces its value, the others stay.
                m_client->getData(limitPath, client::Watch::No,
                                  client::guarded<client::DataResult>(
                                      this, [this, request, limitPath](const Result<client::DataResult> &data) {
                                          if (!data.ok())
                                              return fail(limitPath, data.error);
                                          StatsTrack limits = StatsTrack::parse(data.value.data);
                                          for (const char *key :
                                               {StatsTrack::CountKey, StatsTrack::BytesKey,
                                                StatsTrack::CountHardLimitKey, StatsTrack::ByteHardLimitKey}) {
                                              const QString name = QString::fromLatin1(key);
                                              if (request.quota.value(name) > -1)
                                                  limits.setValue(name, request.quota.value(name));
                                          }
                                          setQuotaWarn(request, limits, true);
                                      }));
                return;
            }
            // A new quota: the limits, then the stats node (which the server fills in).
            m_client->create(
                limitPath, request.quota.toBytes(), client::openAclUnsafe(), client::CreateMode::Persistent,
                client::guarded<client::CreateResult>(this, [this, request,
                                                             limitPath](const Result<client::CreateResult> &limits) {
                    if (!limits.ok())
                        return fail(limitPath, limits.error);
                    StatsTrack zero;
                    zero.setCount(0);
                    zero.setBytes(0);
                    const QString statPath = statPathOf(request.path);
                    m_client->create(statPath, zero.toBytes(), client::openAclUnsafe(), client::CreateMode::Persistent,
                                     client::guarded<client::CreateResult>(
                                         this, [this, request, statPath](const Result<client::CreateResult> &stats) {
                                             if (!stats.ok())
                                                 return fail(statPath, stats.error);
                                             setQuotaWarn(request, request.quota, false);
                                         }));
                }));
        }));
}

void ConsoleCommandRunner::setQuotaWarn(QuotaRequest request, const StatsTrack &limits, bool writeLimits)
{
    // zkCli warns when the quota is already below what the subtree holds, then (for an existing
    // quota) writes the merged limits.
    const QString statPath = statPathOf(request.path);
    m_client->getData(
        statPath, client::Watch::No,
        client::guarded<client::DataResult>(this, [this, request, limits, writeLimits,
                                                   statPath](const Result<client::DataResult> &reply) {
            if (!reply.ok())
                return fail(statPath, reply.error);
            QStringList lines = request.lines;
            const StatsTrack stats = StatsTrack::parse(reply.value.data);
            if ((limits.count() > -1 && limits.count() < stats.count()) ||
                (limits.countHardLimit() > -1 && limits.countHardLimit() < stats.count()))
                lines.append(
                    tr("[Warning]: the count quota you create is less than the existing count:%1").arg(stats.count()));
            if ((limits.bytes() > -1 && limits.bytes() < stats.bytes()) ||
                (limits.byteHardLimit() > -1 && limits.byteHardLimit() < stats.bytes()))
                lines.append(
                    tr("[Warning]: the bytes quota you create is less than the existing bytes:%1").arg(stats.bytes()));
            if (!writeLimits)
                return finish(lines.join(u'\n'));
            const QString limitPath = limitPathOf(request.path);
            m_client->setData(
                limitPath, limits.toBytes(), -1,
                client::guarded<client::Stat>(this, [this, lines, limitPath](const Result<client::Stat> &set) {
                    if (!set.ok())
                        return fail(limitPath, set.error);
                    finish(lines.join(u'\n'));
                }));
        }));
}

void ConsoleCommandRunner::runListQuota(const QStringList &arguments)
{
    if (arguments.size() != 1)
        return usage(QStringLiteral("listquota path"));
    const QString path = arguments.first();
    const QString header = tr("absolute path is %1").arg(limitPathOf(path));
    auto failed = [this, header, path](const QString &failedPath, ErrorCode error) {
        if (error == ErrorCode::NoNode)
            return finish(header + u'\n' + tr("quota for %1 does not exist.").arg(path), false);
        Q_EMIT output(header);
        fail(failedPath, error);
    };
    m_client->getData(
        limitPathOf(path), client::Watch::No,
        client::guarded<client::DataResult>(this, [this, path, header,
                                                   failed](const Result<client::DataResult> &limits) {
            if (!limits.ok())
                return failed(limitPathOf(path), limits.error);
            m_client->getData(
                statPathOf(path), client::Watch::No,
                client::guarded<client::DataResult>(this, [this, path, header, failed,
                                                           limits](const Result<client::DataResult> &stats) {
                    if (!stats.ok())
                        return failed(statPathOf(path), stats.error);
                    finish(QStringList{
                        header, tr("Output quota for %1 %2").arg(path, StatsTrack::parse(limits.value.data).toString()),
                        tr("Output stat for %1 %2").arg(path, StatsTrack::parse(stats.value.data).toString())}
                               .join(u'\n'));
                }));
        }));
}

void ConsoleCommandRunner::runDelQuota(const QStringList &arguments)
{
    const QuotaOptions options = takeQuotaOptions(arguments, false);
    if (!options.error.isEmpty())
        return finish(options.error, false);
    if (options.rest.size() != 1)
        return usage(QStringLiteral("delquota [-n|-b|-N|-B] path"));
    QuotaRequest request;
    request.path = options.rest.first();
    const QString limitPath = limitPathOf(request.path);
    const std::optional<QChar> option =
        options.given.isEmpty() ? std::nullopt : std::optional<QChar>(options.given.keys().first());
    m_client->getData(
        limitPath, client::Watch::No,
        client::guarded<client::DataResult>(this, [this, request, option,
                                                   limitPath](const Result<client::DataResult> &reply) {
            if (reply.error == ErrorCode::NoNode)
                return finish(tr("Quota does not exist for %1").arg(request.path));
            if (!reply.ok())
                return fail(limitPath, reply.error);
            if (option) {
                // Only that limit goes: it is set to -1.
                StatsTrack limits = StatsTrack::parse(reply.value.data);
                switch (option->unicode()) {
                case u'n': limits.setCount(-1); break;
                case u'b': limits.setBytes(-1); break;
                case u'N': limits.setCountHardLimit(-1); break;
                default: limits.setByteHardLimit(-1); break;
                }
                m_client->setData(
                    limitPath, limits.toBytes(), -1,
                    client::guarded<client::Stat>(this, [this, limitPath](const Result<client::Stat> &set) {
                        if (!set.ok())
                            return fail(limitPath, set.error);
                        finish(QString());
                    }));
                return;
            }
            // The whole quota: the quota node's children, then every ancestor left empty.
            const QString quotaPath = quotaPathOf(request.path);
            m_client->getChildren(
                quotaPath, client::Watch::No,
                client::guarded<QStringList>(this, [this, request, quotaPath](const Result<QStringList> &children) {
                    if (!children.ok())
                        return fail(quotaPath, children.error);
                    auto remaining = std::make_shared<int>(int(children.value.size()));
                    auto firstError = std::make_shared<std::pair<QString, ErrorCode>>(QString(), ErrorCode::Ok);
                    if (*remaining == 0)
                        return delQuotaTrim(request, quotaPath);
                    for (const QString &child : children.value) {
                        const QString childPath = quotaPath + u'/' + child;
                        m_client->remove(childPath, -1,
                                         client::guarded<void>(this, [this, request, quotaPath, childPath, remaining,
                                                                      firstError](const Result<void> &removed) {
                                             if (!removed.ok() && firstError->second == ErrorCode::Ok)
                                                 *firstError = {childPath, removed.error};
                                             if (--*remaining > 0)
                                                 return;
                                             if (firstError->second != ErrorCode::Ok)
                                                 return fail(firstError->first, firstError->second);
                                             delQuotaTrim(request, quotaPath);
                                         }));
                    }
                }));
        }));
}

void ConsoleCommandRunner::delQuotaTrim(QuotaRequest request, const QString &quotaNode)
{
    if (quotaNode == QuotaRoot || !quotaNode.startsWith(QuotaRoot + u'/'))
        return finish(request.lines.join(u'\n'));
    m_client->getChildren(
        quotaNode, client::Watch::No,
        client::guarded<QStringList>(this, [this, request, quotaNode](const Result<QStringList> &children) {
            if (!children.ok())
                return fail(quotaNode, children.error);
            if (!children.value.isEmpty())
                return finish(request.lines.join(u'\n'));
            m_client->remove(quotaNode, -1,
                             client::guarded<void>(this, [this, request, quotaNode](const Result<void> &removed) {
                                 if (!removed.ok())
                                     return fail(quotaNode, removed.error);
                                 delQuotaTrim(request, quotaNode.left(quotaNode.lastIndexOf(u'/')));
                             }));
        }));
}

} // namespace zooscope::ui
