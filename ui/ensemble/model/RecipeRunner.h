#pragma once
// The classic ZooKeeper recipes (locks, leader election, configuration, queues, ...) played against
// a live ensemble with real client sessions, one step at a time, so the studio shows the ZAB
// traffic each recipe causes while the browser shows its znodes. A recipe is a JSON file in
// resources/scenarios/recipes (format in resources/scenarios/README.md): named clients and their
// operations, each with a caption and optionally the error it must get.

#include "Scenario.h"

#include "client/ZooKeeperClient.h"
#include "proto/ErrorCode.h"

#include <QElapsedTimer>
#include <QObject>

#include <map>
#include <memory>

namespace zooscope::ui::ensemble {

struct RecipeStep
{
    QString client;     // "A", "B", ...
    QString operation;  // connect, create, delete, setData, getChildren, exists, close
    QJsonObject arguments;
    LocalizedText caption;
};

struct Recipe
{
    QString id;
    LocalizedText title;
    LocalizedText summary;
    std::vector<RecipeStep> steps;

    static Recipe load(const QString &path, QString *error);
};

QStringList recipeFiles(const QString &directory = {});

class RecipeRunner : public QObject
{
    Q_OBJECT

public:
    RecipeRunner(Recipe recipe, QString connectString, QObject *parent = nullptr);
    ~RecipeRunner() override;

    const Recipe &recipe() const { return m_recipe; }
    int nextStep() const { return m_next; }
    bool isFinished() const { return m_next >= int(m_recipe.steps.size()); }
    bool isBusy() const { return m_busy; }
    QString error() const { return m_error; }
    // One line per finished step: what it did and what the server answered.
    const QStringList &log() const { return m_log; }

public Q_SLOTS:
    // Runs the next step; stepFinished() reports it. Ignored while a step is running.
    void runNextStep();
    // Runs every remaining step in order; finished() reports the end.
    void runAll();

Q_SIGNALS:
    void stepFinished(int step, const QString &outcome);
    void finished(bool succeeded);

private:
    void complete(const QString &outcome, client::ErrorCode error, int childCount = -1);
    QString expand(const QString &text) const;
    client::ZooKeeperClient *clientFor(const QString &name);

    Recipe m_recipe;
    QString m_connectString;
    std::map<QString, std::unique_ptr<client::ZooKeeperClient>> m_clients;
    std::map<QString, QString> m_variables; // "$lockA" -> "/locks/lock-0000000001"
    QStringList m_log;
    QString m_error;
    int m_next = 0;
    bool m_busy = false;
    bool m_runAll = false;
    bool m_retrying = false;
    QElapsedTimer m_stepTimer;
};

} // namespace zooscope::ui::ensemble
