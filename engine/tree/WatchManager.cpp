#include "WatchManager.h"

#include "proto/Events.h"
#include "proto/PathValidation.h"

namespace zooscope::tree {

namespace {
using proto::EventType::NodeChildrenChanged;
using proto::KeeperState::SyncConnected;
} // namespace

void WatchManager::addWatch(const QByteArray &path, WatcherId watcher, WatchMode mode)
{
    auto &watchersOfPath = m_byPath[path];
    const auto existing = watchersOfPath.constFind(watcher);
    if (existing != watchersOfPath.cend() && *existing == WatchMode::PersistentRecursive)
        --m_recursiveWatchCount;
    watchersOfPath.insert(watcher, mode);
    if (mode == WatchMode::PersistentRecursive)
        ++m_recursiveWatchCount;
    m_byWatcher[watcher].insert(path);
}

void WatchManager::trigger(const QByteArray &path, std::int32_t eventType,
                           std::vector<Notification> &out, const std::shared_ptr<const proto::AclList> &acl,
                           const QSet<WatcherId> *suppress,
                           QSet<WatcherId> *notified)
{
    QSet<WatcherId> firing;
    QByteArray current = path;
    bool atParent = false;
    while (true) {
        auto watchersOfPath = m_byPath.find(current);
        if (watchersOfPath != m_byPath.end()) {
            for (auto it = watchersOfPath->begin(); it != watchersOfPath->end();) {
                const WatchMode mode = it.value();
                if (mode == WatchMode::PersistentRecursive) {
                    if (eventType != NodeChildrenChanged)
                        firing.insert(it.key());
                } else if (!atParent) {
                    firing.insert(it.key());
                    if (mode == WatchMode::Standard) {
                        auto paths = m_byWatcher.find(it.key());
                        if (paths != m_byWatcher.end()) {
                            paths->remove(current);
                            if (paths->isEmpty())
                                m_byWatcher.erase(paths);
                        }
                        it = watchersOfPath->erase(it);
                        continue;
                    }
                }
                ++it;
            }
            if (watchersOfPath->isEmpty())
                m_byPath.erase(watchersOfPath);
        }
        // Ancestors matter only while some recursive watch exists.
        if (m_recursiveWatchCount == 0 || current == "/")
            break;
        current = proto::parentPath(current);
        atParent = true;
    }
    for (WatcherId watcher : std::as_const(firing)) {
        if (suppress && suppress->contains(watcher))
            continue;
        out.push_back({watcher, {eventType, SyncConnected, path}, acl});
        if (notified)
            notified->insert(watcher);
    }
}

bool WatchManager::contains(const QByteArray &path, WatcherId watcher, std::optional<WatchMode> mode) const
{
    const auto watchersOfPath = m_byPath.constFind(path);
    if (watchersOfPath == m_byPath.cend())
        return false;
    const auto found = watchersOfPath->constFind(watcher);
    return found != watchersOfPath->cend() && (!mode || *found == *mode);
}

bool WatchManager::remove(const QByteArray &path, WatcherId watcher, std::optional<WatchMode> mode)
{
    auto watchersOfPath = m_byPath.find(path);
    if (watchersOfPath == m_byPath.end())
        return false;
    auto found = watchersOfPath->find(watcher);
    if (found == watchersOfPath->end() || (mode && *found != *mode))
        return false;
    if (*found == WatchMode::PersistentRecursive)
        --m_recursiveWatchCount;
    watchersOfPath->erase(found);
    if (watchersOfPath->isEmpty())
        m_byPath.erase(watchersOfPath);
    auto paths = m_byWatcher.find(watcher);
    if (paths != m_byWatcher.end()) {
        paths->remove(path);
        if (paths->isEmpty())
            m_byWatcher.erase(paths);
    }
    return true;
}

void WatchManager::removeWatcher(WatcherId watcher)
{
    const QSet<QByteArray> paths = m_byWatcher.take(watcher);
    for (const QByteArray &path : paths) {
        auto watchersOfPath = m_byPath.find(path);
        if (watchersOfPath == m_byPath.end())
            continue;
        const auto found = watchersOfPath->constFind(watcher);
        if (found != watchersOfPath->cend() && *found == WatchMode::PersistentRecursive)
            --m_recursiveWatchCount;
        watchersOfPath->remove(watcher);
        if (watchersOfPath->isEmpty())
            m_byPath.erase(watchersOfPath);
    }
}

qsizetype WatchManager::watchCount() const
{
    qsizetype count = 0;
    for (const auto &watchersOfPath : m_byPath)
        count += watchersOfPath.size();
    return count;
}

} // namespace zooscope::tree
