#pragma once
// One table of watches (ZooKeeper keeps two: data/exists watches and child watches).
// A watcher is a client connection. Standard watches fire once; persistent watches stay;
// persistent-recursive watches also fire for every descendant, except for child-list changes.

#include "proto/Records.h"

#include <QHash>
#include <QSet>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace zooscope::tree {

using WatcherId = std::uint64_t;

enum class WatchMode { Standard, Persistent, PersistentRecursive };

struct Notification
{
    WatcherId watcher = 0;
    proto::WatcherEvent event;
    // ACL of the node the event is about: only watchers with READ on it get the event
    // (Apache ZooKeeper's fix for CVE-2024-23944, in Debian's 3.8.0 too). Empty: unfiltered.
    std::shared_ptr<const proto::AclList> acl;
};

class WatchManager
{
public:
    // A second watch by the same watcher on the same path replaces the first one's mode,
    // as in ZooKeeper's WatcherModeManager.
    void addWatch(const QByteArray &path, WatcherId watcher, WatchMode mode);

    // Appends one notification per watcher that fires; standard watches are removed.
    // Watchers in `suppress` are skipped; every notified watcher is added to `notified`.
    void trigger(const QByteArray &path, std::int32_t eventType, std::vector<Notification> &out,
                 const std::shared_ptr<const proto::AclList> &acl, const QSet<WatcherId> *suppress = nullptr,
                 QSet<WatcherId> *notified = nullptr);

    bool hasWatches(const QByteArray &path) const { return m_byPath.contains(path); }
    bool contains(const QByteArray &path, WatcherId watcher,
                  std::optional<WatchMode> mode = std::nullopt) const;
    // Removes the watcher's watch on path (of the given mode, if any); true if one was removed.
    bool remove(const QByteArray &path, WatcherId watcher, std::optional<WatchMode> mode = std::nullopt);
    void removeWatcher(WatcherId watcher);

    qsizetype watchCount() const;
    qsizetype pathCount() const { return m_byPath.size(); }
    QList<QByteArray> pathsOf(WatcherId watcher) const { return m_byWatcher.value(watcher).values(); }
    QList<WatcherId> watchersOf(const QByteArray &path) const { return m_byPath.value(path).keys(); }
    QList<WatcherId> watchers() const { return m_byWatcher.keys(); }

private:
    QHash<QByteArray, QHash<WatcherId, WatchMode>> m_byPath;
    QHash<WatcherId, QSet<QByteArray>> m_byWatcher;
    qsizetype m_recursiveWatchCount = 0;
};

} // namespace zooscope::tree
