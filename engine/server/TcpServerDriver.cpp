#include "TcpServerDriver.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>

#include "CyrusSaslAuthenticator.h"
#include "Log.h"

namespace zooscope::server {

TcpServerDriver::TcpServerDriver(const ServerConfig &config, QObject *parent) : QObject(parent), m_config(config)
{
    auto monotonic = std::make_shared<QElapsedTimer>();
    monotonic->start();
    ServiceCallbacks callbacks{
        [this](ConnectionId id, const QByteArray &bytes) { send(id, bytes); },
        [this](ConnectionId id) { close(id); },
        [](const QString &message) { logInfo(message); },
        [](const QString &message) { logWarning(message); },
        [this](ConnectionId id) {
            // Only bytes already in Qt's buffer need a nudge; the kernel's raise readyRead again.
            QTcpSocket *socket = m_sockets.value(id);
            if (socket && socket->bytesAvailable() > 0)
                QMetaObject::invokeMethod(this, [this, socket, id] { readFrom(socket, id); }, Qt::QueuedConnection);
        },
    };
    ServiceClock clock{[] { return QDateTime::currentMSecsSinceEpoch(); },
                       [monotonic] { return monotonic->elapsed(); }};
    m_service = std::make_unique<ZooKeeperService>(m_config, std::move(callbacks), std::move(clock));
    if (m_config.sasl.enabled())
        m_service->setSaslAuthenticator(std::make_shared<CyrusSaslAuthenticator>(m_config.sasl.digestUsers));
    m_tickTimer.setInterval(std::max(10, m_config.tickTimeMs / 2));
    connect(&m_tickTimer, &QTimer::timeout, this, [this] { m_service->tick(); });
}

TcpServerDriver::~TcpServerDriver()
{
    shutdown();
}

bool TcpServerDriver::listen()
{
    if (m_config.sasl.enabled() && !CyrusSaslAuthenticator::initialize(&m_errorString))
        return false;
    m_server = new QTcpServer(this);
    const QHostAddress address =
        m_config.clientPortAddress.isEmpty() ? QHostAddress(QHostAddress::Any) : QHostAddress(m_config.clientPortAddress);
    if (!m_server->listen(address, quint16(m_config.clientPort))) {
        m_errorString = QStringLiteral("cannot listen on %1:%2: %3")
                            .arg(address.toString())
                            .arg(m_config.clientPort)
                            .arg(m_server->errorString());
        return false;
    }
    connect(m_server, &QTcpServer::newConnection, this, &TcpServerDriver::acceptConnections);
    m_tickTimer.start();
    return true;
}

quint16 TcpServerDriver::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void TcpServerDriver::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        const ConnectionId id = m_nextConnectionId++;
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_sockets.insert(id, socket);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, id] { readFrom(socket, id); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket, id] {
            if (m_sockets.value(id) == socket) {
                m_sockets.remove(id);
                m_service->connectionClosed(id);
            }
            socket->deleteLater();
        });
        m_service->connectionOpened(id, socket->peerAddress(), socket->peerPort());
        if (socket->bytesAvailable() > 0)
            readFrom(socket, id);
    }
}

void TcpServerDriver::readFrom(QTcpSocket *socket, ConnectionId id)
{
    // While the service has too many of this client's requests in flight, leave the bytes in the
    // socket: the kernel's buffers fill and TCP slows the client down.
    while (m_sockets.value(id) == socket && socket->bytesAvailable() > 0 && m_service->wantsInput(id)) {
        const QByteArray bytes = socket->read(256 * 1024);
        m_service->dataReceived(id, bytes.constData(), bytes.size());
    }
}

void TcpServerDriver::send(ConnectionId id, const QByteArray &bytes)
{
    if (QTcpSocket *socket = m_sockets.value(id))
        socket->write(bytes);
}

void TcpServerDriver::close(ConnectionId id)
{
    QTcpSocket *socket = m_sockets.take(id);
    if (!socket)
        return;
    // The service already forgot this connection; flush what it sent, then close.
    socket->disconnectFromHost();
}

void TcpServerDriver::shutdown()
{
    m_tickTimer.stop();
    const auto sockets = m_sockets;
    m_sockets.clear();
    for (auto it = sockets.cbegin(); it != sockets.cend(); ++it) {
        m_service->connectionClosed(it.key());
        it.value()->disconnectFromHost();
    }
    if (m_server)
        m_server->close();
}

} // namespace zooscope::server
