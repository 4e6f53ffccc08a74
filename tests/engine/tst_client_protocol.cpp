// ZooKeeperClient against a scripted server in the test: the wire format of the handshake, xid
// matching, reconnect with setWatches and auth, expiry, pings, close, bad input from the server,
// and the pieces below it (connect strings, chroot paths, framing, the watch registry, 4lw).

#include "client/ConnectString.h"
#include "client/FourLetterWord.h"
#include "client/FrameDecoder.h"
#include "client/WatchRegistry.h"
#include "client/ZooKeeperClient.h"
#include "proto/OpCode.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace zooscope;
using namespace zooscope::client;
using proto::JuteReader;
using proto::JuteWriter;
namespace OpCode = proto::OpCode;

// Failure messages name error codes and events instead of printing numbers.
namespace zooscope::proto {
char *toString(ErrorCode code)
{
    return qstrdup(client::errorText(code).toUtf8().constData());
}
} // namespace zooscope::proto
namespace zooscope::client {
char *toString(const WatchEvent &event)
{
    return qstrdup(QStringLiteral("%1 %2 %3")
                       .arg(QString::fromLatin1(QMetaEnum::fromType<WatchEvent::Type>().valueToKey(int(event.type))),
                            QString::fromLatin1(QMetaEnum::fromType<WatchEvent::State>().valueToKey(int(event.state))),
                            event.path)
                       .toUtf8()
                       .constData());
}
} // namespace zooscope::client

namespace {
// One request as the scripted server saw it.
struct Request
{
    proto::RequestHeader header;
    QByteArray body;
};

Request parseRequest(const QByteArray &frame)
{
    Request request;
    JuteReader reader(frame);
    reader(request.header);
    request.body = frame.mid(8);
    return request;
}

template <typename Record> Record decode(const QByteArray &bytes)
{
    Record record;
    if (!proto::deserialize(bytes, record))
        qWarning("could not decode a %s", typeid(Record).name());
    return record;
}

QByteArray connectResponse(std::int32_t timeout, std::int64_t sessionId, const QByteArray &password,
                           std::optional<bool> readOnly = false)
{
    QByteArray bytes = proto::serialize(proto::ConnectResponse{0, timeout, sessionId, password});
    if (readOnly) {
        JuteWriter writer(bytes);
        writer(*readOnly);
    }
    return bytes;
}

template <typename Body> QByteArray reply(std::int32_t xid, std::int64_t zxid, proto::ErrorCode error, const Body &body)
{
    return proto::serialize(proto::ReplyHeader{xid, zxid, std::int32_t(error)}) + proto::serialize(body);
}

QByteArray reply(std::int32_t xid, std::int64_t zxid, proto::ErrorCode error)
{
    return proto::serialize(proto::ReplyHeader{xid, zxid, std::int32_t(error)});
}

const QByteArray Password = QByteArray(16, 'p');
constexpr std::int64_t SessionId = 0x1000abcdLL;

// A server that records every frame per connection and answers only what the test tells it to.
class ScriptedServer : public QObject
{
public:
    struct Connection
    {
        QTcpSocket *socket = nullptr;
        FrameDecoder decoder{64 * 1024 * 1024};
        QList<QByteArray> frames;
        bool closedByPeer = false;
    };

    ScriptedServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto connection = std::make_shared<Connection>();
                connection->socket = socket;
                m_connections.append(connection);
                connect(socket, &QTcpSocket::readyRead, this, [connection] {
                    connection->decoder.append(connection->socket->readAll());
                    QByteArray frame;
                    while (connection->decoder.next(&frame) == FrameDecoder::Status::Frame)
                        connection->frames.append(frame);
                });
                connect(socket, &QTcpSocket::disconnected, this, [connection] { connection->closedByPeer = true; });
            }
        });
    }

    quint16 port() const { return m_server.serverPort(); }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(port()); }
    int connectionCount() const { return int(m_connections.size()); }
    Connection &connection(int index) { return *m_connections.at(index); }
    QList<QByteArray> frames(int index) const
    {
        return index < m_connections.size() ? m_connections.at(index)->frames : QList<QByteArray>();
    }
    // Waits until connection `index` has sent at least `count` frames.
    bool waitForFrames(int index, int count, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return frames(index).size() >= count; }, timeoutMs);
    }
    void send(int index, const QByteArray &payload) { connection(index).socket->write(FrameDecoder::frame(payload)); }
    void sendRaw(int index, const QByteArray &bytes) { connection(index).socket->write(bytes); }
    void drop(int index) { connection(index).socket->abort(); }

    // Answers the handshake of connection `index`.
    bool acceptSession(int index, std::int32_t timeout = 30000, std::optional<bool> readOnly = false)
    {
        if (!waitForFrames(index, 1))
            return false;
        send(index, connectResponse(timeout, SessionId, Password, readOnly));
        return true;
    }

private:
    QTcpServer m_server;
    QList<std::shared_ptr<Connection>> m_connections;
};

// Collects the outcome of one call.
template <typename T> struct Outcome
{
    std::shared_ptr<std::optional<Result<T>>> value = std::make_shared<std::optional<Result<T>>>();
    Callback<T> callback()
    {
        return [value = value](const Result<T> &result) { *value = result; };
    }
    bool wait(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return value->has_value(); }, timeoutMs);
    }
    ErrorCode error() const { return value->has_value() ? (*value)->error : ErrorCode::SystemError; }
};

