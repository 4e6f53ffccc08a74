#include "RecipeRunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>


namespace zooscope::ui::ensemble {

using client::ErrorCode;
using client::Result;
using client::ZooKeeperClient;

namespace {

constexpr int ConnectTimeoutMs = 20000;

client::CreateMode createModeFrom(const QString &mode)
{
    if (mode == QLatin1String("ephemeral"))
        return client::CreateMode::Ephemeral;
    if (mode == QLatin1String("sequential"))
        return client::CreateMode::PersistentSequential;
    if (mode == QLatin1String("ephemeralSequential"))
        return client::CreateMode::EphemeralSequential;
    return client::CreateMode::Persistent;
}

} // namespace

Recipe Recipe::load(const QString &path, QString *error)
{
    Recipe recipe;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1").arg(path);
        return recipe;
    }
    const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
    recipe.id = object.value(QLatin1String("id")).toString();
    recipe.title = LocalizedText::fromJson(object.value(QLatin1String("title")));
    recipe.summary = LocalizedText::fromJson(object.value(QLatin1String("summary")));
    for (const QJsonValue &value : object.value(QLatin1String("steps")).toArray()) {
        const QJsonObject step = value.toObject();
        recipe.steps.push_back(RecipeStep{step.value(QLatin1String("client")).toString(), step.value(QLatin1String("do")).toString(),
                                          step, LocalizedText::fromJson(step.value(QLatin1String("caption")))});
    }
    if (error)
        *error = recipe.id.isEmpty() || recipe.steps.empty() ? QStringLiteral("%1: no id or no steps").arg(path) : QString();
    return recipe;
}

QStringList recipeFiles(const QString &directory)
{
    QString where = directory;
    if (where.isEmpty())
        where = QDir(QStringLiteral(":/scenarios/recipes")).exists() ? QStringLiteral(":/scenarios/recipes") : QString();
#ifdef ZOOSCOPE_SCENARIO_DIRECTORY
    if (where.isEmpty())
        where = QStringLiteral(ZOOSCOPE_SCENARIO_DIRECTORY "/recipes");
#endif
    QStringList files;
    const QDir dir(where);
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        files << dir.filePath(name);
    return files;
}

RecipeRunner::RecipeRunner(Recipe recipe, QString connectString, QObject *parent)
    : QObject(parent)
    , m_recipe(std::move(recipe))
    , m_connectString(std::move(connectString))
{
}

RecipeRunner::~RecipeRunner() = default;

ZooKeeperClient *RecipeRunner::clientFor(const QString &name)
{
    const auto found = m_clients.find(name);
    return found == m_clients.end() ? nullptr : found->second.get();
}

QString RecipeRunner::expand(const QString &text) const
{
    QString expanded = text;
    for (const auto &[name, value] : m_variables)
        expanded.replace(QLatin1Char('$') + name, value);
    return expanded;
}

void RecipeRunner::runAll()
{
    m_runAll = true;
    runNextStep();
}

void RecipeRunner::complete(const QString &outcome, ErrorCode error, int childCount)
{
    const RecipeStep &step = m_recipe.steps[std::size_t(m_next)];
    const QString expected = step.arguments.value(QLatin1String("expectError")).toString();
    const QString errorName = QLatin1String(proto::errorCodeName(error));
    const int expectedChildren = step.arguments.value(QLatin1String("expectChildren")).toInt(-1);
    const bool asExpected = (expected.isEmpty() ? error == ErrorCode::Ok : errorName == expected) &&
                            (expectedChildren < 0 || childCount == expectedChildren);
    // An earlier close() is asynchronous: a step that depends on it may try again for a while.
    const qint64 retryMs = step.arguments.value(QLatin1String("retryMs")).toInteger(0);
    if (!asExpected && m_stepTimer.isValid() && m_stepTimer.elapsed() < retryMs) {
        m_busy = false;
        m_retrying = true;
        QTimer::singleShot(100, this, &RecipeRunner::runNextStep);
        return;
    }
    m_retrying = false;
    m_stepTimer.invalidate();
    const QString line = QStringLiteral("%1 %2 %3: %4").arg(step.client, step.operation, expand(step.arguments.value(QLatin1String("path")).toString()), outcome);
    m_log << line;
    m_busy = false;
    const int index = m_next++;
    if (!asExpected && m_error.isEmpty())
        m_error = QStringLiteral("step %1 (%2): got %3, expected %4").arg(index + 1).arg(line, errorName, expected.isEmpty() ? QStringLiteral("Ok") : expected);
    Q_EMIT stepFinished(index, line);
    if (!m_error.isEmpty() || isFinished()) {
        if (m_runAll || isFinished())
            Q_EMIT finished(m_error.isEmpty());
        m_runAll = false;
        return;
    }
    if (m_runAll)
        QTimer::singleShot(0, this, &RecipeRunner::runNextStep);
}

