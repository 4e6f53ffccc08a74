#pragma once
// One open connection of the studio: the profile and the ZooKeeperClient that serves it. Widgets of
// a connection tab share it; it reports state changes (with translated names) and reconnections.

#include "ConnectionProfile.h"

#include "client/ZooKeeperClient.h"

#include <QHash>
#include <QObject>

#include <optional>

namespace zooscope::ui {

class ConnectionSession : public QObject
{
    Q_OBJECT

public:
    using State = client::ZooKeeperClient::State;

    explicit ConnectionSession(const ConnectionProfile &profile, QObject *parent = nullptr);

    // Starts (or restarts, after expiry) the session. False with errorString() for a bad connect string.
    bool open();
    void close();

    client::ZooKeeperClient *client() const { return m_client; }
    const ConnectionProfile &profile() const { return m_profile; }
    QString name() const { return m_profile.name; }
    bool isReadOnly() const { return m_profile.readOnly; }
    bool isConnected() const { return m_client->isConnected(); }
    QString errorString() const { return m_client->errorString(); }

    static QString stateText(State state);

    // The last data read of nodes this connection holds a data watch on (the inspector's node), so that
    // the watch event log can show the data before a NodeDataChanged. At most MaxWatchedData nodes.
    static constexpr int MaxWatchedData = 64;
    void rememberWatchedData(const QString &path, const QByteArray &data);
    std::optional<QByteArray> watchedData(const QString &path) const;
    void forgetWatchedData(const QString &path);

Q_SIGNALS:
    void stateChanged(zooscope::client::ZooKeeperClient::State state);
    // A session is up again after a disconnection or a new session replaced an expired one.
    void reconnected();

private:
    void onStateChanged(State state);

    ConnectionProfile m_profile;
    client::ZooKeeperClient *m_client = nullptr;
    bool m_wasConnected = false;
    QHash<QString, QByteArray> m_watchedData;
};

} // namespace zooscope::ui