ClientOptions fixedOrder()
{
    ClientOptions options;
    options.shuffleHosts = false;
    return options;
}
} // namespace

class TestClientProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesConnectStrings_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("servers");
        QTest::addColumn<QString>("chroot");
        QTest::newRow("one server") << "127.0.0.1:2181" << QStringList{"127.0.0.1:2181"} << QString();
        QTest::newRow("several with chroot") << "a:1, b:2,c:3/app/x" << QStringList{"a:1", "b:2", "c:3"} << "/app/x";
        QTest::newRow("default port") << "zk.example" << QStringList{"zk.example:2181"} << QString();
        QTest::newRow("bracketed IPv6") << "[::1]:2182,[fe80::1]" << QStringList{"[::1]:2182", "[fe80::1]:2181"}
                                        << QString();
        QTest::newRow("root chroot is none") << "h:1/" << QStringList{"h:1"} << QString();
    }
    void parsesConnectStrings()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, servers);
        QFETCH(QString, chroot);
        QString error;
        const std::optional<ConnectString> parsed = ConnectString::parse(text, &error);
        QVERIFY2(parsed, qPrintable(QStringLiteral("\"%1\" should parse, got: %2").arg(text, error)));
        QStringList actual;
        for (const ServerAddress &server : parsed->servers())
            actual.append(server.toString());
        QCOMPARE(actual, servers);
        QCOMPARE(parsed->chroot(), chroot);
    }

    void rejectsMalformedConnectStrings_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << ""
                               << "no server";
        QTest::newRow("port zero") << "h:0"
                                   << "invalid port";
        QTest::newRow("port too big") << "h:70000"
                                      << "invalid port";
        QTest::newRow("port not a number") << "h:x"
                                           << "invalid port";
        QTest::newRow("empty entry") << "h:1,,h:2"
                                     << "empty server entry";
        QTest::newRow("chroot with trailing slash") << "h:1/app/"
                                                    << "invalid chroot";
        QTest::newRow("relative chroot segment") << "h:1/app/../x"
                                                 << "invalid chroot";
        QTest::newRow("unclosed bracket") << "[::1:2181"
                                          << "missing ']'";
        QTest::newRow("no host") << ":2181"
                                 << "missing host";
    }
    void rejectsMalformedConnectStrings()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        QString error;
        QVERIFY2(!ConnectString::parse(text, &error), qPrintable(QStringLiteral("\"%1\" must be refused").arg(text)));
        QVERIFY2(error.contains(reason),
                 qPrintable(QStringLiteral("expected a reason containing \"%1\", got \"%2\"").arg(reason, error)));

        ZooKeeperClient client;
        QVERIFY2(!client.open(text), "open() must refuse a malformed connect string");
        QVERIFY2(client.errorString().contains(reason), qPrintable(client.errorString()));
        QCOMPARE(client.state(), ZooKeeperClient::State::Closed);
    }

    void mapsPathsThroughTheChroot_data()
    {
        QTest::addColumn<QString>("clientPath");
        QTest::addColumn<QByteArray>("serverPath");
        QTest::newRow("root is the chroot") << "/" << QByteArray("/app");
        QTest::newRow("child") << "/a" << QByteArray("/app/a");
        QTest::newRow("deep") << "/a/b/c" << QByteArray("/app/a/b/c");
    }
    void mapsPathsThroughTheChroot()
    {
        QFETCH(QString, clientPath);
        QFETCH(QByteArray, serverPath);
        const ConnectString connectString = *ConnectString::parse("h:1/app");
        QCOMPARE(connectString.toServerPath(clientPath), serverPath);
        QCOMPARE(connectString.toClientPath(serverPath), std::optional<QString>(clientPath));
    }

    void pathsOutsideTheChrootAreNotMapped()
    {
        const ConnectString connectString = *ConnectString::parse("h:1/app");
        QVERIFY2(!connectString.toClientPath("/apple/x"), "\"/apple/x\" is not below chroot \"/app\"");
        QVERIFY2(!connectString.toClientPath("/"), "\"/\" is above chroot \"/app\"");
        const ConnectString plain = *ConnectString::parse("h:1");
        QCOMPARE(plain.toClientPath("/apple/x"), std::optional<QString>("/apple/x"));
    }

    void framesAreSplitAcrossReads()
    {
        FrameDecoder decoder(100);
        const QByteArray stream = FrameDecoder::frame("first") + FrameDecoder::frame("") + FrameDecoder::frame("third");
        QList<QByteArray> frames;
        // Byte by byte: the worst a socket can do.
        for (char byte : stream) {
            decoder.append(QByteArray(1, byte));
            QByteArray frame;
            while (decoder.next(&frame) == FrameDecoder::Status::Frame)
                frames.append(frame);
        }
        QCOMPARE(frames, (QList<QByteArray>{"first", "", "third"}));
    }

    void framesBeyondTheLimitAreErrors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("one past jute.maxbuffer") << QByteArray("\x00\x10\x00\x00", 4);
        QTest::newRow("negative length") << QByteArray("\xff\xff\xff\xfe", 4);
        QTest::newRow("int max") << QByteArray("\x7f\xff\xff\xff", 4);
    }
    void framesBeyondTheLimitAreErrors()
    {
        QFETCH(QByteArray, bytes);
        FrameDecoder decoder(0xfffff);
        decoder.append(bytes);
        QByteArray frame;
        QCOMPARE(decoder.next(&frame), FrameDecoder::Status::Error);
        QVERIFY2(decoder.errorString().contains("out of range"), qPrintable(decoder.errorString()));
        decoder.append(FrameDecoder::frame("later"));
        QCOMPARE(decoder.next(&frame), FrameDecoder::Status::Error); // the stream stays untrusted
        decoder.reset();
        decoder.append(FrameDecoder::frame("fresh"));
        QCOMPARE(decoder.next(&frame), FrameDecoder::Status::Frame);
        QCOMPARE(frame, QByteArray("fresh"));
    }

    void watchEventsConsumeOneTimeWatches()
    {
        WatchRegistry registry;
        registry.add(WatchRegistry::Kind::Data, "/a");
        registry.add(WatchRegistry::Kind::Exist, "/b");
        registry.add(WatchRegistry::Kind::Child, "/a");
        registry.add(WatchRegistry::Kind::PersistentRecursive, "/a");
        registry.consume({WatchEvent::Type::NodeDataChanged, WatchEvent::State::SyncConnected, "/a"});
        QVERIFY2(!registry.contains(WatchRegistry::Kind::Data, "/a"), "a data change consumes the data watch");
        QVERIFY2(registry.contains(WatchRegistry::Kind::Child, "/a"), "a data change leaves the child watch");
        QVERIFY2(registry.contains(WatchRegistry::Kind::PersistentRecursive, "/a"), "persistent watches stay");
        registry.consume({WatchEvent::Type::NodeCreated, WatchEvent::State::SyncConnected, "/b"});
        QVERIFY2(!registry.contains(WatchRegistry::Kind::Exist, "/b"), "a creation consumes the exists watch");
        registry.consume({WatchEvent::Type::NodeDeleted, WatchEvent::State::SyncConnected, "/a"});
        QVERIFY2(!registry.contains(WatchRegistry::Kind::Child, "/a"), "a deletion consumes the child watch");
        QVERIFY2(!registry.isEmpty(), "only the recursive watch is left");

        const auto removed = registry.remove("/a", WatcherType::Data);
        QCOMPARE(removed, std::vector<WatchEvent::Type>{WatchEvent::Type::PersistentWatchRemoved});
        QVERIFY(registry.isEmpty());
    }

    void setWatchesAreBatchedAt128Kilobytes_data()
    {
        QTest::addColumn<int>("watchCount");
        QTest::addColumn<bool>("persistent");
        QTest::addColumn<int>("expectedPackets");
        // Paths of 100 bytes: a batch closes once it reaches 131072 bytes, i.e. after 1311 paths.
        QTest::newRow("one small batch") << 3 << false << 1;
        QTest::newRow("exactly one full batch") << 1311 << false << 1;
        QTest::newRow("one path more") << 1312 << false << 2;
        QTest::newRow("three batches") << 3000 << false << 3;
        QTest::newRow("persistent needs setWatches2") << 10 << true << 1;
    }
    void setWatchesAreBatchedAt128Kilobytes()
    {
        QFETCH(int, watchCount);
        QFETCH(bool, persistent);
        QFETCH(int, expectedPackets);
        WatchRegistry registry;
        QSet<QByteArray> expected;
        for (int i = 0; i < watchCount; ++i) {
            // 96 characters below chroot "/chr": 100-byte server paths.
            const QString path = QStringLiteral("/%1").arg(i, 95, 10, QLatin1Char('0'));
            const auto kind = persistent && i % 2 ? WatchRegistry::Kind::Persistent
                                                  : WatchRegistry::Kind(i % 3); // data, exist, child
            registry.add(kind, path);
            expected.insert("/chr" + path.toUtf8());
        }
        const ConnectString connectString = *ConnectString::parse("h:1/chr");
        const auto packets = registry.setWatchesPackets(0x55, connectString);
        QCOMPARE(int(packets.size()), expectedPackets);
        QSet<QByteArray> seen;
        for (const auto &packet : packets) {
            // Old servers know only setWatches: setWatches2 exactly when persistent watches need it.
            QCOMPARE(packet.opCode, persistent ? OpCode::SetWatches2 : OpCode::SetWatches);
            proto::SetWatches2 watches;
            if (packet.opCode == OpCode::SetWatches) {
                const auto legacy = decode<proto::SetWatches>(packet.body);
                watches = {legacy.relativeZxid, legacy.dataWatches, legacy.existWatches, legacy.childWatches, {}, {}};
            } else {
                watches = decode<proto::SetWatches2>(packet.body);
            }
            QCOMPARE(watches.relativeZxid, std::int64_t(0x55));
            qsizetype length = 0;
            for (const auto *list : {&watches.dataWatches, &watches.existWatches, &watches.childWatches,
                                     &watches.persistentWatches, &watches.persistentRecursiveWatches}) {
                for (const QByteArray &path : *list) {
                    QVERIFY2(!seen.contains(path), path.constData());
                    seen.insert(path);
                    length += path.size();
                }
            }
            QVERIFY2(length < WatchRegistry::SetWatchesBatchLength + 100,
                     qPrintable(QStringLiteral("batch of %1 bytes exceeds 128 KB by more than one path").arg(length)));
        }
        QCOMPARE(seen, expected);
    }

    void handshakeCarriesTheReadOnlyFlag_data()
    {
        QTest::addColumn<bool>("readOnly");
        QTest::addColumn<ZooKeeperClient::State>("expectedState");
        QTest::newRow("read-write") << false << ZooKeeperClient::State::Connected;
        QTest::newRow("read-only allowed") << true << ZooKeeperClient::State::ConnectedReadOnly;
    }
    void handshakeCarriesTheReadOnlyFlag()
    {
        QFETCH(bool, readOnly);
        QFETCH(ZooKeeperClient::State, expectedState);
        ScriptedServer server;
        ZooKeeperClient client;
        ClientOptions options;
        options.sessionTimeoutMs = 12345;
        options.readOnly = readOnly;
        QSignalSpy states(&client, &ZooKeeperClient::stateChanged);
        QVERIFY(client.open(server.address(), options));
        QCOMPARE(client.state(), ZooKeeperClient::State::Connecting);
        QVERIFY2(server.waitForFrames(0, 1), "the client must send a ConnectRequest");
        const QByteArray frame = server.frames(0).at(0);
        // protocolVersion, lastZxidSeen, timeOut, sessionId, passwd (4 + 16), readOnly.
        QCOMPARE(frame.size(), 45);
        JuteReader reader(frame);
        proto::ConnectRequest request;
        reader(request);
        bool flag = !readOnly;
        reader(flag);
        QVERIFY(!reader.failed() && reader.atEnd());
        QCOMPARE(request.protocolVersion, 0);
        QCOMPARE(request.lastZxidSeen, std::int64_t(0));
        QCOMPARE(request.timeOut, 12345);
        QCOMPARE(request.sessionId, std::int64_t(0));
        QCOMPARE(request.passwd, QByteArray(16, '\0'));
        QCOMPARE(flag, readOnly);

        server.send(0, connectResponse(4000, SessionId, Password, readOnly));
        QTRY_COMPARE(client.state(), expectedState);
        QCOMPARE(client.sessionId(), SessionId);
        QCOMPARE(client.sessionPassword(), Password);
        QCOMPARE(client.negotiatedTimeoutMs(), 4000);
        QCOMPARE(client.currentServer(), server.address());
        QCOMPARE(states.size(), 2);
        QCOMPARE(states.at(1).at(0).value<ZooKeeperClient::State>(), expectedState);
    }

    void requestsWaitForTheSession()
    {
        ScriptedServer server;
        ZooKeeperClient client;
        QVERIFY(client.open(server.address() + "/app"));
        Outcome<DataResult> read;
        client.getData("/node", Watch::No, read.callback());
        QVERIFY(server.waitForFrames(0, 1));
        QCOMPARE(server.frames(0).size(), 1); // nothing but the ConnectRequest before the session
        server.send(0, connectResponse(30000, SessionId, Password));
        QVERIFY2(server.waitForFrames(0, 2), "the waiting getData must follow the handshake");
        const Request request = parseRequest(server.frames(0).at(1));
        QCOMPARE(request.header.type, OpCode::GetData);
        QCOMPARE(request.header.xid, 1);
        QCOMPARE(decode<proto::GetDataRequest>(request.body), (proto::GetDataRequest{"/app/node", false}));

        server.send(0, reply(1, 0x20, proto::ErrorCode::Ok, proto::GetDataResponse{"payload", proto::Stat{}}));
        QVERIFY2(read.wait(), "getData got no answer");
        QCOMPARE(read.error(), ErrorCode::Ok);
        QCOMPARE((*read.value)->value.data, QByteArray("payload"));
        QCOMPARE(client.lastZxid(), std::int64_t(0x20));
    }

    void badPathsFailWithoutReachingTheServer_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("relative") << "node";
        QTest::newRow("trailing slash") << "/a/";
        QTest::newRow("double slash") << "/a//b";
        QTest::newRow("dot segment") << "/a/./b";
    }
    void badPathsFailWithoutReachingTheServer()
    {
        QFETCH(QString, path);
        ScriptedServer server;
        ZooKeeperClient client;
        QVERIFY(client.open(server.address()));
        QVERIFY(server.acceptSession(0));
        QTRY_VERIFY(client.isConnected());
        Outcome<DataResult> read;
        bool calledInline = false;
        client.getData(path, Watch::No, [&, callback = read.callback()](const Result<DataResult> &result) {
            calledInline = true;
            callback(result);
        });
        QVERIFY2(!calledInline, "callbacks never run inside the call");
        QVERIFY(read.wait());
        QCOMPARE(read.error(), ErrorCode::BadArguments);
        Outcome<QString> sync;
        client.sync("/", sync.callback()); // a round trip proves getData never went out
        QVERIFY(server.waitForFrames(0, 2));
        QCOMPARE(parseRequest(server.frames(0).at(1)).header.type, OpCode::Sync);
    }

    void repliesOutOfOrderDropTheConnection()
    {
        ScriptedServer server;
        ZooKeeperClient client;
        QVERIFY(client.open(server.address(), fixedOrder()));
        QVERIFY(server.acceptSession(0));
        QTRY_VERIFY(client.isConnected());
        QSignalSpy errors(&client, &ZooKeeperClient::connectionError);
        Outcome<DataResult> first;
        Outcome<DataResult> second;
        client.getData("/a", Watch::No, first.callback());
        client.getData("/b", Watch::No, second.callback());
        QVERIFY(server.waitForFrames(0, 3));
        QCOMPARE(parseRequest(server.frames(0).at(1)).header.xid, 1);
        QCOMPARE(parseRequest(server.frames(0).at(2)).header.xid, 2);
        server.send(0, reply(2, 0x30, proto::ErrorCode::Ok, proto::GetDataResponse{"b", {}}));

        QVERIFY2(first.wait() && second.wait(), "both requests must end when the connection is dropped");
        QCOMPARE(first.error(), ErrorCode::ConnectionLoss);
        QCOMPARE(second.error(), ErrorCode::ConnectionLoss);
        QTRY_COMPARE(errors.size(), 1);
        const QString message = errors.at(0).at(0).toString();
        QVERIFY2(message.contains("Xid out of order"), qPrintable(message));
        QTRY_VERIFY2(server.connection(0).closedByPeer, "the client must close a connection it cannot trust");
        QVERIFY2(server.waitForFrames(1, 1), "the client must reconnect after a protocol error");
        QCOMPARE(decode<proto::ConnectRequest>(server.frames(1).at(0)).sessionId, SessionId);
    }

    void badInputFromTheServerClosesTheConnection_data()
    {
        QTest::addColumn<bool>("afterHandshake");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        const QByteArray header = proto::serialize(proto::ReplyHeader{1, 5, 0});
        QTest::newRow("length past jute.maxbuffer in the handshake")
            << false << QByteArray("\x00\x10\x00\x00", 4) << "out of range";
        QTest::newRow("negative length") << true << QByteArray("\xff\xff\xff\xfe", 4) << "out of range";
        QTest::newRow("huge length") << true << QByteArray("\x7f\xff\xff\xff", 4) << "out of range";
        QTest::newRow("short connect response")
            << false << FrameDecoder::frame(QByteArray(6, '\0')) << "malformed connect response";
        QTest::newRow("short reply header")
            << true << FrameDecoder::frame(QByteArray("\x00\x00\x00\x01\x00", 5)) << "malformed reply header";
        QTest::newRow("truncated getData body") << true
                                                << FrameDecoder::frame(header + QByteArray("\x00\x00\x00\x09"
                                                                                           "ab",
                                                                                           6))
                                                << "malformed getData reply";
        QTest::newRow("data length beyond the frame")
            << true << FrameDecoder::frame(header + QByteArray("\x7f\x00\x00\x00", 4)) << "malformed getData reply";
        QTest::newRow("reply nobody asked for")
            << true << FrameDecoder::frame(proto::serialize(proto::ReplyHeader{77, 5, 0})) << "Xid out of order";
        QTest::newRow("truncated notification")
            << true << FrameDecoder::frame(proto::serialize(proto::ReplyHeader{-1, -1, 0}) + QByteArray("\x00\x00", 2))
            << "malformed watch notification";
    }
    void badInputFromTheServerClosesTheConnection()
    {
        QFETCH(bool, afterHandshake);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        ScriptedServer server;
        ZooKeeperClient client;
        QSignalSpy errors(&client, &ZooKeeperClient::connectionError);
        QVERIFY(client.open(server.address(), fixedOrder()));
        QVERIFY(server.waitForFrames(0, 1));
        Outcome<DataResult> read;
        if (afterHandshake) {
            server.send(0, connectResponse(30000, SessionId, Password));
            QTRY_VERIFY(client.isConnected());
            client.getData("/a", Watch::No, read.callback());
            QVERIFY(server.waitForFrames(0, 2));
        }
        server.sendRaw(0, bytes);
        QTRY_COMPARE(errors.size(), 1);
        const QString message = errors.at(0).at(0).toString();
        QVERIFY2(message.contains(reason),
                 qPrintable(QStringLiteral("expected an error about \"%1\", got \"%2\"").arg(reason, message)));
        if (afterHandshake) {
            QVERIFY(read.wait());
            QCOMPARE(read.error(), ErrorCode::ConnectionLoss);
        }
        QTRY_VERIFY2(server.connection(0).closedByPeer, "the client must close the connection");
        QVERIFY2(server.waitForFrames(1, 1), "the client must try again on a new connection");
        QVERIFY(!client.errorString().isEmpty());
    }

    void survivesRandomFramesFromTheServer()
    {
        // Garbage after the handshake, half of it behind a valid header for the outstanding request
        // so the body decoders see it too. Whatever the client makes of a frame, it must live on.
        ScriptedServer server;
        ZooKeeperClient client;
        QVERIFY(client.open(server.address(), fixedOrder()));
        QRandomGenerator random(20240601);
        for (int round = 0; round < 40; ++round) {
            QVERIFY(server.acceptSession(round));
            QTRY_VERIFY(client.isConnected());
            client.getData("/a", Watch::No, {});
            QVERIFY(server.waitForFrames(round, 2));
            QByteArray payload(random.bounded(0, 48), Qt::Uninitialized);
            for (char &byte : payload)
                byte = char(random.bounded(256));
            if (round % 2)
                payload.prepend(proto::serialize(proto::ReplyHeader{round + 1, 1, 0}));
            server.send(round, payload);
            server.drop(round); // the next round starts on a fresh connection either way
            QVERIFY2(server.waitForFrames(round + 1, 1), "the client must keep reconnecting");
        }
    }

    void reconnectResendsAuthAndWatches()
    {
        ScriptedServer server;
        ZooKeeperClient client;
        QVERIFY(client.open(server.address() + "/app", fixedOrder()));
        QVERIFY(server.acceptSession(0));
        QTRY_VERIFY(client.isConnected());
        QList<WatchEvent> events;
        connect(&client, &ZooKeeperClient::watchEvent, this, [&](const WatchEvent &event) { events.append(event); });

        Outcome<void> auth;
        client.addAuth("digest", "user:secret", auth.callback());
        QVERIFY(server.waitForFrames(0, 2));
        Request request = parseRequest(server.frames(0).at(1));
        QCOMPARE(request.header.xid, proto::Xid::Auth);
        QCOMPARE(request.header.type, OpCode::Auth);
        QCOMPARE(decode<proto::AuthPacket>(request.body), (proto::AuthPacket{0, "digest", "user:secret"}));
        server.send(0, reply(proto::Xid::Auth, 0, proto::ErrorCode::Ok));
        QVERIFY(auth.wait());
        QCOMPARE(auth.error(), ErrorCode::Ok);

        // One watch of each kind, each answered by the script.
        Outcome<DataResult> data;
        Outcome<Stat> exists;
        Outcome<QStringList> children;
        Outcome<void> recursive;
        client.getData("/a", Watch::Yes, data.callback());
        client.exists("/b", Watch::Yes, exists.callback());
        client.getChildren("/c", Watch::Yes, children.callback());
        client.addWatch("/d", AddWatchMode::PersistentRecursive, recursive.callback());
        QVERIFY(server.waitForFrames(0, 6));
        server.send(0, reply(1, 0x10, proto::ErrorCode::Ok, proto::GetDataResponse{"x", {}}));
        server.send(0, reply(2, 0x11, proto::ErrorCode::NoNode));
        server.send(0, reply(3, 0x12, proto::ErrorCode::Ok, proto::GetChildrenResponse{{"k"}}));
        server.send(0, reply(4, 0x13, proto::ErrorCode::Ok, proto::ErrorResponse{0}));
        QVERIFY(data.wait() && exists.wait() && children.wait() && recursive.wait());
        QCOMPARE(exists.error(), ErrorCode::NoNode);
        QCOMPARE((*children.value)->value, QStringList{"k"});
        QCOMPARE(client.lastZxid(), std::int64_t(0x13));

        Outcome<DataResult> unanswered;
        client.getData("/pending", Watch::No, unanswered.callback());
        QVERIFY(server.waitForFrames(0, 7));
        QSignalSpy states(&client, &ZooKeeperClient::stateChanged);
        server.drop(0);
        QVERIFY(unanswered.wait());
        QCOMPARE(unanswered.error(), ErrorCode::ConnectionLoss);
        QTRY_VERIFY(!states.isEmpty());
        QCOMPARE(states.at(0).at(0).value<ZooKeeperClient::State>(), ZooKeeperClient::State::Disconnected);

        // The same session, the last zxid seen, then credentials, then every watch under the chroot.
        QVERIFY(server.waitForFrames(1, 1));
        const auto resumed = decode<proto::ConnectRequest>(server.frames(1).at(0));
        QCOMPARE(resumed.sessionId, SessionId);
        QCOMPARE(resumed.passwd, Password);
        QCOMPARE(resumed.lastZxidSeen, std::int64_t(0x13));
        server.send(1, connectResponse(30000, SessionId, Password));
        QVERIFY2(server.waitForFrames(1, 3), "auth and setWatches must follow the handshake");
        request = parseRequest(server.frames(1).at(1));
        QCOMPARE(request.header.type, OpCode::Auth);
        QCOMPARE(decode<proto::AuthPacket>(request.body).auth, QByteArray("user:secret"));
        request = parseRequest(server.frames(1).at(2));
        QCOMPARE(request.header.xid, proto::Xid::SetWatches);
        QCOMPARE(request.header.type, OpCode::SetWatches2);
        const auto watches = decode<proto::SetWatches2>(request.body);
        QCOMPARE(watches.relativeZxid, std::int64_t(0x13));
        QCOMPARE(watches.dataWatches, std::vector<QByteArray>{"/app/a"});
        QCOMPARE(watches.existWatches, std::vector<QByteArray>{"/app/b"});
        QCOMPARE(watches.childWatches, std::vector<QByteArray>{"/app/c"});
        QCOMPARE(watches.persistentWatches, std::vector<QByteArray>{});
        QCOMPARE(watches.persistentRecursiveWatches, std::vector<QByteArray>{"/app/d"});
        QTRY_COMPARE(client.state(), ZooKeeperClient::State::Connected);

        server.send(1, reply(proto::Xid::Auth, 0, proto::ErrorCode::Ok));
        server.send(1, reply(proto::Xid::SetWatches, 0x13, proto::ErrorCode::Ok));
        server.send(1, reply(-1, -1, proto::ErrorCode::Ok, proto::WatcherEvent{3, 3, "/app/a"}));
        server.send(1, reply(-1, -1, proto::ErrorCode::Ok, proto::WatcherEvent{1, 3, "/app/d/e"}));
        QTRY_COMPARE(events.size(), 2);
        QCOMPARE(events.at(0), (WatchEvent{WatchEvent::Type::NodeDataChanged, WatchEvent::State::SyncConnected, "/a"}));
        QCOMPARE(events.at(1), (WatchEvent{WatchEvent::Type::NodeCreated, WatchEvent::State::SyncConnected, "/d/e"}));
        QVERIFY2(!client.watches().contains(WatchRegistry::Kind::Data, "/a"), "the data watch fired once");
        QVERIFY(client.watches().contains(WatchRegistry::Kind::PersistentRecursive, "/d"));
    }

    void expiredSessionIsFinal()
    {
        ScriptedServer server;
        ZooKeeperClient client;
        QVERIFY(client.open(server.address(), fixedOrder()));
        QVERIFY(server.acceptSession(0));
        QTRY_VERIFY(client.isConnected());
        QSignalSpy states(&client, &ZooKeeperClient::stateChanged);
        server.drop(0);
        QVERIFY(server.waitForFrames(1, 1));
        Outcome<Stat> waiting; // issued while reconnecting
        client.exists("/a", Watch::No, waiting.callback());
        server.send(1, connectResponse(0, 0, QByteArray(16, '\0')));
        QTRY_COMPARE(client.state(), ZooKeeperClient::State::Expired);
        QVERIFY(waiting.wait());
        QCOMPARE(waiting.error(), ErrorCode::SessionExpired);
        QVERIFY2(client.errorString().contains("expired"), qPrintable(client.errorString()));
        const QList<ZooKeeperClient::State> expected{
            ZooKeeperClient::State::Disconnected, ZooKeeperClient::State::Connecting, ZooKeeperClient::State::Expired};
        QList<ZooKeeperClient::State> seen;
        for (const auto &arguments : states)
            seen.append(arguments.at(0).value<ZooKeeperClient::State>());
        QCOMPARE(seen, expected);

        Outcome<Stat> later;
        client.exists("/a", Watch::No, later.callback());
        QVERIFY(later.wait());
        QCOMPARE(later.error(), ErrorCode::SessionExpired);
        // Proving an absence takes a pause: no new connection may be attempted.
        QTest::qWait(300);
        QCOMPARE(server.connectionCount(), 2);
    }

    void pingsKeepTheSessionAndSilenceDropsIt()
    {
        ScriptedServer server;
        ZooKeeperClient client;
        QSignalSpy errors(&client, &ZooKeeperClient::connectionError);
        QVERIFY(client.open(server.address(), fixedOrder()));
        QVERIFY(server.acceptSession(0, 600)); // ping after 200 ms idle, dead after 400 ms silent
        QTRY_VERIFY(client.isConnected());
        QVERIFY2(server.waitForFrames(0, 2, 2000), "a ping must follow a third of the timeout without traffic");
        const Request ping = parseRequest(server.frames(0).at(1));
        QCOMPARE(ping.header.xid, proto::Xid::Ping);
        QCOMPARE(ping.header.type, OpCode::Ping);
        QVERIFY(ping.body.isEmpty());
        // The script never answers: two thirds of the timeout later the client gives up on it.
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 3000);
        QVERIFY2(errors.at(0).at(0).toString().contains("No answer"), qPrintable(errors.at(0).at(0).toString()));
        QVERIFY2(server.waitForFrames(1, 1), "the client must reconnect");
    }

    void closeSendsCloseSessionAfterPendingRequests()
    {
        ScriptedServer server;
        ZooKeeperClient client;
        QVERIFY(client.open(server.address()));
        QVERIFY(server.acceptSession(0));
        QTRY_VERIFY(client.isConnected());
        Outcome<DataResult> inFlight;
        client.getData("/a", Watch::No, inFlight.callback());
        QSignalSpy states(&client, &ZooKeeperClient::stateChanged);
        client.close();
        QCOMPARE(client.state(), ZooKeeperClient::State::Closed);
        QCOMPARE(states.size(), 1);
        Outcome<DataResult> afterClose;
        client.getData("/a", Watch::No, afterClose.callback());
        QVERIFY(afterClose.wait());
        QCOMPARE(afterClose.error(), ErrorCode::SessionExpired);

        QVERIFY(server.waitForFrames(0, 3));
        const Request close = parseRequest(server.frames(0).at(2));
        QCOMPARE(close.header.type, OpCode::CloseSession);
        QCOMPARE(close.header.xid, 2);
        server.send(0, reply(1, 0x40, proto::ErrorCode::Ok, proto::GetDataResponse{"a", {}}));
        QVERIFY(inFlight.wait());
        QCOMPARE(inFlight.error(), ErrorCode::Ok);
        QVERIFY2(!server.connection(0).closedByPeer, "the client waits for the closeSession reply");
        server.send(0, reply(2, 0x41, proto::ErrorCode::Ok));
        QTRY_VERIFY2(server.connection(0).closedByPeer,
                     "the client closes the connection once closeSession is answered");
        QCOMPARE(server.connectionCount(), 1);
    }

    void unresponsiveAndRefusingServersAreSkipped()
    {
        // First a port nobody listens on, then a server that accepts but never answers, then ours.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ScriptedServer server;
        ZooKeeperClient client;
        QSignalSpy errors(&client, &ZooKeeperClient::connectionError);
        ClientOptions options = fixedOrder();
        options.connectTimeoutMs = 300;
        const QString connectString = QStringLiteral("127.0.0.1:%1,127.0.0.1:%2,%3")
                                          .arg(closedPort)
                                          .arg(silent.serverPort())
                                          .arg(server.address());
        QVERIFY(client.open(connectString, options));
        QVERIFY2(server.acceptSession(0), "the third server must be tried after the first two fail");
        QTRY_VERIFY(client.isConnected());
        QCOMPARE(errors.size(), 2);
        QVERIFY2(errors.at(0).at(0).toString().contains(QString::number(closedPort)),
                 qPrintable(errors.at(0).at(0).toString()));
        QVERIFY2(errors.at(1).at(0).toString().contains("No session established"),
                 qPrintable(errors.at(1).at(0).toString()));
    }

    void hostsAreShuffled()
    {
        // Ten servers, twenty clients: with a fixed order every client would start at the first.
        QList<std::shared_ptr<ScriptedServer>> servers;
        QStringList addresses;
        for (int i = 0; i < 10; ++i) {
            servers.append(std::make_shared<ScriptedServer>());
            addresses.append(servers.last()->address());
        }
        QSet<QString> firstServers;
        for (int i = 0; i < 20; ++i) {
            ZooKeeperClient client;
            QVERIFY(client.open(addresses.join(u',')));
            QTRY_VERIFY(!client.currentServer().isEmpty());
            firstServers.insert(client.currentServer());
        }
        QVERIFY2(firstServers.size() > 1, "shuffled clients must not all start at the same server");
    }

    void authFailureIsFinal()
    {
        ScriptedServer server;
        ZooKeeperClient client;
        QVERIFY(client.open(server.address()));
        QVERIFY(server.acceptSession(0));
        QTRY_VERIFY(client.isConnected());
        Outcome<void> auth;
        client.addAuth("unknown", "x", auth.callback());
        QVERIFY(server.waitForFrames(0, 2));
        server.send(0, reply(proto::Xid::Auth, 0, proto::ErrorCode::AuthFailed));
        QVERIFY(auth.wait());
        QCOMPARE(auth.error(), ErrorCode::AuthFailed);
        QTRY_COMPARE(client.state(), ZooKeeperClient::State::AuthFailed);
        Outcome<Stat> later;
        client.exists("/", Watch::No, later.callback());
        QVERIFY(later.wait());
        QCOMPARE(later.error(), ErrorCode::AuthFailed);
    }

    void destroyingTheClientInACallbackIsSafe()
    {
        ScriptedServer server;
        auto *client = new ZooKeeperClient;
        QVERIFY(client->open(server.address()));
        QVERIFY(server.acceptSession(0));
        QTRY_VERIFY(client->isConnected());
        bool secondCalled = false;
        client->getData("/a", Watch::No, [&](const Result<DataResult> &) { delete client; });
        client->getData("/b", Watch::No, [&](const Result<DataResult> &) { secondCalled = true; });
        QVERIFY(server.waitForFrames(0, 3));
        server.send(0, reply(1, 1, proto::ErrorCode::Ok, proto::GetDataResponse{"a", {}}));
        server.send(0, reply(2, 2, proto::ErrorCode::Ok, proto::GetDataResponse{"b", {}}));
        QVERIFY2(server.waitForFrames(0, 4), "the destroyed client must still send closeSession");
        QCOMPARE(parseRequest(server.frames(0).at(3)).header.type, OpCode::CloseSession);
        QVERIFY2(!secondCalled, "callbacks of a destroyed client are dropped");
    }

    void guardedCallbacksSkipDestroyedContexts()
    {
        ZooKeeperClient client; // never opened: every request fails, later, with SessionExpired
        auto gone = std::make_unique<QObject>();
        QObject alive;
        int goneCalls = 0;
        std::optional<ErrorCode> aliveResult;
        client.exists("/", Watch::No, guarded<Stat>(gone.get(), [&](const Result<Stat> &) { ++goneCalls; }));
        client.exists("/", Watch::No,
                      guarded<Stat>(&alive, [&](const Result<Stat> &result) { aliveResult = result.error; }));
        gone.reset();
        QTRY_VERIFY(aliveResult.has_value());
        QCOMPARE(*aliveResult, ErrorCode::SessionExpired);
        QCOMPARE(goneCalls, 0);
    }

    void fourLetterWords_data()
    {
        QTest::addColumn<QByteArray>("word");
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("error");
        QTest::newRow("answered") << QByteArray("ruok") << "imok" << QString();
        QTest::newRow("not four letters") << QByteArray("stats") << QString() << "not a four-letter word";
        QTest::newRow("no answer") << QByteArray("hang") << QString() << "no complete answer";
    }
    void fourLetterWords()
    {
        QFETCH(QByteArray, word);
        QFETCH(QString, answer);
        QFETCH(QString, error);
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QByteArray received;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *socket = server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [&, socket] {
                received += socket->readAll();
                if (received == "ruok") {
                    socket->write("imok");
                    socket->disconnectFromHost();
                }
            });
        });
        std::optional<FourLetterWordReply> reply;
        QObject context;
        fourLetterWord(
            "127.0.0.1", server.serverPort(), word, &context,
            [&](const FourLetterWordReply &result) { reply = result; }, 300);
        QTRY_VERIFY2(reply.has_value(), "every query must end with an answer or an error");
        QCOMPARE(QString::fromLatin1(reply->output), answer);
        QVERIFY2(error.isEmpty() ? reply->ok() : reply->error.contains(error),
                 qPrintable(QStringLiteral("expected error \"%1\", got \"%2\"").arg(error, reply->error)));
    }

    void fourLetterWordToAClosedPortFails()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        std::optional<FourLetterWordReply> reply;
        fourLetterWord("127.0.0.1", port, "srvr", nullptr, [&](const FourLetterWordReply &result) { reply = result; });
        QTRY_VERIFY(reply.has_value());
        QVERIFY2(!reply->ok(), "a refused connection is an error");
        QVERIFY2(reply->error.contains(QString::number(port)), qPrintable(reply->error));
    }
};

QTEST_GUILESS_MAIN(TestClientProtocol)
#include "tst_client_protocol.moc"
