#include "InvariantMonitor.h"

#include "MemberState.h"

#include <QCoreApplication>

#include <algorithm>

namespace zooscope::ui::ensemble {

namespace {

constexpr std::size_t HistoryWindow = 50000; // zxids kept per member (and twice that committed)

} // namespace

using quorum::ServerId;
using quorum::ServerState;
using quorum::TraceEvent;
using quorum::TraceKind;
using quorum::Zxid;

QString invariantTitle(Invariant invariant)
{
    switch (invariant) {
    case Invariant::OneLeaderPerEpoch:
        return QCoreApplication::translate("zooscope::ui::ensemble::InvariantMonitor", "One leader per epoch");
    case Invariant::CommittedPrefixesAgree:
        return QCoreApplication::translate("zooscope::ui::ensemble::InvariantMonitor", "Committed prefixes agree");
    case Invariant::NoCommittedWriteLost:
        return QCoreApplication::translate("zooscope::ui::ensemble::InvariantMonitor", "No committed write lost");
    }
    return {};
}

QString invariantViolationEnglishPattern(InvariantViolation violation)
{
    switch (violation) {
    case InvariantViolation::None: return {};
    case InvariantViolation::TwoLeadersInOneEpoch: return QStringLiteral("members %1 and %2 both established epoch %3");
    case InvariantViolation::PastCommittedWithoutIt: return QStringLiteral("member %1 is past committed %2 without it");
    case InvariantViolation::AppliedOutOfOrder: return QStringLiteral("member %1 applied %2 after %3: out of order");
    case InvariantViolation::SkippedCommitted: return QStringLiteral("member %1 skipped committed %2 (applied %3 after %4)");
    case InvariantViolation::TruncatedCommitted: return QStringLiteral("member %1 truncated committed %2 (TRUNC to %3)");
    }
    return {};
}

QString fillPattern(QString pattern, const QStringList &arguments)
{
    // One pass per argument: each arg() takes the lowest remaining %n, as the patterns number them.
    for (const QString &argument : arguments)
        pattern = pattern.arg(argument);
    return pattern;
}

InvariantMonitor::InvariantMonitor()
{
    for (Invariant invariant :
         {Invariant::OneLeaderPerEpoch, Invariant::CommittedPrefixesAgree, Invariant::NoCommittedWriteLost})
        m_statuses.push_back(InvariantStatus{invariant, true, {}, InvariantViolation::None, {}, -1, {}});
}

bool InvariantMonitor::allHold() const
{
    return std::all_of(m_statuses.begin(), m_statuses.end(), [](const InvariantStatus &status) { return status.holds; });
}

void InvariantMonitor::fail(Invariant invariant, InvariantViolation violation, const QStringList &arguments,
                            const TraceEvent &event, qint64 eventIndex)
{
    InvariantStatus &status = m_statuses[std::size_t(invariant)];
    if (!status.holds)
        return; // the first offence is the one to show
    status.holds = false;
    status.violation = fillPattern(invariantViolationEnglishPattern(violation), arguments);
    status.violationKind = violation;
    status.violationArguments = arguments;
    status.offendingEvent = eventIndex;
    status.offendingEventText = event.toText();
}

void InvariantMonitor::apply(const TraceEvent &event, qint64 eventIndex)
{
    const ServerId sid = event.member;
    switch (event.kind) {
    case TraceKind::StateChanged:
        if (event.details.isEmpty())
            break; // the election's own state change; the peer's follows with the role
        if (m_awaitingDiskZxid.erase(sid))
            truncated(sid, event.zxid, event, -1);
        if (event.state == ServerState::Leading && event.details == QLatin1String("serving")) {
            const auto [it, inserted] = m_leaders.emplace(event.epoch, sid);
            if (!inserted && it->second != sid)
                fail(Invariant::OneLeaderPerEpoch,
                     InvariantViolation::TwoLeadersInOneEpoch,
                     {QString::number(it->second), QString::number(sid), QString::number(event.epoch)},
                     event, eventIndex);
        }
        if (event.state == ServerState::Following || event.state == ServerState::Observing)
            m_leaderOf[sid] = event.leader;
        break;
    case TraceKind::VoteChanged:
        // A restarted voter's first vote names itself with what it has on disk.
        if (event.leader == sid && m_awaitingDiskZxid.erase(sid))
            truncated(sid, event.zxid, event, -1);
        break;
    case TraceKind::MemberRestarted:
        m_awaitingDiskZxid.insert(sid);
        break;
    case TraceKind::CommitSent: {
        m_quorumCommitted.insert(event.zxid);
        for (const auto &[member, history] : m_applied) {
            // Only what is still in the kept window can be checked.
            if (history.empty() || history.back() < event.zxid || history.front() > event.zxid)
                continue;
            if (!std::binary_search(history.begin(), history.end(), event.zxid))
                fail(Invariant::CommittedPrefixesAgree,
                     InvariantViolation::PastCommittedWithoutIt, {QString::number(member), zxidText(event.zxid)},
                     event, eventIndex);
        }
        break;
    }
    case TraceKind::Committed:
        applied(sid, event.zxid, event, eventIndex);
        break;
    case TraceKind::SyncModeChosen:
        if (event.state == ServerState::Leading)
            break;
        if (event.details == QLatin1String("TRUNC"))
            truncated(sid, event.zxid, event, eventIndex);
        else if (event.details == QLatin1String("SNAP"))
            snapshotLoaded(sid, event.zxid);
        break;
    default:
        break;
    }
}

void InvariantMonitor::applied(ServerId sid, Zxid zxid, const TraceEvent &event, qint64 eventIndex)
{
    std::vector<Zxid> &history = m_applied[sid];
    const Zxid previous = history.empty() ? 0 : history.back();
    if (zxid <= previous) {
        fail(Invariant::CommittedPrefixesAgree,
             InvariantViolation::AppliedOutOfOrder, {QString::number(sid), zxidText(zxid), zxidText(previous)},
             event, eventIndex);
        return;
    }
    const auto skipped = m_quorumCommitted.upper_bound(previous);
    if (skipped != m_quorumCommitted.end() && *skipped < zxid)
        fail(Invariant::CommittedPrefixesAgree,
             InvariantViolation::SkippedCommitted,
             {QString::number(sid), zxidText(*skipped), zxidText(zxid), zxidText(previous)},
             event, eventIndex);
    history.push_back(zxid);
    // Bounded memory for long live sessions: the checks only need the recent past.
    if (history.size() > 2 * HistoryWindow)
        history.erase(history.begin(), history.end() - qsizetype(HistoryWindow));
    if (m_quorumCommitted.size() > 4 * HistoryWindow) {
        auto keepFrom = m_quorumCommitted.begin();
        std::advance(keepFrom, qsizetype(m_quorumCommitted.size() - 2 * HistoryWindow));
        m_quorumCommitted.erase(m_quorumCommitted.begin(), keepFrom);
    }
}

void InvariantMonitor::truncated(ServerId sid, Zxid zxid, const TraceEvent &event, qint64 eventIndex)
{
    std::vector<Zxid> &history = m_applied[sid];
    const auto cut = std::upper_bound(history.begin(), history.end(), zxid);
    if (eventIndex < 0) {
        // A restart: the member comes back with its log up to `zxid` applied, which the trace never
        // showed one by one, and may have lost what was not yet durable.
        history.erase(cut, history.end());
        const Zxid last = history.empty() ? 0 : history.back();
        for (auto it = m_quorumCommitted.upper_bound(last); it != m_quorumCommitted.end() && *it < zxid; ++it)
            history.push_back(*it);
        if (zxid > 0 && (history.empty() || history.back() < zxid))
            history.push_back(zxid);
        return;
    }
    {
        for (auto it = cut; it != history.end(); ++it) {
            if (m_quorumCommitted.count(*it)) {
                fail(Invariant::NoCommittedWriteLost,
                     InvariantViolation::TruncatedCommitted, {QString::number(sid), zxidText(*it), zxidText(zxid)},
                     event, eventIndex);
                break;
            }
        }
    }
    history.erase(cut, history.end());
}

void InvariantMonitor::snapshotLoaded(ServerId sid, Zxid zxid)
{
    // The snapshot is the leader's state up to zxid; without the leader's history, the committed set.
    std::vector<Zxid> state;
    const auto leader = m_leaderOf.find(sid);
    if (leader != m_leaderOf.end() && m_applied.count(leader->second)) {
        for (Zxid applied : m_applied[leader->second]) {
            if (applied <= zxid)
                state.push_back(applied);
        }
    } else {
        for (Zxid committed : m_quorumCommitted) {
            if (committed <= zxid)
                state.push_back(committed);
        }
    }
    m_applied[sid] = std::move(state);
}

} // namespace zooscope::ui::ensemble
