#pragma once
// Shared by the ensemble view tests: fold a simulator's trace into an EnsembleState and compare the
// folded view with what the simulator itself says about each member.

#include "EnsembleState.h"

#include "quorum/EnsembleSimulator.h"

#include <QStringList>

namespace zooscope::testing {

inline ui::ensemble::EnsembleState foldTrace(const quorum::EnsembleSimulator &simulator)
{
    ui::ensemble::EnsembleState state(simulator.quorum().members());
    for (const quorum::TraceEvent &event : simulator.trace())
        state.apply(event);
    state.advanceTo(simulator.nowMs());
    return state;
}

// Differences between the folded state and the simulator's members, one line each.
inline QStringList compareWithSimulator(const ui::ensemble::EnsembleState &state, const quorum::EnsembleSimulator &simulator)
{
    QStringList differences;
    for (quorum::ServerId sid : simulator.memberIds()) {
        const ui::ensemble::MemberState *member = state.member(sid);
        if (!member) {
            differences << QStringLiteral("member %1 missing from the folded state").arg(sid);
            continue;
        }
        if (member->up != simulator.isUp(sid)) {
            differences << QStringLiteral("member %1: folded up=%2, simulator up=%3").arg(sid).arg(member->up).arg(simulator.isUp(sid));
            continue;
        }
        if (!simulator.isUp(sid))
            continue;
        const quorum::QuorumPeer &peer = simulator.peer(sid);
        if (member->state != peer.role().state)
            differences << QStringLiteral("member %1: folded %2, simulator %3")
                               .arg(sid)
                               .arg(QLatin1String(quorum::serverStateName(member->state)), QLatin1String(quorum::serverStateName(peer.role().state)));
        if (member->serving != peer.role().serving)
            differences << QStringLiteral("member %1: folded serving=%2, simulator %3").arg(sid).arg(member->serving).arg(peer.role().serving);
        if (member->committedZxid != peer.lastCommittedZxid())
            differences << QStringLiteral("member %1: folded committed %2, simulator %3")
                               .arg(sid)
                               .arg(ui::ensemble::zxidText(member->committedZxid), ui::ensemble::zxidText(peer.lastCommittedZxid()));
        if (member->epoch != peer.currentEpoch())
            differences << QStringLiteral("member %1: folded epoch %2, simulator %3").arg(sid).arg(member->epoch).arg(peer.currentEpoch());
    }
    return differences;
}

} // namespace zooscope::testing
