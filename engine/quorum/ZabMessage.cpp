#include "ZabMessage.h"

#include "proto/Jute.h"

namespace zooscope::quorum {

const char *zabTypeName(ZabType type)
{
    switch (type) {
    case ZabType::LearnerInfo: return "LEARNERINFO";
    case ZabType::LeaderInfo: return "LEADERINFO";
    case ZabType::AckEpoch: return "ACKEPOCH";
    case ZabType::Diff: return "DIFF";
    case ZabType::Trunc: return "TRUNC";
    case ZabType::Snap: return "SNAP";
    case ZabType::Proposal: return "PROPOSAL";
    case ZabType::Commit: return "COMMIT";
    case ZabType::Inform: return "INFORM";
    case ZabType::NewLeader: return "NEWLEADER";
    case ZabType::AckNewLeader: return "ACK(NEWLEADER)";
    case ZabType::UpToDate: return "UPTODATE";
    case ZabType::Ack: return "ACK";
    case ZabType::Ping: return "PING";
    case ZabType::Request: return "REQUEST";
    case ZabType::Sync: return "SYNC";
    case ZabType::SyncDone: return "SYNC(DONE)";
    case ZabType::Refused: return "REFUSED";
    }
    return "?";
}

QByteArray encodeZabMessage(const ZabMessage &message)
{
    QByteArray bytes;
    bytes.reserve(32 + message.payload.size());
    proto::JuteWriter writer(bytes);
    writer(std::int32_t(message.type));
    writer(message.zxid);
    writer(message.epoch);
    writer(message.observer);
    writer(message.payload);
    return bytes;
}

std::optional<ZabMessage> decodeZabMessage(const QByteArray &bytes)
{
    proto::JuteReader reader(bytes);
    std::int32_t type = 0;
    ZabMessage message;
    reader(type);
    reader(message.zxid);
    reader(message.epoch);
    reader(message.observer);
    reader(message.payload);
    if (reader.failed() || !reader.atEnd() || type < 0 || type > std::int32_t(ZabType::Refused))
        return std::nullopt;
    message.type = ZabType(type);
    return message;
}

} // namespace zooscope::quorum
