// The client-facing server driven without sockets: wire replies, ordering, sessions and bad input.

#include "ServiceHarness.h"
#include "server/Authentication.h"
#include "server/SessionTracker.h"

#include <QTest>

#include <numeric>

using namespace zooscope;
using namespace zooscope::proto;
using testing::Frame;
using testing::ServiceHarness;

namespace {
const AclList OpenAcl{{31, {"world", "anyone"}}};

server::ServerConfig fastConfig()
{
    server::ServerConfig config;
    config.tickTimeMs = 100;
    config.fourLetterWordWhitelist = {"ruok", "srvr"};
    config.containerCheckIntervalMs = 100;
    config.extendedTypesEnabled = true;
    return config;
}

template <typename Record>
Record bodyOf(const Frame &frame)
{
    Record record;
    deserialize(frame.body, record);
    return record;
}
} // namespace

class TestZooKeeperService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsAndReadsWithZooKeeperStat()
    {
        ServiceHarness harness(fastConfig());
        const auto client = harness.connect();
        QVERIFY2(harness.lastConnectResponse.sessionId != 0, "a new session must get an id");
        harness.sendRequest(client, 1, OpCode::Create2, CreateRequest{"/a", "hello", OpenAcl, 0});
        harness.sendRequest(client, 2, OpCode::GetData, GetDataRequest{"/a", false});
        const auto frames = harness.takeFrames(client);
        QCOMPARE(frames.size(), size_t(2));
        QCOMPARE(frames[0].header.err, 0);
        const auto created = bodyOf<Create2Response>(frames[0]);
        QCOMPARE(created.path, QByteArray("/a"));
        QCOMPARE(created.stat.czxid, frames[0].header.zxid);
        QCOMPARE(created.stat.pzxid, created.stat.czxid);
        const auto read = bodyOf<GetDataResponse>(frames[1]);
        QCOMPARE(read.data, QByteArray("hello"));
        QCOMPARE(read.stat, created.stat);
        QCOMPARE(read.stat.dataLength, 5);
    }

    void countsCversionAndSequenceLikeZooKeeper()
    {
        ServiceHarness harness(fastConfig());
        const auto client = harness.connect();
        harness.sendRequest(client, 1, OpCode::Create, CreateRequest{"/p", "", OpenAcl, 0});
        harness.sendRequest(client, 2, OpCode::Create, CreateRequest{"/p/s-", "", OpenAcl, 2});
        harness.sendRequest(client, 3, OpCode::Delete, DeleteRequest{"/p/s-0000000000", -1});
        harness.sendRequest(client, 4, OpCode::Create, CreateRequest{"/p/s-", "", OpenAcl, 2});
        harness.sendRequest(client, 5, OpCode::Exists, ExistsRequest{"/p", false});
        const auto frames = harness.takeFrames(client);
        QCOMPARE(frames.size(), size_t(5));
        QCOMPARE(bodyOf<CreateResponse>(frames[1]).path, QByteArray("/p/s-0000000000"));
        // The suffix counts creates only, so the delete does not reuse a number...
        QCOMPARE(bodyOf<CreateResponse>(frames[3]).path, QByteArray("/p/s-0000000001"));
        // ...while the exposed cversion counts creates and deletes.
        const Stat parent = bodyOf<ExistsResponse>(frames[4]).stat;
        QCOMPARE(parent.cversion, 3);
        QCOMPARE(parent.numChildren, 1);
        QCOMPARE(parent.pzxid, frames[3].header.zxid);
    }

    void sequenceSuffixFollowsJavaFormat_data()
    {
        QTest::addColumn<int>("counter");
        QTest::addColumn<QByteArray>("suffix");
        QTest::newRow("zero") << 0 << QByteArray("0000000000");
        QTest::newRow("large") << 2147483647 << QByteArray("2147483647");
        QTest::newRow("negative after overflow") << -2147483647 - 1 << QByteArray("-2147483648");
        QTest::newRow("small negative") << -5 << QByteArray("-000000005");
    }
    void sequenceSuffixFollowsJavaFormat()
    {
        QFETCH(int, counter);
        QFETCH(QByteArray, suffix);
        QCOMPARE(server::sequenceSuffix(counter), suffix);
    }

    void deliversWatchEventBeforeTheReplyAndOnlyOnce()
    {
        ServiceHarness harness(fastConfig());
        const auto watcher = harness.connect();
        const auto writer = harness.connect();
        harness.sendRequest(writer, 1, OpCode::Create, CreateRequest{"/w", "1", OpenAcl, 0});
        harness.takeFrames(writer);
        harness.sendRequest(watcher, 1, OpCode::GetData, GetDataRequest{"/w", true});
        harness.sendRequest(writer, 2, OpCode::GetData, GetDataRequest{"/w", true});
        harness.takeFrames(watcher);
        harness.takeFrames(writer);
        harness.sendRequest(writer, 3, OpCode::SetData, SetDataRequest{"/w", "2", -1});
        harness.sendRequest(writer, 4, OpCode::SetData, SetDataRequest{"/w", "3", -1});
        const auto writerFrames = harness.takeFrames(writer);
        QCOMPARE(writerFrames.size(), size_t(3));
        QCOMPARE(writerFrames[0].header.xid, Xid::Notification);
        QCOMPARE(bodyOf<WatcherEvent>(writerFrames[0]), (WatcherEvent{3, 3, "/w"}));
        QCOMPARE(writerFrames[1].header.xid, 3);
        QCOMPARE(writerFrames[2].header.xid, 4);
        const auto watcherFrames = harness.takeFrames(watcher);
        QCOMPARE(watcherFrames.size(), size_t(1));
        QCOMPARE(bodyOf<WatcherEvent>(watcherFrames[0]).path, QByteArray("/w"));
    }

    void persistentRecursiveWatchSeesDescendantsButNotChildListChanges()
    {
        ServiceHarness harness(fastConfig());
        const auto client = harness.connect();
        harness.sendRequest(client, 1, OpCode::AddWatch, AddWatchRequest{"/r", 1});
        harness.sendRequest(client, 2, OpCode::Create, CreateRequest{"/r", "", OpenAcl, 0});
        harness.sendRequest(client, 3, OpCode::Create, CreateRequest{"/r/x", "", OpenAcl, 0});
        harness.sendRequest(client, 4, OpCode::SetData, SetDataRequest{"/r/x", "v", -1});
        std::vector<WatcherEvent> events;
        for (const Frame &frame : harness.takeFrames(client)) {
            if (frame.header.xid == Xid::Notification)
                events.push_back(bodyOf<WatcherEvent>(frame));
        }
        const std::vector<WatcherEvent> expected{{1, 3, "/r"}, {1, 3, "/r/x"}, {3, 3, "/r/x"}};
        QCOMPARE(events, expected);
    }

    void failedMultiReportsEveryOp()
    {
        ServiceHarness harness(fastConfig());
        const auto client = harness.connect();
        QByteArray multi;
        JuteWriter writer(multi);
        writer(MultiHeader{OpCode::Create, false, -1});
        writer(CreateRequest{"/m1", "", OpenAcl, 0});
        writer(MultiHeader{OpCode::Delete, false, -1});
        writer(DeleteRequest{"/missing", -1});
        writer(MultiHeader{OpCode::Create, false, -1});
        writer(CreateRequest{"/m2", "", OpenAcl, 0});
        writer(MultiHeader{-1, true, -1});
        harness.sendPacket(client, serialize(RequestHeader{1, OpCode::Multi}) + multi);
        harness.sendRequest(client, 2, OpCode::Exists, ExistsRequest{"/m1", false});
        const auto frames = harness.takeFrames(client);
        QCOMPARE(frames.size(), size_t(2));
        QCOMPARE(frames[0].header.err, 0);
        JuteReader reader(frames[0].body);
        std::vector<std::int32_t> codes;
        while (true) {
            MultiHeader header;
            reader(header);
            if (reader.failed() || header.done)
                break;
            ErrorResponse error;
            reader(error);
            QCOMPARE(header.type, OpCode::Error);
            codes.push_back(error.err);
        }
        QCOMPARE(codes, (std::vector<std::int32_t>{0, -101, -2}));
        QCOMPARE(frames[1].header.err, int(ErrorCode::NoNode));
    }

    void failedMultiLeavesNoPhantomSequentialNode()
    {
        ServiceHarness harness(fastConfig());
        const auto client = harness.connect();
        QByteArray multi;
        JuteWriter writer(multi);
        writer(MultiHeader{OpCode::Create, false, -1});
        writer(CreateRequest{"/q", "", OpenAcl, 2});
        writer(MultiHeader{OpCode::Delete, false, -1});
        writer(DeleteRequest{"/missing", -1});
        writer(MultiHeader{-1, true, -1});
        harness.sendPacket(client, serialize(RequestHeader{1, OpCode::Multi}) + multi);
        // The rolled-back sequential node must not block a later create of that very name.
        harness.sendRequest(client, 2, OpCode::Create, CreateRequest{"/q0000000000", "", OpenAcl, 0});
        const auto frames = harness.takeFrames(client);
        QCOMPARE(frames.size(), size_t(2));
        QCOMPARE(frames[1].header.err, 0);
    }

    void stopsReadingAClientWithTooManyRequestsInFlight()
    {
        // Persistence that holds every transaction until the test releases it.
        struct HeldPersistence : server::TransactionPersistence
        {
            std::int64_t lastZxid = 0;
            void append(const Transaction &transaction) override { lastZxid = transaction.header.zxid; }
        } persistence;
        server::ServerConfig config = fastConfig();
        config.maxOutstandingPerConnection = 10;
        ServiceHarness harness(config);
        const auto client = harness.connect();
        harness.service->setPersistence(&persistence);
        for (int xid = 1; xid <= 25; ++xid)
            harness.sendRequest(client, xid, OpCode::SetData, SetDataRequest{"/", "x", -1});
        QVERIFY2(!harness.service->wantsInput(client), "ten writes in flight must pause reading from the client");
        const std::int64_t firstBatch = persistence.lastZxid;
        harness.service->transactionsDurable(persistence.lastZxid);
        QVERIFY2(harness.wasResumed(client), "draining the replies must resume reading");
        QVERIFY2(persistence.lastZxid > firstBatch, "the held-back requests must be processed after the resume");
        // Release until nothing new arrives: every request must eventually be answered, in order.
        std::int64_t released = firstBatch;
        while (persistence.lastZxid != released) {
            released = persistence.lastZxid;
            harness.service->transactionsDurable(released);
        }
        std::vector<std::int32_t> xids;
        for (const Frame &frame : harness.takeFrames(client))
            xids.push_back(frame.header.xid);
        std::vector<std::int32_t> expected(25);
        std::iota(expected.begin(), expected.end(), 1);
        QCOMPARE(xids, expected);
    }

    // A second reconfig while one is not applied yet is ReconfigInProgress; the planner is not asked.
    void reconfigWaitsForTheOneInProgress()
    {
        struct HeldPersistence : server::TransactionPersistence
        {
            std::int64_t lastZxid = 0;
            void append(const Transaction &transaction) override { lastZxid = transaction.header.zxid; }
        } persistence;
        server::ServerConfig config = fastConfig();
        config.reconfigEnabled = true;
        config.skipAcl = true;
        ServiceHarness harness(config);
        int planned = 0;
        harness.service->setReconfigPlanner([&planned](const ReconfigRequest &, std::int64_t zxid) {
            ++planned;
            return server::ReconfigPlan{ErrorCode::Ok,
                                        "server.1=127.0.0.1:1:2:participant\nversion=" + QByteArray::number(zxid, 16)};
        });
        const auto client = harness.connect();
        harness.service->setPersistence(&persistence);
        harness.sendRequest(client, 1, OpCode::Reconfig, ReconfigRequest{"", "2", "", -1});
        harness.sendRequest(client, 2, OpCode::Reconfig, ReconfigRequest{"", "3", "", -1});
        harness.service->transactionsDurable(persistence.lastZxid);
        auto frames = harness.takeFrames(client);
        QCOMPARE(frames.size(), size_t(2));
        QVERIFY2(frames[0].header.err == 0, "the first reconfig should succeed");
        QVERIFY2(frames[1].header.err == std::int32_t(ErrorCode::ReconfigInProgress),
                 qPrintable(QStringLiteral("the second should be ReconfigInProgress, got %1").arg(frames[1].header.err)));
        QCOMPARE(planned, 1);
        // Once the first is applied, the next one is planned again.
        harness.sendRequest(client, 3, OpCode::Reconfig, ReconfigRequest{"", "3", "", -1});
        harness.service->transactionsDurable(persistence.lastZxid);
        frames = harness.takeFrames(client);
        QCOMPARE(frames.size(), size_t(1));
        QVERIFY2(frames[0].header.err == 0, "a reconfig after the first was applied should succeed");
        QCOMPARE(planned, 2);
    }

    // ZooKeeper 3.8 checks what a reconfig asks for before the caller's WRITE on /zookeeper/config.
    void reconfigChecksTheRequestBeforeTheRights_data()
    {
        QTest::addColumn<int>("planError");
        QTest::addColumn<bool>("superUser");
        QTest::addColumn<int>("expected");
        QTest::newRow("bad version, no rights") << int(ErrorCode::BadVersion) << false << int(ErrorCode::BadVersion);
        QTest::newRow("no quorum, no rights") << int(ErrorCode::NewConfigNoQuorum) << false << int(ErrorCode::NewConfigNoQuorum);
        QTest::newRow("valid, no rights") << int(ErrorCode::Ok) << false << int(ErrorCode::NoAuth);
        QTest::newRow("valid, super user") << int(ErrorCode::Ok) << true << int(ErrorCode::Ok);
    }

    void reconfigChecksTheRequestBeforeTheRights()
    {
        QFETCH(int, planError);
        QFETCH(bool, superUser);
        QFETCH(int, expected);
        server::ServerConfig config = fastConfig();
        config.reconfigEnabled = true;
        config.superDigest = server::digestOf("super:secret");
        ServiceHarness harness(config);
        harness.service->setReconfigPlanner([planError](const ReconfigRequest &, std::int64_t) {
            return server::ReconfigPlan{ErrorCode(planError), "server.1=127.0.0.1:1:2:participant\nversion=1"};
        });
        const auto client = harness.connect();
        if (superUser) {
            harness.sendRequest(client, 1, OpCode::Auth, AuthPacket{0, "digest", "super:secret"});
            QCOMPARE(harness.takeFrames(client).at(0).header.err, 0);
        }
        harness.sendRequest(client, 2, OpCode::Reconfig, ReconfigRequest{"", "2", "", -1});
        const auto frames = harness.takeFrames(client);
        QCOMPARE(frames.size(), size_t(1));
        QVERIFY2(frames[0].header.err == expected,
                 qPrintable(QStringLiteral("expected error %1, got %2").arg(expected).arg(frames[0].header.err)));
    }

    void malformedRequestClosesOnlyThatConnection()
    {
        ServiceHarness harness(fastConfig());
        const auto bad = harness.connect();
        const auto good = harness.connect();
        harness.sendPacket(bad, QByteArray("\x00\x01", 2)); // shorter than a request header
        QVERIFY2(harness.isClosed(bad), "a malformed packet must close its connection");
        harness.sendRequest(good, 1, OpCode::Exists, ExistsRequest{"/", false});
        const auto frames = harness.takeFrames(good);
        QCOMPARE(frames.size(), size_t(1));
        QCOMPARE(frames[0].header.err, 0);
        QVERIFY2(!harness.isClosed(good), "other connections must keep being served");
    }

    void outOfRangeLengthClosesTheConnection_data()
    {
        QTest::addColumn<QByteArray>("lengthBytes");
        QTest::newRow("negative") << QByteArray::fromHex("ffffff00");
        QTest::newRow("beyond jute.maxbuffer") << QByteArray::fromHex("00100000");
    }
    void outOfRangeLengthClosesTheConnection()
    {
        QFETCH(QByteArray, lengthBytes);
        ServiceHarness harness(fastConfig());
        const auto client = harness.connect();
        harness.sendRaw(client, lengthBytes);
        QVERIFY2(harness.isClosed(client), "a frame length outside [0, jute.maxbuffer] must close the connection");
    }

    void negotiatesTimeoutWithinTicks_data()
    {
        QTest::addColumn<int>("requested");
        QTest::addColumn<int>("negotiated");
        QTest::newRow("too small") << 10 << 200;
        QTest::newRow("in range") << 1000 << 1000;
        QTest::newRow("too large") << 100000 << 2000;
    }
    void negotiatesTimeoutWithinTicks()
    {
        QFETCH(int, requested);
        QFETCH(int, negotiated);
        ServiceHarness harness(fastConfig());
        harness.connect(requested);
        QCOMPARE(harness.lastConnectResponse.timeOut, negotiated);
    }

    void reconnectsWithPasswordAndRejectsAWrongOne()
    {
        ServiceHarness harness(fastConfig());
        harness.connect();
        const ConnectResponse first = harness.lastConnectResponse;
        harness.connect(30000, first.sessionId, first.passwd);
        QCOMPARE(harness.lastConnectResponse.sessionId, first.sessionId);
        const auto wrong = harness.connect(30000, first.sessionId, QByteArray(16, 'x'));
        QCOMPARE(harness.lastConnectResponse.sessionId, std::int64_t(0));
        QCOMPARE(harness.lastConnectResponse.timeOut, 0);
        QCOMPARE(harness.lastConnectResponse.passwd, QByteArray(16, '\0'));
        QVERIFY2(harness.isClosed(wrong), "a wrong password must close the connection");
    }

    void refusesAClientThatHasSeenAheadZxid()
    {
        ServiceHarness harness(fastConfig());
        const auto client = harness.open();
        harness.sendPacket(client, serialize(ConnectRequest{0, 0x500000000, 30000, 0, QByteArray(16, '\0'), false}));
        QVERIFY2(harness.isClosed(client), "a client ahead of the server must be refused");
        QVERIFY2(harness.rawOutput(client).isEmpty(), "ZooKeeper sends nothing before closing");
    }

    void expiryDeletesEphemeralsAndFiresWatches()
    {
        ServiceHarness harness(fastConfig());
        const auto owner = harness.connect(200);
        harness.sendRequest(owner, 1, OpCode::Create, CreateRequest{"/e", "", OpenAcl, 1});
        harness.takeFrames(owner);
        const auto watcher = harness.connect(2000);
        harness.sendRequest(watcher, 1, OpCode::Exists, ExistsRequest{"/e", true});
        harness.takeFrames(watcher);
        for (int i = 0; i < 3; ++i) {
            harness.advance(100);
            harness.sendHeaderOnly(watcher, Xid::Ping, OpCode::Ping);
        }
        QVERIFY2(harness.service->tree().find("/e") == nullptr, "the expired session's ephemeral must be gone");
        QVERIFY2(harness.isClosed(owner), "the expired session's connection must be closed");
        bool sawDeletion = false;
        for (const Frame &frame : harness.takeFrames(watcher))
            sawDeletion |= frame.header.xid == Xid::Notification && bodyOf<WatcherEvent>(frame).type == 2;
        QVERIFY2(sawDeletion, "the watcher must get NodeDeleted for the expired ephemeral");
    }

    void enforcesDigestAcl()
    {
        ServiceHarness harness(fastConfig());
        const auto owner = harness.connect();
        harness.sendRequest(owner, Xid::Auth, OpCode::Auth, AuthPacket{0, "digest", "alice:secret"});
        const AclList aliceOnly{{31, {"digest", server::digestOf("alice:secret")}}};
        harness.sendRequest(owner, 1, OpCode::Create, CreateRequest{"/secret", "x", aliceOnly, 0});
        harness.sendRequest(owner, 2, OpCode::GetData, GetDataRequest{"/secret", false});
        auto frames = harness.takeFrames(owner);
        QCOMPARE(frames.size(), size_t(3));
        QCOMPARE(frames[1].header.err, 0);
        QCOMPARE(frames[2].header.err, 0);
        const auto stranger = harness.connect();
        harness.sendRequest(stranger, 1, OpCode::GetData, GetDataRequest{"/secret", false});
        harness.sendRequest(stranger, 2, OpCode::SetData, SetDataRequest{"/secret", "y", -1});
        frames = harness.takeFrames(stranger);
        QCOMPARE(frames[0].header.err, int(ErrorCode::NoAuth));
        QCOMPARE(frames[1].header.err, int(ErrorCode::NoAuth));
    }

    void answersFourLetterWordsByWhitelist()
    {
        ServiceHarness harness(fastConfig());
        const auto allowed = harness.open();
        harness.sendRaw(allowed, "ruok");
        QCOMPARE(harness.rawOutput(allowed), QByteArray("imok"));
        const auto denied = harness.open();
        harness.sendRaw(denied, "dump");
        QCOMPARE(harness.rawOutput(denied), QByteArray("dump is not executed because it is not in the whitelist.\n"));
        QVERIFY(harness.isClosed(denied));
    }

    void passwordsMatchApacheZooKeeper()
    {
        // Session id and password handed out by Apache ZooKeeper 3.8.0 (Debian) to a kazoo client.
        QCOMPARE(server::SessionTracker::passwordFor(0x100000aedd50000LL).toHex(),
                 QByteArray("618d1db9da899b9ea7590c0fb37e648e"));
    }
};

QTEST_GUILESS_MAIN(TestZooKeeperService)
#include "tst_zoo_keeper_service.moc"
