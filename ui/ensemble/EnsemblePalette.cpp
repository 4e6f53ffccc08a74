#include "EnsemblePalette.h"

#include "EngineTexts.h"

namespace zooscope::ui::ensemble {

using quorum::NoServer;

QColor EnsemblePalette::roleColor(const MemberState &member)
{
    if (!member.up)
        return QColor(0x8a, 0x8a, 0x8a);
    if (member.paused)
        return QColor(0xb0, 0xb0, 0xc8);
    switch (member.state) {
    case ServerState::Leading: return QColor(0xe0, 0x7b, 0x1f);
    case ServerState::Following: return QColor(0x2b, 0x7b, 0xd9);
    case ServerState::Observing: return QColor(0x7a, 0x52, 0xc7);
    case ServerState::Looking: return QColor(0xd4, 0xb1, 0x06);
    }
    return Qt::gray;
}

QColor EnsemblePalette::messageColor(const FlightMessage &message)
{
    switch (message.type) {
    case MessageType::Vote: return QColor(0xc9, 0x9a, 0x00);
    // Discovery in teal, the end of synchronization in steel blue: DIFF/TRUNC/SNAP have their own.
    case MessageType::LearnerInfo:
    case MessageType::LeaderInfo:
    case MessageType::AckEpoch: return QColor(0x2a, 0xa1, 0x98);
    case MessageType::NewLeader:
    case MessageType::NewLeaderAck:
    case MessageType::UpToDate: return QColor(0x3d, 0x5a, 0x80);
    case MessageType::Sync:
        if (message.syncMode == QLatin1String("TRUNC"))
            return QColor(0xd3, 0x36, 0x82);
        if (message.syncMode == QLatin1String("SNAP"))
            return QColor(0x6c, 0x71, 0xc4);
        return QColor(0x2e, 0x9e, 0x44);
    case MessageType::Proposal: return QColor(0x26, 0x8b, 0xd2);
    case MessageType::Ack: return QColor(0x70, 0x8f, 0x00);
    case MessageType::Commit: return QColor(0xcb, 0x4b, 0x16);
    case MessageType::Inform: return QColor(0xb5, 0x89, 0x00);
    case MessageType::Request: return QColor(0x65, 0x7b, 0x83);
    }
    return Qt::gray;
}

QString EnsemblePalette::stateName(ServerState state)
{
    switch (state) {
    case ServerState::Looking: return tr("LOOKING");
    case ServerState::Following: return tr("FOLLOWING");
    case ServerState::Leading: return tr("LEADING");
    case ServerState::Observing: return tr("OBSERVING");
    }
    return {};
}

QString EnsemblePalette::roleName(const MemberState &member)
{
    if (!member.up)
        return tr("DOWN");
    if (member.paused)
        return tr("PAUSED");
    return stateName(member.state);
}

QString EnsemblePalette::memberDetails(const MemberState &member)
{
    QStringList lines;
    lines << tr("Member %1 (%2)").arg(member.sid).arg(member.observer ? tr("observer") : tr("voter"));
    lines << tr("State: %1%2").arg(roleName(member), member.serving ? tr(", serving") : QString());
    if (member.leader != NoServer)
        lines << tr("Leader: %1").arg(member.leader);
    lines << tr("Epoch: current %1, accepted %2; election round %3").arg(member.epoch).arg(member.acceptedEpoch).arg(member.electionRound);
    if (member.currentVote.leader != NoServer)
        lines << tr("Vote: leader %1, zxid %2, epoch %3")
                     .arg(member.currentVote.leader)
                     .arg(zxidText(member.currentVote.zxid))
                     .arg(member.currentVote.peerEpoch);
    lines << tr("Last zxid %1 (%2), committed %3 (%4)")
                 .arg(zxidText(member.lastZxid), zxidEpochCounter(member.lastZxid), zxidText(member.committedZxid),
                      zxidEpochCounter(member.committedZxid));
    if (!member.syncMode.isEmpty())
        lines << tr("Last synchronized by %1").arg(member.syncMode);
    lines << tr("%n session(s)", nullptr, member.sessionCount);
    if (!member.decision.isEmpty())
        lines << tr("Election ended: %1").arg(decisionText(member.decision));
    if (!member.lastRoleLost.isEmpty())
        lines << tr("Last role lost: %1").arg(member.lastRoleLost);
    if (!member.activatedConfiguration.isEmpty())
        lines << tr("Configuration activated by reconfig: %1").arg(configurationDisplayText(member.activatedConfiguration));
    return lines.join(QLatin1Char('\n'));
}

QString EnsemblePalette::messageDetails(const FlightMessage &message)
{
    QStringList lines;
    lines << message.label();
    lines << tr("From member %1 to member %2").arg(message.from).arg(message.to);
    lines << tr("Sent at %1 ms").arg(message.sentMs);
    if (message.deliveredMs)
        lines << tr("Delivered at %1 ms").arg(*message.deliveredMs);
    else if (message.lost)
        lines << tr("Lost on the way");
    else
        lines << tr("In flight");
    if (message.type == MessageType::Vote)
        lines << tr("Vote: leader %1, zxid %2 (%3), peer epoch %4, round %5, sender %6")
                     .arg(message.vote.leader == NoServer ? QStringLiteral("-") : QString::number(message.vote.leader))
                     .arg(zxidText(message.vote.zxid), zxidEpochCounter(message.vote.zxid))
                     .arg(message.vote.peerEpoch == NoServer ? QStringLiteral("-") : QString::number(message.vote.peerEpoch))
                     .arg(message.vote.electionEpoch)
                     .arg(stateName(message.vote.state));
    const QString purpose = messagePurpose(message.type);
    if (!purpose.isEmpty())
        lines << purpose;
    if (!message.details.isEmpty())
        lines << message.details;
    return lines.join(QLatin1Char('\n'));
}

QString EnsemblePalette::decisionText(const QString &decision)
{
    // The election core reports how it decided in English (engine/quorum/LeaderElection.cpp).
    if (decision == QLatin1String("a quorum agreed and the finalize wait passed quietly"))
        return tr("a quorum agreed and the finalize wait passed quietly");
    if (decision == QLatin1String("a quorum of this round follows it"))
        return tr("a quorum of this round follows it");
    if (decision == QLatin1String("joined the leader a quorum already follows"))
        return tr("joined the leader a quorum already follows");
    return decision;
}

QString EnsemblePalette::messagePurpose(MessageType type)
{
    switch (type) {
    case MessageType::Vote: return tr("Election: a notification of the sender's vote");
    case MessageType::LearnerInfo: return tr("Discovery: the learner reports its accepted epoch and last zxid");
    case MessageType::LeaderInfo: return tr("Discovery: the leader proposes its new epoch");
    case MessageType::AckEpoch: return tr("Discovery: the learner accepts the new epoch and reports its last zxid");
    case MessageType::Sync: return tr("Synchronization: how the leader brings the learner's log in line with its own");
    case MessageType::NewLeader: return tr("Synchronization: the end of the leader's history; acknowledged once it is on disk");
    case MessageType::NewLeaderAck: return tr("Synchronization: the learner holds the leader's history");
    case MessageType::UpToDate: return tr("Synchronization done: the learner serves clients");
    case MessageType::Proposal: return tr("Broadcast: a transaction to log");
    case MessageType::Ack: return tr("Broadcast: logged up to this zxid");
    case MessageType::Commit: return tr("Broadcast: a quorum logged it, apply up to this zxid");
    case MessageType::Inform: return tr("Broadcast to an observer: a committed transaction");
    case MessageType::Request: return tr("A client write forwarded to the leader");
    }
    return {};
}

} // namespace zooscope::ui::ensemble
