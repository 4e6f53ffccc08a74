#pragma once
// zkCli-style commands over a ZooKeeperClient, GUI-free: parses one line, runs it asynchronously and
// reports the text zkCli would print. Commands: ls [-s] [-R], get [-s], set, create [-e] [-s] [-c]
// [-t ttl], delete [-v], deleteall, stat, getAcl, setAcl, addauth, sync, getEphemerals, whoami, help.

#include "client/ZooKeeperClient.h"

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

    QPointer<client::ZooKeeperClient> m_client;
    bool m_busy = false;
    // ls -R state
    QStringList m_recursiveLines;
    int m_recursiveInFlight = 0;
    client::ErrorCode m_recursiveError = client::ErrorCode::Ok;
};

} // namespace zooscope::ui
