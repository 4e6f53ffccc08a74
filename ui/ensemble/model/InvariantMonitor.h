#pragma once
// ZAB's guarantees checked on the trace alone, so they work for the simulator and for a live
// ensemble: one established leader per epoch; committed prefixes agree (no member applies out of
// order or skips a transaction a quorum committed); no committed write is lost (a truncation never
// removes a quorum-committed transaction). A member's history is only what the trace shows, so a
// restart cuts it back to what the member reports it has on disk.

#include "quorum/TraceEvent.h"

#include <QString>
#include <QStringList>

#include <map>
#include <set>
#include <vector>

namespace zooscope::ui::ensemble {

enum class Invariant : std::uint8_t { OneLeaderPerEpoch, CommittedPrefixesAgree, NoCommittedWriteLost };
inline constexpr int InvariantCount = 3;

// What exactly broke: a stable code with its arguments, so the views can say it in the user's
// language while `violation` keeps the English sentence for logs and trace exports.
enum class InvariantViolation : std::uint8_t {
    None,
    TwoLeadersInOneEpoch,   // %1, %2: members; %3: epoch
    PastCommittedWithoutIt, // %1: member; %2: zxid
    AppliedOutOfOrder,      // %1: member; %2: zxid applied; %3: the zxid before
    SkippedCommitted,       // %1: member; %2: zxid skipped; %3: zxid applied; %4: the zxid before
    TruncatedCommitted,     // %1: member; %2: zxid truncated; %3: zxid truncated to
};
inline constexpr int InvariantViolationCount = 6;

QString invariantViolationEnglishPattern(InvariantViolation violation); // with %1... placeholders
QString fillPattern(QString pattern, const QStringList &arguments);

struct InvariantStatus
{
    Invariant invariant = Invariant::OneLeaderPerEpoch;
    bool holds = true;
    QString violation;          // what went wrong, in English (also in the trace export)
    InvariantViolation violationKind = InvariantViolation::None;
    QStringList violationArguments; // the pattern's %1, %2, ... in order
    qint64 offendingEvent = -1; // index in the trace
    QString offendingEventText;
};

QString invariantTitle(Invariant invariant); // translated

class InvariantMonitor
{
public:
    InvariantMonitor();

    void apply(const quorum::TraceEvent &event, qint64 eventIndex);
    const std::vector<InvariantStatus> &statuses() const { return m_statuses; }
    bool allHold() const;
    const std::map<std::int64_t, quorum::ServerId> &establishedLeaders() const { return m_leaders; }
    const std::set<quorum::Zxid> &quorumCommitted() const { return m_quorumCommitted; }

private:
    void fail(Invariant invariant, InvariantViolation violation, const QStringList &arguments, const quorum::TraceEvent &event,
              qint64 eventIndex);
    void applied(quorum::ServerId sid, quorum::Zxid zxid, const quorum::TraceEvent &event, qint64 eventIndex);
    void truncated(quorum::ServerId sid, quorum::Zxid zxid, const quorum::TraceEvent &event, qint64 eventIndex);
    void snapshotLoaded(quorum::ServerId sid, quorum::Zxid zxid);

    std::vector<InvariantStatus> m_statuses;
    std::map<std::int64_t, quorum::ServerId> m_leaders;       // epoch -> established leader
    std::set<quorum::Zxid> m_quorumCommitted;                  // CommitSent zxids
    std::map<quorum::ServerId, std::vector<quorum::Zxid>> m_applied; // each member's applied zxids, in order
    std::map<quorum::ServerId, quorum::ServerId> m_leaderOf;  // learner -> leader it syncs with
    std::set<quorum::ServerId> m_awaitingDiskZxid;             // restarted, history not yet reported
};

} // namespace zooscope::ui::ensemble
