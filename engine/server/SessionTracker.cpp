#include "SessionTracker.h"

namespace zooscope::server {

namespace {

// java.util.Random, so that passwords match what Apache ZooKeeper hands out for the same id.
class JavaRandom
{
public:
    explicit JavaRandom(std::int64_t seed) : m_seed((std::uint64_t(seed) ^ 0x5DEECE66DULL) & Mask) {}
    std::int32_t nextInt()
    {
        m_seed = (m_seed * 0x5DEECE66DULL + 0xBULL) & Mask;
        return std::int32_t(std::uint32_t(m_seed >> 16));
    }

private:
    static constexpr std::uint64_t Mask = (std::uint64_t(1) << 48) - 1;
    std::uint64_t m_seed;
};

constexpr std::int64_t SuperSecret = 0xB3415C00LL;
constexpr std::int64_t ContainerOwner = std::numeric_limits<std::int64_t>::min();

} // namespace

SessionTracker::SessionTracker(std::int64_t serverId, qint64 wallClockMs, int tickTimeMs)
    : m_tickTimeMs(tickTimeMs)
{
    // Same layout as ZooKeeper: server id in the top byte, then milliseconds, then a counter.
    std::uint64_t next = (std::uint64_t(wallClockMs) << 24) >> 8;
    next |= std::uint64_t(serverId) << 56;
    m_nextSessionId = std::int64_t(next);
    if (m_nextSessionId == ContainerOwner)
        ++m_nextSessionId;
}

std::int64_t SessionTracker::nextSessionId()
{
    return m_nextSessionId++;
}

QByteArray SessionTracker::passwordFor(std::int64_t sessionId)
{
    QByteArray password(16, Qt::Uninitialized);
    JavaRandom random(sessionId ^ SuperSecret);
    for (int i = 0; i < password.size();) {
        std::int32_t value = random.nextInt();
        for (int n = std::min(int(password.size()) - i, 4); n-- > 0; value >>= 8)
            password[i++] = char(value);
    }
    return password;
}

qint64 SessionTracker::roundToNextTick(qint64 timeMs) const
{
    return (timeMs / m_tickTimeMs + 1) * m_tickTimeMs;
}

void SessionTracker::add(std::int64_t sessionId, std::int32_t timeoutMs, qint64 nowMs)
{
    m_sessions.insert(sessionId, Session{sessionId, timeoutMs, roundToNextTick(nowMs + timeoutMs), false});
}

bool SessionTracker::touch(std::int64_t sessionId, qint64 nowMs, std::int32_t timeoutMs)
{
    auto session = m_sessions.find(sessionId);
    if (session == m_sessions.end() || session->closing)
        return false;
    session->expiresAtMs = roundToNextTick(nowMs + timeoutMs);
    return true;
}

void SessionTracker::setClosing(std::int64_t sessionId)
{
    auto session = m_sessions.find(sessionId);
    if (session != m_sessions.end())
        session->closing = true;
}

void SessionTracker::remove(std::int64_t sessionId)
{
    m_sessions.remove(sessionId);
}

const Session *SessionTracker::find(std::int64_t sessionId) const
{
    const auto session = m_sessions.constFind(sessionId);
    return session == m_sessions.cend() ? nullptr : &*session;
}

void SessionTracker::setOwner(std::int64_t sessionId, std::int64_t owner)
{
    auto session = m_sessions.find(sessionId);
    if (session != m_sessions.end())
        session->owner = owner;
}

bool SessionTracker::isActive(std::int64_t sessionId) const
{
    const Session *session = find(sessionId);
    return session && !session->closing;
}

std::vector<std::int64_t> SessionTracker::takeExpired(qint64 nowMs)
{
    std::vector<std::int64_t> expired;
    for (Session &session : m_sessions) {
        if (!session.closing && session.expiresAtMs <= nowMs) {
            session.closing = true;
            expired.push_back(session.id);
        }
    }
    std::sort(expired.begin(), expired.end());
    return expired;
}

} // namespace zooscope::server
