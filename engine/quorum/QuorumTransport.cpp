#include "QuorumTransport.h"

#include "server/TlsHandshake.h"

#include "proto/Jute.h"
#include "server/Log.h"
#include "server/TlsListener.h"

#include <QRandomGenerator>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtEndian>

#include <algorithm>

namespace zooscope::quorum {

namespace {

// Hello: magic, the initiator's id, then the length and text of its "host:port" election address, so a
// member not in our configuration yet (one joining through reconfig) can be reached back.
constexpr char HandshakeMagic[4] = {'Z', 'S', 'Q', '2'};
constexpr qsizetype HandshakeFixedBytes = 4 + 8 + 2;
constexpr qsizetype MaxAddressBytes = 1024;
constexpr int MaxBackoffMs = 1000;

QByteArray encodeNotification(const Notification &notification)
{
    QByteArray bytes;
    proto::JuteWriter writer(bytes);
    writer(notification.leader);
    writer(notification.zxid);
    writer(notification.electionEpoch);
    writer(notification.peerEpoch);
    writer(std::int32_t(notification.state));
    return bytes;
}

std::optional<Notification> decodeNotification(const QByteArray &bytes)
{
    proto::JuteReader reader(bytes);
    Notification notification;
    std::int32_t state = 0;
    reader(notification.leader);
    reader(notification.zxid);
    reader(notification.electionEpoch);
    reader(notification.peerEpoch);
    reader(state);
    if (reader.failed() || !reader.atEnd() || state < 0 || state > int(ServerState::Observing))
        return std::nullopt;
    notification.state = ServerState(state);
    return notification;
}

std::optional<PeerAddress> parsePeerAddress(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = colon > 0 ? text.mid(colon + 1).toUInt(&ok) : 0;
    if (!ok || port == 0 || port > 65535)
        return std::nullopt;
    return PeerAddress{text.left(colon), quint16(port)};
}

} // namespace

QuorumTransport::QuorumTransport(ServerId self, std::map<ServerId, PeerAddress> peers, QObject *parent)
    : QObject(parent)
    , m_self(self)
{
    for (auto &[sid, address] : peers) {
        if (sid == self)
            m_ownAddress = address;
        else
            addPeer(sid, address);
    }
}

void QuorumTransport::addPeer(ServerId sid, const PeerAddress &address)
{
    if (sid == m_self)
        return;
    const bool known = m_links.count(sid) > 0;
    Link &link = m_links[sid];
    link.address = address;
    if (known)
        return;
    link.retryTimer = new QTimer(this);
    link.retryTimer->setSingleShot(true);
    connect(link.retryTimer, &QTimer::timeout, this, [this, peer = sid] { connectTo(peer); });
    if (m_running && initiatesTo(sid))
        connectTo(sid);
}

QuorumTransport::~QuorumTransport()
{
    stop();
}

void QuorumTransport::setTls(const QSslConfiguration &configuration, bool verifyHostName)
{
    m_tls = configuration;
    m_verifyHostName = verifyHostName;
}

bool QuorumTransport::listen(const QHostAddress &address, quint16 port)
{
    if (m_tls) {
        m_server = new server::TlsListener([this](qintptr descriptor) { startServerHandshake(descriptor); }, this);
    } else {
        m_server = new QTcpServer(this);
        connect(m_server, &QTcpServer::newConnection, this, &QuorumTransport::onNewConnection);
    }
    if (!m_server->listen(address, port)) {
        m_error = QStringLiteral("cannot listen for election connections on %1:%2: %3")
                      .arg(address.toString())
                      .arg(port)
                      .arg(m_server->errorString());
        return false;
    }
    return true;
}

void QuorumTransport::start()
{
    m_running = true;
    for (auto &[sid, link] : m_links) {
        if (initiatesTo(sid))
            connectTo(sid);
    }
}

void QuorumTransport::stop()
{
    m_running = false;
    for (auto &[sid, link] : m_links) {
        link.retryTimer->stop();
        if (link.socket) {
            link.socket->disconnect(this);
            link.socket->abort();
            link.socket->deleteLater();
        }
        link.socket = nullptr;
        link.established = false;
    }
    for (auto &[socket, buffer] : m_unidentified) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    m_unidentified.clear();
    if (m_server)
        m_server->close();
}

bool QuorumTransport::isConnected(ServerId peer) const
{
    const auto found = m_links.find(peer);
    return found != m_links.end() && found->second.established;
}

void QuorumTransport::connectTo(ServerId peer)
{
    Link &link = m_links[peer];
    if (!m_running || link.socket || link.blocked)
        return;
    QTcpSocket *socket = nullptr;
    if (m_tls) {
        auto *secure = new QSslSocket(this);
        secure->setSslConfiguration(*m_tls);
        if (!m_verifyHostName) {
            connect(secure, &QSslSocket::sslErrors, this, [secure](const QList<QSslError> &errors) {
                if (std::all_of(errors.cbegin(), errors.cend(),
                                [](const QSslError &error) { return error.error() == QSslError::HostNameMismatch; }))
                    secure->ignoreSslErrors();
            });
        }
        socket = secure;
    } else {
        socket = new QTcpSocket(this);
    }
    link.socket = socket;
    link.established = false;
    link.buffer.clear();
    // With TLS the link starts once the handshake is done, as a plain one once connected.
    auto linkUp = [this, socket, peer] {
        Link &current = m_links[peer];
        if (current.socket != socket)
            return;
        // Only a connected socket takes options; without it Nagle holds small frames back.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        const QByteArray address = (m_ownAddress.host + QLatin1Char(':') + QString::number(m_ownAddress.port)).toUtf8();
        QByteArray hello(HandshakeMagic, 4);
        proto::JuteWriter writer(hello);
        writer(m_self);
        char length[2];
        qToBigEndian<quint16>(quint16(address.size()), length);
        hello.append(length, 2);
        hello.append(address);
        socket->write(hello);
        // A lower id only announces itself: the peer answers by connecting back (see onReadyRead).
        if (!initiatesTo(peer))
            return;
        current.established = true;
        current.backoffMs = 50;
        if (current.waitingNotification) {
            sendFrame(current, Channel::Notification, encodeNotification(*current.waitingNotification));
            current.waitingNotification.reset();
        }
    };
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] { onSocketGone(socket); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket, peer] {
        if (m_tls && !static_cast<QSslSocket *>(socket)->isEncrypted())
            server::logWarning(QStringLiteral("TLS handshake with member %1 failed: %2").arg(peer).arg(socket->errorString()));
        onSocketGone(socket);
    });
    if (m_tls) {
        connect(static_cast<QSslSocket *>(socket), &QSslSocket::encrypted, this, linkUp);
        static_cast<QSslSocket *>(socket)->connectToHostEncrypted(link.address.host, link.address.port);
    } else {
        connect(socket, &QTcpSocket::connected, this, linkUp);
        socket->connectToHost(link.address.host, link.address.port);
    }
}

