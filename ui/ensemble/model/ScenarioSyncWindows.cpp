// The "syncWindows" expectation of a scenario: what a member that joins an established leader (a
// late joiner) received and committed between the start of its synchronization (the DIFF, TRUNC or
// SNAP it took) and UPTODATE (the moment it serves). These are the cases where a too-literal reading
// of the ZAB paper loses or repeats transactions: proposals and commits that happen while the joiner
// synchronizes must reach it exactly once, and it must serve everything its leader had committed.

#include "ScenarioRunner.h"

#include "MemberState.h"

#include <QJsonObject>

#include <set>

namespace zooscope::ui::ensemble {

using quorum::ServerId;
using quorum::ServerState;
using quorum::TraceEvent;
using quorum::TraceKind;
using quorum::Zxid;

namespace {

struct SyncWindow
{
    std::size_t begin = 0; // the learner's SyncModeChosen
    std::optional<std::size_t> end; // the learner's StateChanged to serving
    ServerId leader = quorum::NoServer;
};

bool isLearnerState(ServerState state)
{
    return state == ServerState::Following || state == ServerState::Observing;
}

// The learner's last synchronization in the trace.
std::optional<SyncWindow> lastSyncWindow(const std::vector<TraceEvent> &trace, ServerId learner)
{
    std::optional<SyncWindow> window;
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const TraceEvent &event = trace[i];
        if (event.member != learner)
            continue;
        if (event.kind == TraceKind::SyncModeChosen && isLearnerState(event.state)) {
            window = SyncWindow{i, std::nullopt, event.peer};
        } else if (window && !window->end && event.kind == TraceKind::StateChanged && event.details == QLatin1String("serving")) {
            window->end = i;
        }
    }
    return window;
}

} // namespace

QStringList ScenarioRunner::checkSyncWindows(const QJsonArray &windows) const
{
    QStringList failures;
    const std::vector<TraceEvent> &trace = m_simulator->trace();
    for (const QJsonValue &value : windows) {
        const QJsonObject expected = value.toObject();
        const auto learner = resolveMember(expected.value(QLatin1String("learner")));
        if (!learner) {
            failures << QStringLiteral("syncWindows: unknown learner %1").arg(expected.value(QLatin1String("learner")).toVariant().toString());
            continue;
        }
        const auto window = lastSyncWindow(trace, *learner);
        if (!window || !window->end) {
            failures << QStringLiteral("expected member %1 to synchronize with a leader and then serve").arg(*learner);
            continue;
        }
        std::set<Zxid> received;
        std::set<Zxid> committed;
        for (std::size_t i = window->begin; i < *window->end; ++i) {
            const TraceEvent &event = trace[i];
            if (event.member != *learner)
                continue;
            if (event.kind == TraceKind::ProposalReceived)
                received.insert(event.zxid);
            else if (event.kind == TraceKind::Committed)
                committed.insert(event.zxid);
        }
        const auto checkList = [&](const char *key, const std::set<Zxid> &seen, const QString &verb) {
            for (const QJsonValue &zxidValue : expected.value(QLatin1String(key)).toArray()) {
                const auto zxid = parseZxid(zxidValue.toString());
                if (!zxid || !seen.count(*zxid))
                    failures << QStringLiteral("expected member %1 to %2 %3 while synchronizing (between its sync and UPTODATE)")
                                    .arg(*learner)
                                    .arg(verb, zxidValue.toString());
            }
        };
        checkList("receivedWhileSyncing", received, QStringLiteral("receive the PROPOSAL of"));
        checkList("committedWhileSyncing", committed, QStringLiteral("commit"));

        // Each proposal reaches the learner once from its sync on (no redundant PROPOSAL).
        std::set<Zxid> logged;
        for (std::size_t i = window->begin; i < trace.size(); ++i) {
            const TraceEvent &event = trace[i];
            if (event.member == *learner && event.kind == TraceKind::MemberCrashed)
                break;
            if (event.member == *learner && event.kind == TraceKind::ProposalReceived && !logged.insert(event.zxid).second)
                failures << QStringLiteral("expected member %1 to log %2 once, it logged it again at %3 ms")
                                .arg(*learner)
                                .arg(zxidText(event.zxid))
                                .arg(event.timeMs);
        }

        // UPTODATE: the learner serves at least what its leader had committed when it took the learner's
        // ACK of NEWLEADER (the leader's NewLeaderAcked carries its last committed zxid).
        if (expected.value(QLatin1String("servesWhatTheLeaderCommitted")).toBool()) {
            std::optional<Zxid> leaderCommitted;
            for (std::size_t i = window->begin; i < *window->end; ++i) {
                const TraceEvent &event = trace[i];
                if (event.member == window->leader && event.kind == TraceKind::NewLeaderAcked && event.peer == *learner)
                    leaderCommitted = event.zxid;
            }
            const Zxid served = trace[*window->end].zxid;
            if (!leaderCommitted)
                failures << QStringLiteral("expected leader %1 to take member %2's ACK of NEWLEADER while it synchronized").arg(window->leader).arg(*learner);
            else if (served < *leaderCommitted)
                failures << QStringLiteral("expected member %1 to serve from %2 (what leader %3 had committed), it served from %4")
                                .arg(*learner)
                                .arg(zxidText(*leaderCommitted))
                                .arg(window->leader)
                                .arg(zxidText(served));
        }
        // The leader committed some of this learner's window transactions before the learner acked
        // NEWLEADER: these are the commits a literal "commit to the synchronized set" would not send it.
        for (const QJsonValue &zxidValue : expected.value(QLatin1String("committedByLeaderBeforeAck")).toArray()) {
            const auto zxid = parseZxid(zxidValue.toString());
            bool committedFirst = false;
            for (std::size_t i = window->begin; i < *window->end; ++i) {
                const TraceEvent &event = trace[i];
                if (event.member != window->leader)
                    continue;
                if (event.kind == TraceKind::NewLeaderAcked && event.peer == *learner)
                    break;
                if (zxid && event.kind == TraceKind::CommitSent && event.zxid == *zxid)
                    committedFirst = true;
            }
            if (!committedFirst)
                failures << QStringLiteral("expected leader %1 to commit %2 before member %3 acked NEWLEADER")
                                .arg(window->leader)
                                .arg(zxidValue.toString())
                                .arg(*learner);
        }
    }
    return failures;
}

} // namespace zooscope::ui::ensemble
