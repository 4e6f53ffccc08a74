#pragma once
// One watch notification as ZooKeeperClient reports it: Watcher.Event.EventType and KeeperState
// with Apache ZooKeeper's numeric values, and the path below the client's chroot.

#include <QMetaType>
#include <QObject>
#include <QString>

#include <cstdint>

namespace zooscope::client {

struct WatchEvent
{
    Q_GADGET

public:
    enum class Type : std::int32_t {
        None = -1,
        NodeCreated = 1,
        NodeDeleted = 2,
        NodeDataChanged = 3,
        NodeChildrenChanged = 4,
        DataWatchRemoved = 5,
        ChildWatchRemoved = 6,
        PersistentWatchRemoved = 7,
    };
    Q_ENUM(Type)

    enum class State : std::int32_t {
        Disconnected = 0,
        SyncConnected = 3,
        AuthFailed = 4,
        ConnectedReadOnly = 5,
        SaslAuthenticated = 6,
        Closed = 7,
        Expired = -112,
    };
    Q_ENUM(State)

    Type type = Type::None;
    State state = State::SyncConnected;
    QString path;

    bool operator==(const WatchEvent &) const = default;
};

} // namespace zooscope::client

Q_DECLARE_METATYPE(zooscope::client::WatchEvent)