void QuorumTransport::scheduleReconnect(ServerId peer)
{
    Link &link = m_links[peer];
    if (!m_running || !initiatesTo(peer) || link.retryTimer->isActive() || link.blocked)
        return;
    link.retryTimer->start(link.backoffMs);
    link.backoffMs = std::min(link.backoffMs * 2, MaxBackoffMs);
}

void QuorumTransport::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection())
        acceptSocket(socket);
}

void QuorumTransport::acceptSocket(QTcpSocket *socket)
{
    socket->setParent(this);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_unidentified[socket] = {};
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] { onSocketGone(socket); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket] { onSocketGone(socket); });
    if (socket->bytesAvailable() > 0)
        onReadyRead(socket);
}

void QuorumTransport::startServerHandshake(qintptr socketDescriptor)
{
    // Until the handshake is done the socket is not a link.
    server::startServerHandshake(socketDescriptor,
                                 server::TlsHandshake{*m_tls, 10000, QStringLiteral("quorum peer"),
                                                      [this](QSslSocket *socket) {
                                                          if (!m_server || !m_server->isListening()) { // stopped meanwhile
                                                              socket->abort();
                                                              socket->deleteLater();
                                                              return;
                                                          }
                                                          acceptSocket(socket);
                                                      },
                                                      {}},
                                 this);
}

void QuorumTransport::adopt(ServerId peer, QTcpSocket *socket)
{
    Link &link = m_links[peer];
    // The peer reconnected: its old connection is over, and its core hears so first.
    if (link.socket && link.socket != socket)
        dropLink(peer, true);
    link.socket = socket;
    link.established = true;
    if (link.waitingNotification) {
        sendFrame(link, Channel::Notification, encodeNotification(*link.waitingNotification));
        link.waitingNotification.reset();
    }
}

