#include "EngineTexts.h"

#include <QCoreApplication>

namespace zooscope::ui::ensemble {

QString voteIgnoredReasonDisplayText(quorum::VoteIgnoredReason reason)
{
    using quorum::VoteIgnoredReason;
    // Literals inside translate() calls so lupdate finds them.
    switch (reason) {
    case VoteIgnoredReason::ElectionNotStarted:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "election not started");
    case VoteIgnoredReason::NotLooking:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "we are not looking");
    case VoteIgnoredReason::ObserverAnswersNothing:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "an observer answers nothing");
    case VoteIgnoredReason::FinalizeNotBetter:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "finalize wait: not better than our proposal");
    case VoteIgnoredReason::ProposesNonVoter:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "proposes a member that does not vote");
    case VoteIgnoredReason::FromObserver:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "from an observer");
    case VoteIgnoredReason::OwnZxidUnknown:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "our zxid is -1");
    case VoteIgnoredReason::TheirZxidUnknown:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "its zxid is -1");
    case VoteIgnoredReason::EarlierRound:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "from an earlier round");
    }
    return {};
}

QString voteIgnoredDetailsDisplayText(const QString &details)
{
    const auto reason = quorum::voteIgnoredReasonFromText(details);
    return reason ? voteIgnoredReasonDisplayText(*reason) : details;
}

QString configurationDisplayText(const QString &details)
{
    const QStringList parts = details.split(QStringLiteral("; "));
    if (parts.size() != 2 || !parts[0].startsWith(QLatin1String("voters ")) || !parts[1].startsWith(QLatin1String("observers ")))
        return details;
    QString observers = parts[1].mid(int(qstrlen("observers ")));
    if (observers == QLatin1String("none"))
        observers = QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "none");
    return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "voters %1; observers %2")
        .arg(parts[0].mid(int(qstrlen("voters "))), observers);
}

QString invariantViolationDisplayPattern(InvariantViolation violation)
{
    switch (violation) {
    case InvariantViolation::None:
        return {};
    case InvariantViolation::TwoLeadersInOneEpoch:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "members %1 and %2 both established epoch %3");
    case InvariantViolation::PastCommittedWithoutIt:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "member %1 is past committed %2 without it");
    case InvariantViolation::AppliedOutOfOrder:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "member %1 applied %2 after %3: out of order");
    case InvariantViolation::SkippedCommitted:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts",
                                           "member %1 skipped committed %2 (applied %3 after %4)");
    case InvariantViolation::TruncatedCommitted:
        return QCoreApplication::translate("zooscope::ui::ensemble::EngineTexts", "member %1 truncated committed %2 (TRUNC to %3)");
    }
    return {};
}

QString invariantViolationDisplayText(const InvariantStatus &status)
{
    if (status.violationKind == InvariantViolation::None)
        return status.violation;
    return fillPattern(invariantViolationDisplayPattern(status.violationKind), status.violationArguments);
}

} // namespace zooscope::ui::ensemble
