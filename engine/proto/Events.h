#pragma once
// Watch vocabulary (Watcher.Event.EventType, KeeperState, WatcherType, AddWatchMode).

#include <cstdint>

namespace zooscope::proto {

namespace EventType {
constexpr std::int32_t None = -1;
constexpr std::int32_t NodeCreated = 1;
constexpr std::int32_t NodeDeleted = 2;
constexpr std::int32_t NodeDataChanged = 3;
constexpr std::int32_t NodeChildrenChanged = 4;
constexpr std::int32_t DataWatchRemoved = 5;
constexpr std::int32_t ChildWatchRemoved = 6;
constexpr std::int32_t PersistentWatchRemoved = 7;
} // namespace EventType

namespace KeeperState {
constexpr std::int32_t Disconnected = 0;
constexpr std::int32_t SyncConnected = 3;
constexpr std::int32_t AuthFailed = 4;
constexpr std::int32_t ConnectedReadOnly = 5;
constexpr std::int32_t SaslAuthenticated = 6;
constexpr std::int32_t Closed = 7;
constexpr std::int32_t Expired = -112;
} // namespace KeeperState

// checkWatches / removeWatches type.
namespace WatcherType {
constexpr std::int32_t Children = 1;
constexpr std::int32_t Data = 2;
constexpr std::int32_t Any = 3;
} // namespace WatcherType

// addWatch mode.
namespace AddWatchMode {
constexpr std::int32_t Persistent = 0;
constexpr std::int32_t PersistentRecursive = 1;
} // namespace AddWatchMode

} // namespace zooscope::proto
