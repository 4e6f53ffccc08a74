#pragma once
// zkCli-style commands over a ZooKeeperClient, GUI-free: parses one line, runs it asynchronously and
// reports the text zkCli would print. Commands: ls [-s] [-R], get [-s], set, create [-e] [-s] [-c]
// [-t ttl], delete [-v], deleteall, stat, getAcl, setAcl, addauth, sync, getEphemerals, whoami, help;
// setquota, listquota, delquota (ConsoleQuotaCommands.cpp); config, reconfig (ConsoleConfigCommands.cpp).

#include "client/ZooKeeperClient.h"
#include "proto/StatsTrack.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

namespace zooscope::ui {

class ConsoleCommandRunner : public QObject
{
    Q_OBJECT

public:
    explicit ConsoleCommandRunner(client::ZooKeeperClient *client, QObject *parent = nullptr);

    // Splits a command line into words; "..." and '...' group words with spaces.
    static QStringList tokenize(const QString &line);
    // "world:anyone:cdrwa,digest:u:hash:r" -> ACL entries; nothing when malformed.
    static std::optional<client::AclList> parseAcl(const QString &text);
    static QString permissionLetters(std::int32_t perms);
    // zkCli's Stat block ("cZxid = 0x...", ...).
    static QString formatStat(const client::Stat &stat);
    static QStringList commandNames();

    // zkCli's text for an error of a request without a path (reconfig); Unimplemented explained.
    static QString keeperErrorMessage(client::ErrorCode error);

    bool isBusy() const { return m_busy; }
    // Runs one line; output() carries its text, then finished() (ok false on an error).
    void execute(const QString &line);

Q_SIGNALS:
    void output(const QString &text);
    void finished(bool ok);

private:
    void finish(const QString &text, bool ok = true);
    void fail(const QString &path, client::ErrorCode error);
    void usage(const QString &text);

    void runLs(const QStringList &arguments);
    void listRecursively(const QString &path);
    void runGet(const QStringList &arguments);
    void runSet(const QStringList &arguments);
    void runCreate(const QStringList &arguments);
    void runDelete(const QStringList &arguments);
    void runDeleteAll(const QStringList &arguments);
    void runStat(const QStringList &arguments);
    void runGetAcl(const QStringList &arguments);
    void runSetAcl(const QStringList &arguments);
    void runAddAuth(const QStringList &arguments);
    void runSync(const QStringList &arguments);
    void runGetEphemerals(const QStringList &arguments);
    void runWhoAmI();
    void runHelp();

    // Quotas, as zkCli 3.8 sets them up from the client side (ConsoleQuotaCommands.cpp).
    struct QuotaRequest
    {
        QString path;
        proto::StatsTrack quota; // the limits given; -1: not given
        QStringList lines;       // output so far
    };
    void runSetQuota(const QStringList &arguments);
    void setQuotaCheckChildren(QuotaRequest request);
    void setQuotaCheckParents(QuotaRequest request, int depth);
    void setQuotaCreateParents(QuotaRequest request, int depth);
    void setQuotaWriteLimits(QuotaRequest request);
    void setQuotaWarn(QuotaRequest request, const proto::StatsTrack &limits, bool writeLimits);
    void runListQuota(const QStringList &arguments);
    void runDelQuota(const QStringList &arguments);
    void delQuotaTrim(QuotaRequest request, const QString &quotaNode);
    // Ensemble configuration (ConsoleConfigCommands.cpp).
    void runConfig(const QStringList &arguments);
    void runReconfig(const QStringList &arguments);

    QPointer<client::ZooKeeperClient> m_client;
    bool m_busy = false;
    // ls -R state
    QStringList m_recursiveLines;
    int m_recursiveInFlight = 0;
    client::ErrorCode m_recursiveError = client::ErrorCode::Ok;
};

} // namespace zooscope::ui
