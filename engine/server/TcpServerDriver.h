#pragma once
// Drives a ZooKeeperService with real sockets: a QTcpServer on the client port, one QTcpSocket per
// client, and a timer for session expiry. Everything runs on the thread that owns this object.

#include "ZooKeeperService.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

class QTcpServer;
class QTcpSocket;

namespace zooscope::server {

class TcpServerDriver : public QObject
{
    Q_OBJECT

public:
    explicit TcpServerDriver(const ServerConfig &config, QObject *parent = nullptr);
    ~TcpServerDriver() override;

    // Listens on clientPortAddress:clientPort; false with errorString() on failure.
    bool listen();
    QString errorString() const { return m_errorString; }
    quint16 port() const;
    ZooKeeperService &service() { return *m_service; }
    // Closes every client connection and stops listening.
    void shutdown();

private:
    void acceptConnections();
    void readFrom(QTcpSocket *socket, ConnectionId id);
    void send(ConnectionId id, const QByteArray &bytes);
    void close(ConnectionId id);

    ServerConfig m_config;
    std::unique_ptr<ZooKeeperService> m_service;
    QTcpServer *m_server = nullptr;
    QTimer m_tickTimer;
    QHash<ConnectionId, QTcpSocket *> m_sockets;
    ConnectionId m_nextConnectionId = 1;
    QString m_errorString;
};

} // namespace zooscope::server
