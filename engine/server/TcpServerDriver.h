#pragma once
// Drives a ZooKeeperService with real sockets: a QTcpServer on the client port and a QSslServer on
// the secure client port (either may be off), one socket per client, and a timer for session expiry.
// Both ports feed the same service. Everything runs on the thread that owns this object.

#include "ZooKeeperService.h"

#include <QHash>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>

#include <functional>
#include <memory>

class QSslSocket;
class QTcpServer;
class QTcpSocket;

namespace zooscope::server {

class TcpServerDriver : public QObject
{
    Q_OBJECT

public:
    explicit TcpServerDriver(const ServerConfig &config, QObject *parent = nullptr);
    ~TcpServerDriver() override;

    // Listens on clientPortAddress:clientPort and secureClientPortAddress:secureClientPort (those
    // set); false with errorString() on failure, e.g. a TLS key store that cannot be read.
    bool listen();
    QString errorString() const { return m_errorString; }
    quint16 port() const;       // 0 without a plain client port
    quint16 securePort() const; // 0 without a secure client port
    ZooKeeperService &service() { return *m_service; }
    // Closes every client connection and stops listening.
    void shutdown();
    // Runs each time this thread is about to wait for input, before the replies written since the
    // last wait are flushed: storage commits what the requests of this round produced there.
    void setBeforeWaiting(std::function<void()> beforeWaiting) { m_beforeWaiting = std::move(beforeWaiting); }

private:
    bool listenPlain();
    bool listenSecure();
    void acceptConnections();
    void startHandshake(qintptr socketDescriptor);
    void acceptSecure(QSslSocket *socket);
    void adopt(QTcpSocket *socket, const AuthIds &certificateIds);
    void readFrom(QTcpSocket *socket, ConnectionId id);
    void send(ConnectionId id, const QByteArray &bytes);
    void close(ConnectionId id);
    void beforeWaiting();

    ServerConfig m_config;
    std::unique_ptr<ZooKeeperService> m_service;
    QTcpServer *m_server = nullptr;
    QTcpServer *m_secureServer = nullptr;
    QSslConfiguration m_tlsConfiguration;
    QTimer m_tickTimer;
    QHash<ConnectionId, QTcpSocket *> m_sockets;
    ConnectionId m_nextConnectionId = 1;
    QString m_errorString;
    std::function<void()> m_beforeWaiting;
    // Sockets written to since the thread last waited: flushed once per round, not once per reply,
    // and without the extra poll Qt's write notifier would take.
    QList<ConnectionId> m_unflushed;
};

} // namespace zooscope::server
