#pragma once
// A classroom scenario as shipped in resources/scenarios/*.json: an ensemble (voters, observers,
// seed, timing), a list of steps, each an action with a caption in English and Simplified Chinese,
// and the expected outcome that the scenario test asserts. The file format is described in
// resources/scenarios/README.md.

#include <QJsonObject>
#include <QLocale>
#include <QString>

#include <vector>

namespace zooscope::ui::ensemble {

// A caption or title in the languages the scenario provides; English is the fallback.
struct LocalizedText
{
    QString english;
    QString chinese;

    QString text(const QLocale &locale = QLocale()) const;
    static LocalizedText fromJson(const QJsonValue &value);
};

struct ScenarioStep
{
    QString action;       // "awaitLeader", "write", "crash", ...
    QJsonObject arguments; // the step object itself
    LocalizedText caption;
};

struct Scenario
{
    QString id;
    LocalizedText title;
    LocalizedText summary;
    int voters = 3;
    int observers = 0;
    quint64 seed = 1;
    qint64 tickTimeMs = 2000;
    int historyLimit = 10000;
    std::vector<ScenarioStep> steps;
    QJsonObject expect;

    // Empty error string on success.
    static Scenario fromJson(const QJsonObject &object, QString *error);
    static Scenario load(const QString &path, QString *error);
};

// The scenario files shipped with the studio (Qt resource ":/scenarios" when linked into the app,
// otherwise the source tree's resources/scenarios), sorted by file name.
QStringList scenarioFiles(const QString &directory = {});

} // namespace zooscope::ui::ensemble
