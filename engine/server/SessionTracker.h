#pragma once
// Sessions: ids, passwords, negotiated timeouts and expiry, the way ZooKeeper's
// SessionTrackerImpl does it (expiry rounded up to the next tick, touched on every request).

#include <QByteArray>
#include <QHash>

#include <cstdint>
#include <vector>

namespace zooscope::server {

struct Session
{
    std::int64_t id = 0;
    std::int32_t timeoutMs = 0;
    qint64 expiresAtMs = 0;
    bool closing = false;
    // Ensemble: the member the session's client is connected to (0: not tracked, standalone).
    std::int64_t owner = 0;
};

class SessionTracker
{
public:
    SessionTracker(std::int64_t serverId, qint64 wallClockMs, int tickTimeMs);

    std::int64_t nextSessionId();
    // ZooKeeper derives the password from the id, so any member can check it.
    static QByteArray passwordFor(std::int64_t sessionId);

    void add(std::int64_t sessionId, std::int32_t timeoutMs, qint64 nowMs);
    // Moves the deadline to now + timeoutMs (the timeout of the connection that spoke last, as in
    // ZooKeeper), rounded up to the next tick; the deadline may move earlier.
    bool touch(std::int64_t sessionId, qint64 nowMs, std::int32_t timeoutMs);
    void setClosing(std::int64_t sessionId);
    // Ensemble (the leader): the member that now serves the session's client.
    void setOwner(std::int64_t sessionId, std::int64_t owner);
    void remove(std::int64_t sessionId);
    const Session *find(std::int64_t sessionId) const;
    bool isActive(std::int64_t sessionId) const;

    // Sessions whose deadline has passed, marked closing so they expire only once.
    std::vector<std::int64_t> takeExpired(qint64 nowMs);
    const QHash<std::int64_t, Session> &sessions() const { return m_sessions; }

private:
    qint64 roundToNextTick(qint64 timeMs) const;

    QHash<std::int64_t, Session> m_sessions;
    std::int64_t m_nextSessionId;
    int m_tickTimeMs;
};

} // namespace zooscope::server
