#include "TcpServerDriver.h"

#include "TlsHandshake.h"

#include <QAbstractEventDispatcher>
#include <QDateTime>
#include <QElapsedTimer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

#include "CyrusSaslAuthenticator.h"
#include <algorithm>
#include <utility>

#include "Authentication.h"
#include "Log.h"
#include "TlsListener.h"
#include "TlsStores.h"
#include "X500Name.h"

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
        m_service->setSaslAuthenticator(std::make_shared<CyrusSaslAuthenticator>(m_config.sasl));
    m_tickTimer.setInterval(std::max(10, m_config.tickTimeMs / 2));
    connect(&m_tickTimer, &QTimer::timeout, this, [this] { m_service->tick(); });
}

TcpServerDriver::~TcpServerDriver()
{
    shutdown();
}

namespace {

QHostAddress bindAddress(const QString &configured)
{
    return configured.isEmpty() ? QHostAddress(QHostAddress::Any) : QHostAddress(configured);
}

} // namespace

bool TcpServerDriver::listen()
{
    if (m_config.sasl.enabled() && !CyrusSaslAuthenticator::initialize(m_config.sasl, &m_errorString))
        return false;
    if (m_config.clientPort < 0 && m_config.secureClientPort < 0) {
        m_errorString = QStringLiteral("Neither clientPort nor secureClientPort is set");
        return false;
    }
    if (m_config.clientPort >= 0 && !listenPlain())
        return false;
    if (m_config.secureClientPort >= 0 && !listenSecure())
        return false;
    if (QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance(thread()))
        connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, &TcpServerDriver::beforeWaiting);
    m_tickTimer.start();
    return true;
}

bool TcpServerDriver::listenPlain()
{
    m_server = new QTcpServer(this);
    const QHostAddress address = bindAddress(m_config.clientPortAddress);
    if (!m_server->listen(address, quint16(m_config.clientPort))) {
        m_errorString = QStringLiteral("cannot listen on %1:%2: %3")
                            .arg(address.toString())
                            .arg(m_config.clientPort)
                            .arg(m_server->errorString());
        return false;
    }
    connect(m_server, &QTcpServer::newConnection, this, &TcpServerDriver::acceptConnections);
    return true;
}

bool TcpServerDriver::listenSecure()
{
    QString error;
    const std::optional<QSslConfiguration> tls = serverTlsConfiguration(m_config.tls, &error);
    if (!tls) {
        m_errorString = error;
        return false;
    }
    m_tlsConfiguration = *tls;
    m_secureServer = new TlsListener([this](qintptr descriptor) { startHandshake(descriptor); }, this);
    const QHostAddress address = bindAddress(m_config.secureClientPortAddress);
    if (!m_secureServer->listen(address, quint16(m_config.secureClientPort))) {
        m_errorString = QStringLiteral("cannot listen on %1:%2 (secureClientPort): %3")
                            .arg(address.toString())
                            .arg(m_config.secureClientPort)
                            .arg(m_secureServer->errorString());
        return false;
    }
    return true;
}

void TcpServerDriver::startHandshake(qintptr socketDescriptor)
{
    TlsHandshake handshake{m_tlsConfiguration, m_config.tls.handshakeTimeoutMs, QStringLiteral("client"),
                           [this](QSslSocket *socket) { acceptSecure(socket); }, {}};
    // ssl.clientAuth=want: a client without a certificate is let in, one with a bad certificate is not.
    if (m_config.tls.clientAuth == TlsClientAuth::Want) {
        handshake.sslErrors = [](QSslSocket *socket, const QList<QSslError> &errors) {
            if (std::all_of(errors.cbegin(), errors.cend(),
                            [](const QSslError &error) { return error.error() == QSslError::NoPeerCertificate; }))
                socket->ignoreSslErrors();
        };
    }
    startServerHandshake(socketDescriptor, handshake, this);
}

quint16 TcpServerDriver::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

quint16 TcpServerDriver::securePort() const
{
    return m_secureServer ? m_secureServer->serverPort() : 0;
}

void TcpServerDriver::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection())
        adopt(socket, {});
}

void TcpServerDriver::acceptSecure(QSslSocket *socket)
{
    AuthIds certificateIds;
    const QSslCertificate certificate = socket->peerCertificate();
    // The handshake verified it (VerifyPeer) unless ssl.clientAuth=none, where none is asked for.
    if (!certificate.isNull() && m_config.tls.clientAuth != TlsClientAuth::None) {
        if (const auto subject = rfc2253SubjectOfCertificate(certificate.toDer())) {
            certificateIds = certificateAuthIds(*subject, m_config.x509SuperUser);
            logInfo(QStringLiteral("Authenticated Id '%1' for scheme 'x509'").arg(QString::fromUtf8(*subject)));
        }
    }
    adopt(socket, certificateIds);
}

void TcpServerDriver::adopt(QTcpSocket *socket, const AuthIds &certificateIds)
{
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
    m_service->connectionOpened(id, socket->peerAddress(), socket->peerPort(), certificateIds);
    if (socket->bytesAvailable() > 0)
        readFrom(socket, id);
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
    if (QTcpSocket *socket = m_sockets.value(id)) {
        if (socket->bytesToWrite() == 0)
            m_unflushed.append(id);
        socket->write(bytes);
    }
}

void TcpServerDriver::beforeWaiting()
{
    if (m_beforeWaiting)
        m_beforeWaiting();
    const QList<ConnectionId> unflushed = std::exchange(m_unflushed, {});
    for (const ConnectionId id : unflushed) {
        if (QTcpSocket *socket = m_sockets.value(id))
            socket->flush();
    }
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
    if (m_secureServer)
        m_secureServer->close();
}

} // namespace zooscope::server
