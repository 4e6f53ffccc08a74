#include "ConnectionSession.h"

#include <QCoreApplication>

namespace zooscope::ui {

namespace {
// Child lists of 200,000 names exceed jute.maxbuffer's default; the studio reads them anyway.
constexpr std::int32_t StudioMaxPacketLength = 64 * 1024 * 1024;
} // namespace

ConnectionSession::ConnectionSession(const ConnectionProfile &profile, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_client(new client::ZooKeeperClient(this))
{
    connect(m_client, &client::ZooKeeperClient::stateChanged, this, &ConnectionSession::onStateChanged);
}

bool ConnectionSession::open()
{
    client::ClientOptions options;
    options.sessionTimeoutMs = m_profile.sessionTimeoutMs;
    options.tls = m_profile.tlsOptions();
    options.maxPacketLength = StudioMaxPacketLength;
    options.maxReconnectBackoffMs = 2000;
    options.saslUser = m_profile.saslUser;
    options.saslPassword = m_profile.saslPassword;
    if (!m_client->open(m_profile.connectString, options))
        return false;
    if (m_profile.hasCredentials()) {
        const QByteArray credentials = (m_profile.digestUser + u':' + m_profile.digestPassword).toUtf8();
        m_client->addAuth("digest", credentials);
    }
    return true;
}

void ConnectionSession::close()
{
    m_client->close();
}

void ConnectionSession::onStateChanged(State state)
{
    const bool connected = state == State::Connected || state == State::ConnectedReadOnly;
    if (connected && m_wasConnected)
        Q_EMIT reconnected();
    if (connected)
        m_wasConnected = true;
    Q_EMIT stateChanged(state);
}

void ConnectionSession::rememberWatchedData(const QString &path, const QByteArray &data)
{
    // Watches follow the selection, so a full cache means stale entries: start over.
    if (m_watchedData.size() >= MaxWatchedData && !m_watchedData.contains(path))
        m_watchedData.clear();
    m_watchedData.insert(path, data);
}

std::optional<QByteArray> ConnectionSession::watchedData(const QString &path) const
{
    const auto found = m_watchedData.constFind(path);
    return found != m_watchedData.cend() ? std::optional<QByteArray>(*found) : std::nullopt;
}

void ConnectionSession::forgetWatchedData(const QString &path)
{
    m_watchedData.remove(path);
}

QString ConnectionSession::stateText(State state)
{
    switch (state) {
    case State::Closed:
        return QCoreApplication::translate("ConnectionSession", "Closed");
    case State::Connecting:
        return QCoreApplication::translate("ConnectionSession", "Connecting");
    case State::Connected:
        return QCoreApplication::translate("ConnectionSession", "Connected");
    case State::ConnectedReadOnly:
        return QCoreApplication::translate("ConnectionSession", "Connected (read-only server)");
    case State::Disconnected:
        return QCoreApplication::translate("ConnectionSession", "Disconnected");
    case State::Expired:
        return QCoreApplication::translate("ConnectionSession", "Session expired");
    case State::AuthFailed:
        return QCoreApplication::translate("ConnectionSession", "Authentication failed");
    }
    return {};
}

} // namespace zooscope::ui
