#include "TraceJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace zooscope::ui::ensemble {

using quorum::NoServer;
using quorum::TraceEvent;
using quorum::TraceKind;

namespace {

// NoServer ("none") is written as null so readers need not know ZooKeeper's Long.MIN_VALUE.
QJsonValue numberOrNull(std::int64_t value)
{
    return value == NoServer ? QJsonValue() : QJsonValue(qint64(value));
}

std::int64_t numberOrNone(const QJsonValue &value)
{
    return value.isNull() || value.isUndefined() ? NoServer : value.toInteger();
}

} // namespace

QJsonObject traceEventToJson(const TraceEvent &event)
{
    QJsonObject object;
    object.insert(QStringLiteral("kind"), QLatin1String(quorum::traceKindName(event.kind)));
    object.insert(QStringLiteral("timeMs"), qint64(event.timeMs));
    object.insert(QStringLiteral("member"), numberOrNull(event.member));
    object.insert(QStringLiteral("peer"), numberOrNull(event.peer));
    object.insert(QStringLiteral("leader"), numberOrNull(event.leader));
    object.insert(QStringLiteral("zxid"), numberOrNull(event.zxid));
    object.insert(QStringLiteral("electionEpoch"), qint64(event.electionEpoch));
    object.insert(QStringLiteral("epoch"), numberOrNull(event.epoch));
    object.insert(QStringLiteral("state"), QLatin1String(quorum::serverStateName(event.state)));
    if (!event.details.isEmpty())
        object.insert(QStringLiteral("details"), event.details);
    return object;
}

std::optional<TraceEvent> traceEventFromJson(const QJsonObject &object)
{
    TraceEvent event;
    const QString kind = object.value(QLatin1String("kind")).toString();
    bool known = false;
    for (int value = 0; value <= int(TraceKind::MessageDuplicated) && !known; ++value) {
        if (kind == QLatin1String(quorum::traceKindName(TraceKind(value)))) {
            event.kind = TraceKind(value);
            known = true;
        }
    }
    if (!known)
        return std::nullopt;
    event.timeMs = object.value(QLatin1String("timeMs")).toInteger();
    event.member = numberOrNone(object.value(QLatin1String("member")));
    event.peer = numberOrNone(object.value(QLatin1String("peer")));
    event.leader = numberOrNone(object.value(QLatin1String("leader")));
    event.zxid = numberOrNone(object.value(QLatin1String("zxid")));
    event.electionEpoch = object.value(QLatin1String("electionEpoch")).toInteger();
    event.epoch = numberOrNone(object.value(QLatin1String("epoch")));
    const QString state = object.value(QLatin1String("state")).toString();
    for (auto candidate : {quorum::ServerState::Looking, quorum::ServerState::Following, quorum::ServerState::Leading,
                           quorum::ServerState::Observing}) {
        if (state == QLatin1String(quorum::serverStateName(candidate)))
            event.state = candidate;
    }
    event.details = object.value(QLatin1String("details")).toString();
    return event;
}

QByteArray traceToJson(const std::vector<TraceEvent> &trace, const QJsonObject &metadata)
{
    QJsonArray events;
    for (const TraceEvent &event : trace)
        events.append(traceEventToJson(event));
    QJsonObject document = metadata;
    document.insert(QStringLiteral("format"), QStringLiteral("zooscope-trace-1"));
    document.insert(QStringLiteral("events"), events);
    return QJsonDocument(document).toJson(QJsonDocument::Indented);
}

} // namespace zooscope::ui::ensemble
