#include "TraceEvent.h"

namespace zooscope::quorum {

const char *traceKindName(TraceKind kind)
{
    switch (kind) {
    case TraceKind::VoteSent: return "VoteSent";
    case TraceKind::VoteReceived: return "VoteReceived";
    case TraceKind::VoteIgnored: return "VoteIgnored";
    case TraceKind::VoteChanged: return "VoteChanged";
    case TraceKind::ElectionEpochChanged: return "ElectionEpochChanged";
    case TraceKind::NotificationTimeout: return "NotificationTimeout";
    case TraceKind::QuorumReached: return "QuorumReached";
    case TraceKind::FinalizeInterrupted: return "FinalizeInterrupted";
    case TraceKind::StateChanged: return "StateChanged";
    case TraceKind::LeaderElected: return "LeaderElected";
    case TraceKind::EpochChanged: return "EpochChanged";
    case TraceKind::NewEpochProposed: return "NewEpochProposed";
    case TraceKind::LeaderInfoSent: return "LeaderInfoSent";
    case TraceKind::EpochAcked: return "EpochAcked";
    case TraceKind::SyncModeChosen: return "SyncModeChosen";
    case TraceKind::NewLeaderAcked: return "NewLeaderAcked";
    case TraceKind::ProposalSent: return "ProposalSent";
    case TraceKind::ProposalReceived: return "ProposalReceived";
    case TraceKind::AckReceived: return "AckReceived";
    case TraceKind::CommitSent: return "CommitSent";
    case TraceKind::Committed: return "Committed";
    case TraceKind::RequestForwarded: return "RequestForwarded";
    case TraceKind::LearnerDropped: return "LearnerDropped";
    case TraceKind::SessionCreated: return "SessionCreated";
    case TraceKind::SessionClosed: return "SessionClosed";
    case TraceKind::SessionMoved: return "SessionMoved";
    case TraceKind::SessionExpired: return "SessionExpired";
    case TraceKind::LearnerConnected: return "LearnerConnected";
    case TraceKind::LeaderEstablished: return "LeaderEstablished";
    case TraceKind::RoleLost: return "RoleLost";
    case TraceKind::ConfigActivated: return "ConfigActivated";
    case TraceKind::MemberCrashed: return "MemberCrashed";
    case TraceKind::MemberRestarted: return "MemberRestarted";
    case TraceKind::LinkChanged: return "LinkChanged";
    case TraceKind::MessageDropped: return "MessageDropped";
    case TraceKind::MessageDuplicated: return "MessageDuplicated";
    }
    return "?";
}

QString voteIgnoredReasonText(VoteIgnoredReason reason)
{
    switch (reason) {
    case VoteIgnoredReason::ElectionNotStarted: return QStringLiteral("election not started");
    case VoteIgnoredReason::NotLooking: return QStringLiteral("we are not looking");
    case VoteIgnoredReason::ObserverAnswersNothing: return QStringLiteral("an observer answers nothing");
    case VoteIgnoredReason::FinalizeNotBetter: return QStringLiteral("finalize wait: not better than our proposal");
    case VoteIgnoredReason::ProposesNonVoter: return QStringLiteral("proposes a member that does not vote");
    case VoteIgnoredReason::FromObserver: return QStringLiteral("from an observer");
    case VoteIgnoredReason::OwnZxidUnknown: return QStringLiteral("our zxid is -1");
    case VoteIgnoredReason::TheirZxidUnknown: return QStringLiteral("its zxid is -1");
    case VoteIgnoredReason::EarlierRound: return QStringLiteral("from an earlier round");
    }
    return {};
}

std::optional<VoteIgnoredReason> voteIgnoredReasonFromText(const QString &details)
{
    for (int code = 0; code < VoteIgnoredReasonCount; ++code) {
        const auto reason = VoteIgnoredReason(code);
        if (details == voteIgnoredReasonText(reason))
            return reason;
    }
    return std::nullopt;
}

namespace {

QString idText(std::int64_t value)
{
    return value == NoServer ? QStringLiteral("-") : QString::number(value);
}

QString zxidText(Zxid zxid)
{
    return zxid == NoServer ? QStringLiteral("-") : QStringLiteral("0x") + QString::number(zxid, 16);
}

} // namespace

QString TraceEvent::toText() const
{
    QString line = QString::number(timeMs) + QLatin1Char(' ') + QLatin1String(traceKindName(kind)) +
                   QStringLiteral(" member=") + idText(member) + QStringLiteral(" peer=") + idText(peer) +
                   QStringLiteral(" leader=") + idText(leader) + QStringLiteral(" zxid=") + zxidText(zxid) +
                   QStringLiteral(" round=") + QString::number(electionEpoch) + QStringLiteral(" epoch=") +
                   idText(epoch) + QStringLiteral(" state=") + QLatin1String(serverStateName(state));
    if (!details.isEmpty())
        line += QStringLiteral(" (") + details + QLatin1Char(')');
    return line;
}

} // namespace zooscope::quorum
