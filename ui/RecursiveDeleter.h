#pragma once
// Recursive delete in two steps, GUI-free: collect() lists the subtree (the dry run), execute()
// deletes exactly that list, deepest nodes first. The deletes are pipelined on one session, which
// the server applies in order, so each parent is deleted after its children.

#include "client/ZooKeeperClient.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

namespace zooscope::ui {

class RecursiveDeleter : public QObject
{
    Q_OBJECT

public:
    RecursiveDeleter(client::ZooKeeperClient *client, const QString &rootPath, QObject *parent = nullptr);

    QString rootPath() const { return m_rootPath; }
    // Starts the dry run; collected() reports the plan.
    void collect();
    // The paths execute() deletes, deepest first, the root last.
    QStringList plan() const { return m_plan; }
    // Deletes the planned paths; finished() reports the outcome.
    void execute();

Q_SIGNALS:
    void collected(const QStringList &plan);
    void collectFailed(const QString &message);
    void progress(int deleted, int total);
    // failures: "path: error" lines; nodes already gone count as deleted.
    void finished(int deleted, const QStringList &failures);

private:
    void listChildren(const QString &path, int depth);
    void finishCollecting();

    QPointer<client::ZooKeeperClient> m_client;
    QString m_rootPath;
    std::vector<std::pair<int, QString>> m_found; // depth, path
    int m_listingsInFlight = 0;
    bool m_collectFailed = false;
    QStringList m_plan;
    int m_deleted = 0;
    int m_replies = 0;
    QStringList m_failures;
};

} // namespace zooscope::ui
