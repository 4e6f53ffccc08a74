// QuorumTransport on real loopback sockets: who connects, in-order delivery on both channels, breaks
// reported once and before the successor's traffic, reconnection, fault injection, and bad input
// (a stranger, a malformed or oversized frame) closing one connection without harm.

#include "proto/Jute.h"
#include "quorum/QuorumTransport.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

using namespace zooscope::quorum;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

// One member's transport plus what it received.
struct Endpoint
{
    std::unique_ptr<QuorumTransport> transport;
    std::vector<std::pair<ServerId, Notification>> notifications;
    std::vector<std::pair<ServerId, ZabMessage>> messages;
    std::vector<ServerId> disconnects;
};

class Pair
{
public:
    Pair()
    {
        const std::map<ServerId, PeerAddress> peers{{1, {QStringLiteral("127.0.0.1"), freePort()}},
                                                    {2, {QStringLiteral("127.0.0.1"), freePort()}}};
        for (ServerId sid : {ServerId(1), ServerId(2)}) {
            Endpoint &endpoint = m_endpoints[sid];
            endpoint.transport = std::make_unique<QuorumTransport>(sid, peers);
            QObject::connect(endpoint.transport.get(), &QuorumTransport::notificationReceived,
                             [&endpoint](ServerId from, const Notification &n) { endpoint.notifications.emplace_back(from, n); });
            QObject::connect(endpoint.transport.get(), &QuorumTransport::messageReceived,
                             [&endpoint](ServerId from, const ZabMessage &m) { endpoint.messages.emplace_back(from, m); });
            QObject::connect(endpoint.transport.get(), &QuorumTransport::peerDisconnected,
                             [&endpoint](ServerId peer) { endpoint.disconnects.push_back(peer); });
            m_ok = m_ok && endpoint.transport->listen(QHostAddress::LocalHost, peers.at(sid).port);
        }
        m_lowPort = peers.at(1).port;
    }
    bool listening() const { return m_ok; }
    void start()
    {
        for (auto &[sid, endpoint] : m_endpoints)
            endpoint.transport->start();
    }
    Endpoint &operator[](ServerId sid) { return m_endpoints[sid]; }
    quint16 lowPort() const { return m_lowPort; }

private:
    std::map<ServerId, Endpoint> m_endpoints;
    bool m_ok = true;
    quint16 m_lowPort = 0;
};

QByteArray frame(quint8 channel, const QByteArray &payload)
{
    QByteArray bytes(5, '\0');
    qToBigEndian<quint32>(quint32(payload.size() + 1), bytes.data());
    bytes[4] = char(channel);
    return bytes + payload;
}

QByteArray hello(ServerId sid, const QByteArray &address = "127.0.0.1:1")
{
    QByteArray bytes("ZSQ2");
    zooscope::proto::JuteWriter writer(bytes);
    writer(std::int64_t(sid));
    char length[2];
    qToBigEndian<quint16>(quint16(address.size()), length);
    return bytes + QByteArray(length, 2) + address;
}

// A transport of its own (not part of a Pair) listening on a free port, recording what it receives.
std::unique_ptr<Endpoint> member(ServerId self, std::map<ServerId, PeerAddress> peers)
{
    auto endpoint = std::make_unique<Endpoint>();
    endpoint->transport = std::make_unique<QuorumTransport>(self, peers);
    Endpoint *raw = endpoint.get();
    QObject::connect(raw->transport.get(), &QuorumTransport::messageReceived,
                     [raw](ServerId from, const ZabMessage &m) { raw->messages.emplace_back(from, m); });
    if (!raw->transport->listen(QHostAddress::LocalHost, peers.at(self).port))
        return nullptr;
    raw->transport->start();
    return endpoint;
}

} // namespace

class TestQuorumTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deliversBothChannelsInOrder()
    {
        Pair pair;
        QVERIFY(pair.listening());
        pair.start();
        QTRY_VERIFY2(pair[2].transport->isConnected(1) && pair[1].transport->isConnected(2),
                     "member 2 (the higher id) should connect to member 1");
        for (int i = 0; i < 100; ++i)
            pair[1].transport->sendMessage(2, ZabMessage{ZabType::Proposal, Zxid(i + 1), 1, false, QByteArray(i, 'x')});
        pair[2].transport->sendNotification(1, Notification{2, 7, 3, 1, ServerState::Looking});
        QTRY_COMPARE(pair[2].messages.size(), std::size_t(100));
        for (int i = 0; i < 100; ++i) {
            QCOMPARE(pair[2].messages[i].first, ServerId(1));
            QCOMPARE(pair[2].messages[i].second.zxid, Zxid(i + 1));
            QCOMPARE(pair[2].messages[i].second.payload.size(), qsizetype(i));
        }
        QTRY_COMPARE(pair[1].notifications.size(), std::size_t(1));
        QCOMPARE(pair[1].notifications[0].second, (Notification{2, 7, 3, 1, ServerState::Looking}));
    }

    void notificationWaitsForTheConnection()
    {
        Pair pair;
        QVERIFY(pair.listening());
        // Sent before anyone connected: it goes once the link is up.
        pair[1].transport->sendNotification(2, Notification{1, 0, 1, 0, ServerState::Looking});
        pair.start();
        QTRY_COMPARE(pair[2].notifications.size(), std::size_t(1));
    }

    void closingReportsOnceOnBothSidesAndReconnects()
    {
        Pair pair;
        QVERIFY(pair.listening());
        pair.start();
        QTRY_VERIFY(pair[1].transport->isConnected(2) && pair[2].transport->isConnected(1));
        pair[1].transport->closeConnection(2);
        QTRY_COMPARE(pair[2].disconnects, std::vector<ServerId>{1});
        QCOMPARE(pair[1].disconnects, std::vector<ServerId>{2});
        // The higher id reconnects by itself, and traffic flows again.
        QTRY_VERIFY(pair[1].transport->isConnected(2) && pair[2].transport->isConnected(1));
        pair[2].transport->sendMessage(1, ZabMessage{ZabType::Ack, 5, 1, false, {}});
        QTRY_COMPARE(pair[1].messages.size(), std::size_t(1));
        QCOMPARE(pair[1].disconnects.size(), std::size_t(1));
    }

    void blockedPeerGetsNothingUntilUnblocked()
    {
        Pair pair;
        QVERIFY(pair.listening());
        pair.start();
        QTRY_VERIFY(pair[2].transport->isConnected(1));
        pair[2].transport->setPeerFault(1, true, 0, 0);
        QTRY_COMPARE(pair[1].disconnects, std::vector<ServerId>{2});
        pair[2].transport->sendMessage(1, ZabMessage{ZabType::Ping, 0, 1, false, {}});
        QTest::qWait(300); // a blocked link must stay quiet: nothing to wait for but time
        QVERIFY2(pair[1].messages.empty(), "nothing crosses a blocked link");
        QVERIFY(!pair[2].transport->isConnected(1));
        pair[2].transport->setPeerFault(1, false, 0, 0);
        QTRY_VERIFY(pair[2].transport->isConnected(1) && pair[1].transport->isConnected(2));
    }

    void badInputClosesOnlyThatConnection_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("not a member, no address to reach it") << hello(9, "") + frame(1, "x");
        QTest::newRow("address without a port") << hello(9, "127.0.0.1") + frame(1, "x");
        QTest::newRow("a lower id must not connect") << hello(0) + frame(1, "x");
        QTest::newRow("wrong magic") << QByteArray("XXXX") + QByteArray(10, '\0');
        QTest::newRow("the old hello without an address") << QByteArray("ZSQ1") + QByteArray(7, '\0') + "\x02" + frame(1, "x");
        QTest::newRow("malformed ZAB message") << hello(2) + frame(1, "\x01\x02");
        QTest::newRow("frame above the limit") << hello(2) + QByteArray("\x7f\xff\xff\xff\x01", 5);
        QTest::newRow("empty frame") << hello(2) + QByteArray("\x00\x00\x00\x00", 4);
    }

    void badInputClosesOnlyThatConnection()
    {
        QFETCH(QByteArray, bytes);
        Pair pair;
        QVERIFY(pair.listening());
        // Only member 1 runs; a stranger speaks to its election port.
        pair[1].transport->start();
        QTcpSocket stranger;
        stranger.connectToHost(QHostAddress::LocalHost, pair.lowPort());
        QVERIFY(stranger.waitForConnected(5000));
        stranger.write(bytes);
        QTRY_COMPARE_WITH_TIMEOUT(stranger.state(), QAbstractSocket::UnconnectedState, 5000);
        QVERIFY2(pair[1].messages.empty(), "nothing from a bad connection reaches the peer core");
        // The member still accepts its real peer afterwards.
        pair[2].transport->start();
        QTRY_VERIFY(pair[1].transport->isConnected(2));
    }

    // Reconfiguration adds members the others' configuration does not list: the hello says where they are.
    void aMemberNotConfiguredYetIsLearnedFromItsHello_data()
    {
        QTest::addColumn<ServerId>("joiner");
        QTest::addColumn<ServerId>("existing");
        QTest::newRow("the joiner has the higher id and connects") << ServerId(5) << ServerId(3);
        QTest::newRow("the joiner has the lower id and is connected back") << ServerId(3) << ServerId(5);
    }

    void aMemberNotConfiguredYetIsLearnedFromItsHello()
    {
        QFETCH(ServerId, joiner);
        QFETCH(ServerId, existing);
        const PeerAddress joinerAddress{QStringLiteral("127.0.0.1"), freePort()};
        const PeerAddress existingAddress{QStringLiteral("127.0.0.1"), freePort()};
        // The existing member knows only itself; the joiner knows both.
        auto existingMember = member(existing, {{existing, existingAddress}});
        auto joiningMember = member(joiner, {{existing, existingAddress}, {joiner, joinerAddress}});
        QVERIFY2(existingMember && joiningMember, "both transports should listen on free ports");
        joiningMember->transport->sendNotification(existing, Notification{joiner, 0, 1, 0, ServerState::Looking});
        QTRY_VERIFY2(existingMember->transport->isConnected(joiner),
                     "the existing member should learn the joiner from its hello and be connected to it");
        existingMember->transport->sendMessage(joiner, ZabMessage{ZabType::Ping, 7, 1, false, {}});
        QTRY_COMPARE(joiningMember->messages.size(), std::size_t(1));
        QCOMPARE(joiningMember->messages[0].first, existing);
        QCOMPARE(joiningMember->messages[0].second.zxid, Zxid(7));
    }
};

QTEST_GUILESS_MAIN(TestQuorumTransport)
#include "tst_quorum_transport.moc"
