#pragma once
// One watch notification as ZooKeeperClient reports it: Watcher.Event.EventType and KeeperState
// with Apache ZooKeeper's numeric values, and the path below the client's chroot.

#include "proto/Events.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <cstdint>

namespace zooscope::client {

struct WatchEvent
{
    Q_GADGET

public:
    // Typed (and Q_ENUM-named for the UI) views of the wire values in proto/Events.h.
    enum class Type : std::int32_t {
        None = proto::EventType::None,
        NodeCreated = proto::EventType::NodeCreated,
        NodeDeleted = proto::EventType::NodeDeleted,
        NodeDataChanged = proto::EventType::NodeDataChanged,
        NodeChildrenChanged = proto::EventType::NodeChildrenChanged,
        DataWatchRemoved = proto::EventType::DataWatchRemoved,
        ChildWatchRemoved = proto::EventType::ChildWatchRemoved,
        PersistentWatchRemoved = proto::EventType::PersistentWatchRemoved,
    };
    Q_ENUM(Type)

    enum class State : std::int32_t {
        Disconnected = proto::KeeperState::Disconnected,
        SyncConnected = proto::KeeperState::SyncConnected,
        AuthFailed = proto::KeeperState::AuthFailed,
        ConnectedReadOnly = proto::KeeperState::ConnectedReadOnly,
        SaslAuthenticated = proto::KeeperState::SaslAuthenticated,
        Closed = proto::KeeperState::Closed,
        Expired = proto::KeeperState::Expired,
    };
    Q_ENUM(State)

    Type type = Type::None;
    State state = State::SyncConnected;
    QString path;
    // The zxid in the notification's reply header when the server sends one (newer servers do;
    // Apache ZooKeeper 3.8 and zooscope-server send -1, which stays -1 here: unknown).
    std::int64_t zxid = -1;

    bool operator==(const WatchEvent &) const = default;
};

} // namespace zooscope::client

Q_DECLARE_METATYPE(zooscope::client::WatchEvent)
