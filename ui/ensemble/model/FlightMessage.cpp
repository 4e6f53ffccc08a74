#include "FlightMessage.h"

namespace zooscope::ui::ensemble {

const char *messageTypeName(MessageType type)
{
    switch (type) {
    case MessageType::Vote: return "VOTE";
    case MessageType::LearnerInfo: return "LEARNERINFO";
    case MessageType::LeaderInfo: return "LEADERINFO";
    case MessageType::AckEpoch: return "ACKEPOCH";
    case MessageType::Sync: return "SYNC";
    case MessageType::NewLeader: return "NEWLEADER";
    case MessageType::NewLeaderAck: return "ACK(NEWLEADER)";
    case MessageType::UpToDate: return "UPTODATE";
    case MessageType::Proposal: return "PROPOSAL";
    case MessageType::Ack: return "ACK";
    case MessageType::Commit: return "COMMIT";
    case MessageType::Inform: return "INFORM";
    case MessageType::Request: return "REQUEST";
    }
    return "?";
}

QString FlightMessage::label() const
{
    // Protocol vocabulary: the same words in every language, as in ZooKeeper's own logs.
    switch (type) {
    case MessageType::Vote:
        return QStringLiteral("VOTE (%1, %2, %3)")
            .arg(vote.leader == quorum::NoServer ? QStringLiteral("-") : QString::number(vote.leader))
            .arg(zxidText(vote.zxid))
            .arg(vote.peerEpoch == quorum::NoServer ? QStringLiteral("-") : QString::number(vote.peerEpoch));
    case MessageType::Sync:
        return syncMode + QLatin1Char(' ') + zxidText(zxid);
    case MessageType::LeaderInfo:
    case MessageType::AckEpoch:
    case MessageType::NewLeader:
    case MessageType::Proposal:
    case MessageType::Ack:
    case MessageType::Commit:
    case MessageType::Inform:
        return QLatin1String(messageTypeName(type)) + QLatin1Char(' ') + zxidText(zxid);
    default:
        return QLatin1String(messageTypeName(type));
    }
}

} // namespace zooscope::ui::ensemble
