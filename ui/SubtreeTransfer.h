#pragma once
// Export a subtree to JSON and import it (GUI-free). The JSON lists every node relative to the
// exported root with its data in Base64; import first plans (a dry-run diff against the target:
// create, update, unchanged), then applies exactly that plan, parents before children.
//
// { "format": "zooscope-subtree-1", "root": "/app",
//   "nodes": [ { "path": "", "data": "..." }, { "path": "config", "data": "..." } ] }

#include "client/ZooKeeperClient.h"

#include <QJsonDocument>
#include <QObject>
#include <QPointer>

#include <vector>

namespace zooscope::ui {

struct ExportedNode
{
    QString relativePath; // "" for the root
    QByteArray data;
};

class SubtreeExporter : public QObject
{
    Q_OBJECT

public:
    SubtreeExporter(client::ZooKeeperClient *client, const QString &rootPath, QObject *parent = nullptr);
    void start();
    QJsonDocument document() const;
    static QString formatName() { return QStringLiteral("zooscope-subtree-1"); }

Q_SIGNALS:
    void finished(int nodeCount);
    void failed(const QString &message);

private:
    void visit(const QString &path);

    QPointer<client::ZooKeeperClient> m_client;
    QString m_rootPath;
    std::vector<ExportedNode> m_nodes;
    int m_inFlight = 0;
    bool m_failed = false;
};

class SubtreeImporter : public QObject
{
    Q_OBJECT

public:
    enum class Action { Create, Update, Unchanged };
    struct Step
    {
        QString path; // absolute target path
        QByteArray data;
        Action action = Action::Unchanged;
    };

    SubtreeImporter(client::ZooKeeperClient *client, const QString &targetPath, QObject *parent = nullptr);
    // Reads the document; false (with *error) when it is not a ZooScope subtree export.
    bool load(const QJsonDocument &document, QString *error);
    // The dry run: compares every node with the target; planned() reports.
    void plan();
    const std::vector<Step> &steps() const { return m_steps; }
    int changeCount() const;
    // Creates and updates what the plan says; applied() reports.
    void apply();

Q_SIGNALS:
    void planned();
    void applied(int changed, const QStringList &failures);
    void failed(const QString &message);

private:
    QPointer<client::ZooKeeperClient> m_client;
    QString m_targetPath;
    std::vector<Step> m_steps;
    int m_pending = 0;
    QStringList m_failures;
    int m_changed = 0;
};

} // namespace zooscope::ui
