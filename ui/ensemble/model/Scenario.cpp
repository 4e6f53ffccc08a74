#include "Scenario.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace zooscope::ui::ensemble {

QString LocalizedText::text(const QLocale &locale) const
{
    if (locale.language() == QLocale::Chinese && !chinese.isEmpty())
        return chinese;
    return english;
}

LocalizedText LocalizedText::fromJson(const QJsonValue &value)
{
    if (value.isString())
        return LocalizedText{value.toString(), {}};
    const QJsonObject object = value.toObject();
    return LocalizedText{object.value(QLatin1String("en")).toString(), object.value(QLatin1String("zh_CN")).toString()};
}

Scenario Scenario::fromJson(const QJsonObject &object, QString *error)
{
    Scenario scenario;
    scenario.id = object.value(QLatin1String("id")).toString();
    scenario.title = LocalizedText::fromJson(object.value(QLatin1String("title")));
    scenario.summary = LocalizedText::fromJson(object.value(QLatin1String("summary")));
    scenario.voters = object.value(QLatin1String("voters")).toInt(3);
    scenario.observers = object.value(QLatin1String("observers")).toInt(0);
    scenario.seed = quint64(object.value(QLatin1String("seed")).toInteger(1));
    scenario.tickTimeMs = object.value(QLatin1String("tickTimeMs")).toInteger(2000);
    scenario.historyLimit = object.value(QLatin1String("historyLimit")).toInt(10000);
    scenario.expect = object.value(QLatin1String("expect")).toObject();
    QString problem;
    if (scenario.id.isEmpty())
        problem = QStringLiteral("missing \"id\"");
    else if (scenario.voters < 1 || scenario.voters > 7 || scenario.observers < 0 || scenario.observers > 7)
        problem = QStringLiteral("voters must be 1..7 and observers 0..7");
    const QJsonArray steps = object.value(QLatin1String("steps")).toArray();
    for (const QJsonValue &value : steps) {
        const QJsonObject step = value.toObject();
        ScenarioStep parsed{step.value(QLatin1String("do")).toString(), step,
                            LocalizedText::fromJson(step.value(QLatin1String("caption")))};
        if (parsed.action.isEmpty() && problem.isEmpty())
            problem = QStringLiteral("step %1 has no \"do\"").arg(scenario.steps.size() + 1);
        scenario.steps.push_back(parsed);
    }
    if (error)
        *error = problem;
    return scenario;
}

Scenario Scenario::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        if (error)
            *error = QStringLiteral("%1: %2 at offset %3").arg(path, parseError.errorString()).arg(parseError.offset);
        return {};
    }
    QString problem;
    Scenario scenario = fromJson(document.object(), &problem);
    if (error)
        *error = problem.isEmpty() ? QString() : path + QStringLiteral(": ") + problem;
    return scenario;
}

QStringList scenarioFiles(const QString &directory)
{
    QString where = directory;
    if (where.isEmpty())
        where = QDir(QStringLiteral(":/scenarios")).exists() ? QStringLiteral(":/scenarios") : QString();
#ifdef ZOOSCOPE_SCENARIO_DIRECTORY
    if (where.isEmpty())
        where = QStringLiteral(ZOOSCOPE_SCENARIO_DIRECTORY);
#endif
    QStringList files;
    const QDir dir(where);
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        files << dir.filePath(name);
    return files;
}

} // namespace zooscope::ui::ensemble
