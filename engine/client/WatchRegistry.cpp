#include "WatchRegistry.h"

#include "proto/OpCode.h"

namespace zooscope::client {

void WatchRegistry::add(Kind kind, const QString &path)
{
    m_paths[index(kind)].insert(path);
}

bool WatchRegistry::contains(Kind kind, const QString &path) const
{
    return m_paths[index(kind)].count(path) > 0;
}

bool WatchRegistry::isEmpty() const
{
    for (const auto &paths : m_paths) {
        if (!paths.empty())
            return false;
    }
    return true;
}

void WatchRegistry::clear()
{
    for (auto &paths : m_paths)
        paths.clear();
}

void WatchRegistry::consume(const WatchEvent &event)
{
    auto &data = m_paths[index(Kind::Data)];
    auto &exist = m_paths[index(Kind::Exist)];
    auto &child = m_paths[index(Kind::Child)];
    switch (event.type) {
    case WatchEvent::Type::NodeCreated:
    case WatchEvent::Type::NodeDataChanged:
        data.erase(event.path);
        exist.erase(event.path);
        break;
    case WatchEvent::Type::NodeChildrenChanged: child.erase(event.path); break;
    case WatchEvent::Type::NodeDeleted:
        data.erase(event.path);
        exist.erase(event.path);
        child.erase(event.path);
        break;
    default: break;
    }
}

std::vector<WatchEvent::Type> WatchRegistry::remove(const QString &path, WatcherType type)
{
    // As Java's ZKWatchManager.removeWatcher: persistent watches go with either type.
    const bool data = type == WatcherType::Data || type == WatcherType::Any;
    const bool children = type == WatcherType::Children || type == WatcherType::Any;
    bool removedData = false;
    bool removedChild = false;
    if (data) {
        removedData |= m_paths[index(Kind::Data)].erase(path) > 0;
        removedData |= m_paths[index(Kind::Exist)].erase(path) > 0;
    }
    if (children)
        removedChild = m_paths[index(Kind::Child)].erase(path) > 0;
    bool removedPersistent = m_paths[index(Kind::Persistent)].erase(path) > 0;
    removedPersistent |= m_paths[index(Kind::PersistentRecursive)].erase(path) > 0;

    std::vector<WatchEvent::Type> events;
    if (removedChild)
        events.push_back(WatchEvent::Type::ChildWatchRemoved);
    if (removedData)
        events.push_back(WatchEvent::Type::DataWatchRemoved);
    if (removedPersistent)
        events.push_back(WatchEvent::Type::PersistentWatchRemoved);
    return events;
}

std::vector<WatchRegistry::SetWatchesPacket>
WatchRegistry::setWatchesPackets(std::int64_t relativeZxid, const ConnectString &paths, int maxBatchLength) const
{
    // Walk the five tables in Java's order, cutting a batch once its paths reach the limit (the
    // last path may overshoot it a little, as in Java).
    std::vector<SetWatchesPacket> packets;
    std::size_t table = 0;
    auto position = m_paths[0].begin();
    auto advanceToNonEmpty = [&] {
        while (table < m_paths.size() && position == m_paths[table].end()) {
            ++table;
            if (table < m_paths.size())
                position = m_paths[table].begin();
        }
    };
    advanceToNonEmpty();
    while (table < m_paths.size()) {
        proto::SetWatches2 batch;
        batch.relativeZxid = relativeZxid;
        std::vector<QByteArray> *targets[] = {&batch.dataWatches, &batch.existWatches, &batch.childWatches,
                                              &batch.persistentWatches, &batch.persistentRecursiveWatches};
        qsizetype batchLength = 0;
        while (batchLength < maxBatchLength && table < m_paths.size()) {
            const QByteArray serverPath = paths.toServerPath(*position);
            targets[table]->push_back(serverPath);
            batchLength += serverPath.size();
            ++position;
            advanceToNonEmpty();
        }
        SetWatchesPacket packet;
        if (batch.persistentWatches.empty() && batch.persistentRecursiveWatches.empty()) {
            // Older servers know only SetWatches; use it whenever the batch allows.
            packet.opCode = proto::OpCode::SetWatches;
            packet.body = proto::serialize(
                proto::SetWatches{relativeZxid, batch.dataWatches, batch.existWatches, batch.childWatches});
        } else {
            packet.opCode = proto::OpCode::SetWatches2;
            packet.body = proto::serialize(batch);
        }
        packets.push_back(std::move(packet));
    }
    return packets;
}

} // namespace zooscope::client
