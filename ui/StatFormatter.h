#pragma once
// Human-readable Stat fields for the inspector: zxids in hex and as epoch/counter, times in local
// time, the owning session in hex. GUI-free.

#include "client/ClientTypes.h"

#include <QList>
#include <QString>

namespace zooscope::ui {

struct StatField
{
    QString key;   // the Stat field's Java name, e.g. "czxid" (stable, not translated)
    QString label; // translated
    QString value;
};

class StatFormatter
{
public:
    // All 11 Stat fields in wire order.
    static QList<StatField> fields(const client::Stat &stat);
    // "0x100000002 (epoch 1, counter 2)"
    static QString zxid(std::int64_t zxid);
    // Local time with milliseconds, e.g. "2026-11-22 12:00:01.123 UTC+01:00"; "0" when unset.
    static QString time(std::int64_t millisecondsSinceEpoch);
    // "0x1000a2b3c4d0000" or "none (not ephemeral)".
    static QString session(std::int64_t sessionId);
};

} // namespace zooscope::ui