void QuorumTransport::onReadyRead(QTcpSocket *socket)
{
    if (auto unidentified = m_unidentified.find(socket); unidentified != m_unidentified.end()) {
        unidentified->second += socket->readAll();
        QByteArray &received = unidentified->second;
        if (received.size() < HandshakeFixedBytes)
            return;
        const bool magicOk = received.startsWith(QByteArray(HandshakeMagic, 4));
        const ServerId peer = qFromBigEndian<qint64>(received.constData() + 4);
        const qsizetype addressBytes = qFromBigEndian<quint16>(received.constData() + 12);
        if (magicOk && addressBytes <= MaxAddressBytes && received.size() < HandshakeFixedBytes + addressBytes)
            return;
        const QString address = QString::fromUtf8(received.mid(HandshakeFixedBytes, addressBytes));
        QByteArray rest = received.mid(HandshakeFixedBytes + addressBytes);
        m_unidentified.erase(unidentified);
        const std::optional<PeerAddress> peerAddress = parsePeerAddress(address);
        const bool acceptable = magicOk && addressBytes <= MaxAddressBytes && peerAddress && peer != m_self &&
                                !(m_links.count(peer) && m_links[peer].blocked);
        if (!acceptable || peer < m_self) {
            socket->disconnect(this);
            socket->abort();
            socket->deleteLater();
            // A lower id waits for our connection (ZooKeeper's rule); one we did not know tells us where.
            if (acceptable) {
                if (!m_links.count(peer))
                    addPeer(peer, *peerAddress);
                else if (!m_links[peer].socket)
                    connectTo(peer);
            }
            return;
        }
        if (!m_links.count(peer))
            addPeer(peer, *peerAddress);
        adopt(peer, socket);
        m_links[peer].buffer = std::move(rest);
    } else {
        for (auto &[sid, link] : m_links) {
            if (link.socket == socket) {
                link.buffer += socket->readAll();
                break;
            }
        }
    }
    // Frames, for whichever peer owns this socket.
    for (auto &[peer, link] : m_links) {
        if (link.socket != socket)
            continue;
        const ServerId from = peer;
        qsizetype offset = 0;
        while (link.buffer.size() - offset >= 4) {
            const qint64 length = qFromBigEndian<quint32>(link.buffer.constData() + offset);
            if (length < 1 || length > MaxFrameBytes) {
                dropLink(from, true);
                scheduleReconnect(from);
                return;
            }
            if (link.buffer.size() - offset - 4 < length)
                break;
            const auto channel = Channel(quint8(link.buffer.at(offset + 4)));
            const QByteArray payload = link.buffer.mid(offset + 5, length - 1);
            offset += 4 + length;
            if (channel == Channel::Notification) {
                if (const auto notification = decodeNotification(payload))
                    Q_EMIT notificationReceived(from, *notification);
            } else if (const auto message = decodeZabMessage(payload)) {
                Q_EMIT messageReceived(from, *message);
            } else {
                dropLink(from, true); // a malformed frame ends this connection, not the member
                scheduleReconnect(from);
                return;
            }
            // A handler may have closed this link.
            if (m_links[from].socket != socket)
                return;
        }
        link.buffer.remove(0, offset);
        return;
    }
}

void QuorumTransport::onSocketGone(QTcpSocket *socket)
{
    if (m_unidentified.erase(socket)) {
        socket->deleteLater();
        return;
    }
    for (auto &[peer, link] : m_links) {
        if (link.socket == socket) {
            const ServerId gone = peer;
            dropLink(gone, true);
            scheduleReconnect(gone);
            return;
        }
    }
}

void QuorumTransport::dropLink(ServerId peer, bool report)
{
    Link &link = m_links[peer];
    const bool wasEstablished = link.established;
    if (link.socket) {
        link.socket->disconnect(this);
        link.socket->abort();
        link.socket->deleteLater();
    }
    link.socket = nullptr;
    link.established = false;
    link.buffer.clear();
    if (report && wasEstablished)
        Q_EMIT peerDisconnected(peer);
}

void QuorumTransport::sendFrame(Link &link, Channel channel, const QByteArray &payload)
{
    if (link.blocked)
        return;
    if (channel == Channel::Notification && link.notificationLossPercent > 0 &&
        int(QRandomGenerator::global()->bounded(100)) < link.notificationLossPercent)
        return;
    QByteArray frame;
    frame.reserve(5 + payload.size());
    char header[5];
    qToBigEndian<quint32>(quint32(payload.size() + 1), header);
    header[4] = char(channel);
    frame.append(header, 5);
    frame.append(payload);
    if (link.delayMs > 0) {
        // Held back, in order, on the connection it was sent on.
        QTimer::singleShot(link.delayMs, this, [socket = link.socket, frame] {
            if (socket)
                socket->write(frame);
        });
        return;
    }
    link.socket->write(frame);
}

void QuorumTransport::setPeerFault(ServerId peer, bool blocked, int delayMs, int notificationLossPercent)
{
    auto found = m_links.find(peer);
    if (found == m_links.end())
        return;
    Link &link = found->second;
    const bool wasBlocked = link.blocked;
    link.blocked = blocked;
    link.delayMs = std::max(0, delayMs);
    link.notificationLossPercent = std::clamp(notificationLossPercent, 0, 100);
    if (blocked && !wasBlocked) {
        link.retryTimer->stop();
        dropLink(peer, true);
    } else if (!blocked && wasBlocked && m_running && initiatesTo(peer)) {
        link.backoffMs = 50;
        connectTo(peer);
    }
}

void QuorumTransport::sendNotification(ServerId to, const Notification &notification)
{
    auto found = m_links.find(to);
    if (found == m_links.end())
        return;
    Link &link = found->second;
    if (!link.established) {
        link.waitingNotification = notification;
        if (!link.socket)
            connectTo(to);
        return;
    }
    sendFrame(link, Channel::Notification, encodeNotification(notification));
}

void QuorumTransport::sendMessage(ServerId to, const ZabMessage &message)
{
    auto found = m_links.find(to);
    if (found == m_links.end() || !found->second.established)
        return;
    sendFrame(found->second, Channel::Zab, encodeZabMessage(message));
}

void QuorumTransport::closeConnection(ServerId peer)
{
    if (!m_links.count(peer))
        return;
    // What the core sent last (a leader's final COMMIT before it steps down) still goes out.
    if (QTcpSocket *socket = m_links[peer].socket)
        socket->flush();
    dropLink(peer, true);
    scheduleReconnect(peer);
}

} // namespace zooscope::quorum