void RecipeRunner::runNextStep()
{
    if (m_busy || isFinished() || !m_error.isEmpty())
        return;
    m_busy = true;
    if (!m_retrying)
        m_stepTimer.start();
    const RecipeStep &step = m_recipe.steps[std::size_t(m_next)];
    const QString path = expand(step.arguments.value(QLatin1String("path")).toString());
    const QByteArray data = step.arguments.value(QLatin1String("data")).toString().toUtf8();
    const QString saveAs = step.arguments.value(QLatin1String("saveAs")).toString();

    if (step.operation == QLatin1String("connect")) {
        auto client = std::make_unique<ZooKeeperClient>();
        ZooKeeperClient *raw = client.get();
        m_clients[step.client] = std::move(client);
        if (!raw->open(m_connectString)) {
            complete(raw->errorString(), ErrorCode::ConnectionLoss);
            return;
        }
        auto timeout = std::make_shared<QTimer>();
        timeout->setSingleShot(true);
        const auto done = [this, raw, timeout](bool connected) {
            timeout->stop();
            disconnect(raw, &ZooKeeperClient::stateChanged, this, nullptr);
            complete(connected ? QStringLiteral("session 0x%1").arg(QString::number(raw->sessionId(), 16)) : QStringLiteral("no session"),
                     connected ? ErrorCode::Ok : ErrorCode::ConnectionLoss);
        };
        connect(raw, &ZooKeeperClient::stateChanged, this, [raw, done] {
            if (raw->isConnected())
                done(true);
        });
        connect(timeout.get(), &QTimer::timeout, this, [done] { done(false); });
        timeout->start(ConnectTimeoutMs);
        return;
    }
    ZooKeeperClient *client = clientFor(step.client);
    if (!client) {
        complete(QStringLiteral("no such client"), ErrorCode::SessionExpired);
        return;
    }
    if (step.operation == QLatin1String("create")) {
        client->create(path, data, client::openAclUnsafe(), createModeFrom(step.arguments.value(QLatin1String("mode")).toString()),
                       client::guarded<client::CreateResult>(this, [this, saveAs](const Result<client::CreateResult> &result) {
                           if (result.ok() && !saveAs.isEmpty())
                               m_variables[saveAs] = result.value.path;
                           complete(result.ok() ? QStringLiteral("created %1").arg(result.value.path) : QLatin1String(proto::errorCodeName(result.error)),
                                    result.error);
                       }));
    } else if (step.operation == QLatin1String("delete")) {
        client->remove(path, -1, client::guarded<void>(this, [this](const Result<void> &result) {
            complete(result.ok() ? QStringLiteral("deleted") : QLatin1String(proto::errorCodeName(result.error)), result.error);
        }));
    } else if (step.operation == QLatin1String("setData")) {
        client->setData(path, data, -1, client::guarded<client::Stat>(this, [this](const Result<client::Stat> &result) {
            complete(result.ok() ? QStringLiteral("version %1").arg(result.value.version) : QLatin1String(proto::errorCodeName(result.error)),
                     result.error);
        }));
    } else if (step.operation == QLatin1String("getChildren")) {
        client->getChildren(path, client::Watch::Yes, client::guarded<QStringList>(this, [this, saveAs, path](const Result<QStringList> &result) {
            QStringList children = result.value;
            children.sort();
            if (result.ok() && !saveAs.isEmpty() && !children.isEmpty())
                m_variables[saveAs] = path + QLatin1Char('/') + children.front(); // the lowest: who holds an ordered lock
            complete(result.ok() ? children.join(QLatin1String(", ")) : QLatin1String(proto::errorCodeName(result.error)), result.error,
                     int(children.size()));
        }));
    } else if (step.operation == QLatin1String("exists")) {
        client->exists(path, client::Watch::Yes, client::guarded<client::Stat>(this, [this](const Result<client::Stat> &result) {
            complete(result.ok() ? QStringLiteral("exists") : QLatin1String(proto::errorCodeName(result.error)), result.error);
        }));
    } else if (step.operation == QLatin1String("close")) {
        client->close(); // the session ends: its ephemeral znodes go
        complete(QStringLiteral("session closed"), ErrorCode::Ok);
    } else {
        complete(QStringLiteral("unknown operation"), ErrorCode::Unimplemented);
    }
}

} // namespace zooscope::ui::ensemble
