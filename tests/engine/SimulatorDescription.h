#pragma once
// Failure-message helpers shared by the quorum tests: who is in which state, and the end of the trace.

#include "quorum/Simulator.h"

#include <QStringList>

namespace zooscope::testing {

// The last lines of a simulation's trace.
inline QByteArray traceTail(const quorum::Simulator &simulator, size_t lines = 60)
{
    const auto &trace = simulator.trace();
    QByteArray text;
    for (size_t i = trace.size() > lines ? trace.size() - lines : 0; i < trace.size(); ++i)
        text += trace[i].toText().toUtf8() + '\n';
    return text;
}

// "1:LEADING* 2:FOLLOWING->1* 3:down": state, believed leader, '*' when connected to it as ZAB would be.
inline QString memberStates(const quorum::Simulator &simulator)
{
    QStringList parts;
    for (quorum::ServerId sid : simulator.memberIds()) {
        if (!simulator.isUp(sid)) {
            parts << QStringLiteral("%1:down").arg(sid);
            continue;
        }
        const auto leader = simulator.leaderOf(sid);
        const bool connected = simulator.isEstablishedLeader(sid) || simulator.isConnectedToLeader(sid);
        parts << QStringLiteral("%1:%2%3%4")
                     .arg(sid)
                     .arg(QLatin1String(quorum::serverStateName(simulator.state(sid))))
                     .arg(leader ? QStringLiteral("->%1").arg(*leader) : QString())
                     .arg(connected ? QStringLiteral("*") : QString());
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace zooscope::testing
