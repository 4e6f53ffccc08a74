#pragma once
// The trace as JSON, for "Export trace": one object per event with its kind's name, so the file can
// be read by scripts, diffed, and loaded back.

#include "quorum/TraceEvent.h"

#include <QJsonObject>

#include <optional>

#include <vector>

namespace zooscope::ui::ensemble {

QJsonObject traceEventToJson(const quorum::TraceEvent &event);
std::optional<quorum::TraceEvent> traceEventFromJson(const QJsonObject &object);
QByteArray traceToJson(const std::vector<quorum::TraceEvent> &trace, const QJsonObject &metadata = {});

} // namespace zooscope::ui::ensemble
