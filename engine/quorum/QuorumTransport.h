#pragma once
// The quorum links of one member over Qt TCP: one connection per pair of members, as ZooKeeper's
// QuorumCnxManager keeps one. The member with the higher id connects (a connection from a lower id
// is refused, and answered by connecting back to the address its hello names — so a member can join
// that the others' configuration does not list yet), reconnecting with back-off; both election notifications and ZAB messages travel on
// it, in order. A frame is a 4-byte length, a channel byte and the message; frames above the size
// limit close the connection. A broken connection is reported once, before anything that arrives
// on its successor, so a peer core never mixes two connections. With sslQuorum every link is TLS
// with certificates checked at both ends (one configuration serves both roles).

#include "Vote.h"
#include "ZabMessage.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>

#include <map>

class QTcpServer;
class QTcpSocket;

namespace zooscope::quorum {

struct PeerAddress
{
    QString host;
    quint16 port = 0; // the member's election port
};

class QuorumTransport : public QObject
{
    Q_OBJECT

public:
    QuorumTransport(ServerId self, std::map<ServerId, PeerAddress> peers, QObject *parent = nullptr);
    ~QuorumTransport() override;

    // sslQuorum: call before listen(). `verifyHostName`: the peer's certificate must name the host
    // of its server.N line (ssl.quorum.hostnameVerification).
    void setTls(const QSslConfiguration &configuration, bool verifyHostName);
    bool listen(const QHostAddress &address, quint16 port);
    QString errorString() const { return m_error; }
    // Starts connecting to every peer we initiate to.
    void start();
    // A member added by reconfiguration (or a new address for a known one).
    void addPeer(ServerId sid, const PeerAddress &address);
    void stop();

    // While a peer is unreachable its latest notification waits and goes once connected; ZAB
    // messages are dropped (the peer core learned about the break through peerDisconnected).
    void sendNotification(ServerId to, const Notification &notification);
    void sendMessage(ServerId to, const ZabMessage &message);
    void closeConnection(ServerId peer);
    bool isConnected(ServerId peer) const;

    // Fault injection (the in-app ensemble). A blocked peer gets nothing from us and its connection
    // is closed and refused until unblocked (TCP cannot carry one direction only); a delay holds every
    // frame to it that long; a loss percentage drops election notifications to it (ZAB's stream is
    // TCP and does not lose).
    void setPeerFault(ServerId peer, bool blocked, int delayMs, int notificationLossPercent);

    static constexpr qint64 MaxFrameBytes = qint64(1) << 30;

Q_SIGNALS:
    void notificationReceived(zooscope::quorum::ServerId from, const zooscope::quorum::Notification &notification);
    void messageReceived(zooscope::quorum::ServerId from, const zooscope::quorum::ZabMessage &message);
    void peerDisconnected(zooscope::quorum::ServerId peer);

private:
    enum class Channel : quint8 { Notification = 0, Zab = 1 };
    struct Link
    {
        PeerAddress address;
        QPointer<QTcpSocket> socket;
        bool established = false; // handshake done
        QByteArray buffer;
        std::optional<Notification> waitingNotification;
        int backoffMs = 50;
        QTimer *retryTimer = nullptr;
        bool blocked = false;
        int delayMs = 0;
        int notificationLossPercent = 0;
    };

    bool initiatesTo(ServerId peer) const { return m_self > peer; }
    void connectTo(ServerId peer);
    void scheduleReconnect(ServerId peer);
    void onNewConnection();
    void acceptSocket(QTcpSocket *socket);
    void startServerHandshake(qintptr socketDescriptor);
    void adopt(ServerId peer, QTcpSocket *socket);
    void onReadyRead(QTcpSocket *socket);
    void onSocketGone(QTcpSocket *socket);
    void sendFrame(Link &link, Channel channel, const QByteArray &payload);
    void dropLink(ServerId peer, bool report);

    ServerId m_self;
    PeerAddress m_ownAddress; // told to the peers we connect to
    std::map<ServerId, Link> m_links;
    QTcpServer *m_server = nullptr;
    // Accepted sockets whose peer has not said who it is yet.
    std::map<QTcpSocket *, QByteArray> m_unidentified;
    bool m_running = false;
    QString m_error;
    std::optional<QSslConfiguration> m_tls;
    bool m_verifyHostName = true;
};

} // namespace zooscope::quorum
