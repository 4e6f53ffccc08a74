// ZooKeeperClient against real servers: every test runs once against zooscope-server and once
// against Apache ZooKeeper 3.8, each started by this test on a free port with its own data dir.

#include "client/FourLetterWord.h"
#include "client/ZooKeeperClient.h"
#include "proto/OpCode.h"
#include "ServerProcess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QMetaEnum>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QTest>

#include <map>
#include <memory>

using namespace zooscope;
using namespace zooscope::client;
using zooscope::testing::ServerProcess;
namespace OpCode = proto::OpCode;

// Failure messages name error codes and events instead of printing numbers.
namespace zooscope::proto {
char *toString(ErrorCode code)
{
    return qstrdup(client::errorText(code).toUtf8().constData());
}
} // namespace zooscope::proto

namespace {
QString eventText(const WatchEvent &event)
{
    return QStringLiteral("%1 %2").arg(
        QString::fromLatin1(QMetaEnum::fromType<WatchEvent::Type>().valueToKey(int(event.type))), event.path);
}

constexpr int ReplyTimeoutMs = 10000;

// Runs `invoke` with a callback and waits (processing events) for the callback.
template <typename T, typename Invoke> std::optional<Result<T>> await(Invoke invoke)
{
    auto slot = std::make_shared<std::optional<Result<T>>>();
    invoke(Callback<T>([slot](const Result<T> &result) { *slot = result; }));
    // A timeout shows as an empty optional, which the caller reports.
    (void)QTest::qWaitFor([&] { return slot->has_value(); }, ReplyTimeoutMs);
    return *slot;
}
#define AWAIT(Type, call) await<Type>([&](Callback<Type> done) { call; })

// Checks a result's error code with a message naming the call, what was expected and what came.
// `result` is evaluated once: it is often the AWAIT of the call itself.
#define EXPECT_RESULT(result, expected, what)                                                                          \
    do {                                                                                                               \
        const auto checked = (result);                                                                                 \
        QVERIFY2(                                                                                                      \
            checked.has_value(),                                                                                       \
            qPrintable(QStringLiteral("%1: no reply within %2 ms").arg(QString::fromUtf8(what)).arg(ReplyTimeoutMs))); \
        QVERIFY2(checked->error == (expected),                                                                         \
                 qPrintable(QStringLiteral("%1: expected %2, got %3")                                                  \
                                .arg(QString::fromUtf8(what), errorText(expected), errorText(checked->error))));       \
    } while (false)
#define EXPECT_OK(result, what) EXPECT_RESULT(result, ErrorCode::Ok, what)

ErrorCode existsError(ZooKeeperClient &client, const QString &path)
{
    const auto result = AWAIT(Stat, client.exists(path, Watch::No, done));
    return result ? result->error : ErrorCode::OperationTimeout;
}

} // namespace

class TestClient : public QObject
{
    Q_OBJECT

private:
    ServerProcess &server() { return *m_servers.at(m_kind); }

    ClientOptions options() const
    {
        ClientOptions options;
        options.sessionTimeoutMs = 10000;
        options.maxReconnectBackoffMs = 300;
        return options;
    }

    // A client with an established session, or nullptr with m_lastError set.
    std::unique_ptr<ZooKeeperClient> connectClient(const QString &chroot = {}, std::optional<ClientOptions> custom = {})
    {
        auto client = std::make_unique<ZooKeeperClient>();
        if (!client->open(server().connectString() + chroot, custom.value_or(options()))) {
            m_lastError = client->errorString();
            return nullptr;
        }
        if (!QTest::qWaitFor([&] { return client->isConnected(); }, ReplyTimeoutMs)) {
            m_lastError = QStringLiteral("no session with the %1 server within %2 ms (state %3, last error: %4)")
                              .arg(m_kind)
                              .arg(ReplyTimeoutMs)
                              .arg(QString::fromLatin1(
                                  QMetaEnum::fromType<ZooKeeperClient::State>().valueToKey(int(client->state()))))
                              .arg(client->errorString());
            return nullptr;
        }
        return client;
    }

    // Records watchEvent() as "Type /path" lines.
    static std::shared_ptr<QStringList> recordEvents(ZooKeeperClient &client)
    {
        auto events = std::make_shared<QStringList>();
        QObject::connect(&client, &ZooKeeperClient::watchEvent, &client,
                         [events](const WatchEvent &event) { events->append(eventText(event)); });
        return events;
    }

    std::map<QString, std::unique_ptr<ServerProcess>> m_servers;
    std::map<QString, QString> m_unavailable;
    QString m_kind;
    QString m_lastError;

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("server");
        QTest::newRow("zooscope") << QStringLiteral("zooscope");
        QTest::newRow("apache") << QStringLiteral("apache");
    }

    void initTestCase()
    {
        // Both servers start side by side; each test then runs against one, then the other.
        for (const QString kind : {"zooscope", "apache"}) {
            auto process = std::make_unique<ServerProcess>(kind, QStringLiteral(ZOOSCOPE_SERVER_BINARY));
            QString problem = process->unavailableReason();
            if (problem.isEmpty())
                process->start(&problem);
            if (!problem.isEmpty())
                m_unavailable[kind] = problem;
            m_servers[kind] = std::move(process);
        }
        for (auto &[kind, process] : m_servers) {
            QString problem;
            if (!m_unavailable.count(kind) && !process->waitUntilReady(30000, &problem))
                m_unavailable[kind] = problem;
        }
        for (const auto &[kind, process] : m_servers) {
            if (!m_unavailable.count(kind))
                qInfo("%s server ready on %s", qPrintable(kind), qPrintable(process->connectString()));
        }
        QVERIFY2(!m_unavailable.count("zooscope"),
                 qPrintable(m_unavailable.count("zooscope") ? m_unavailable.at("zooscope") : QString()));
    }

    void init()
    {
        QFETCH_GLOBAL(QString, server);
        m_kind = server;
        if (m_unavailable.count(server))
            // A server that cannot start is a failure of this run, never a skip counted as a pass.
            QFAIL(qPrintable(QStringLiteral("%1 server unavailable: %2").arg(server, m_unavailable.at(server))));
    }

    void cleanupTestCase()
    {
        for (auto &[kind, process] : m_servers)
            process->stop();
    }

    void connectsAndReportsTheSession()
    {
        ZooKeeperClient client;
        QSignalSpy states(&client, &ZooKeeperClient::stateChanged);
        QVERIFY(client.open(server().connectString(), options()));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), ZooKeeperClient::State::Connected, ReplyTimeoutMs);
        QCOMPARE(states.size(), 2); // Connecting, Connected
        QVERIFY2(client.sessionId() != 0, "the server must assign a session id");
        QCOMPARE(client.sessionPassword().size(), 16);
        QCOMPARE(client.negotiatedTimeoutMs(), 10000);
        QCOMPARE(client.currentServer(), server().connectString());

        const auto identities = AWAIT(std::vector<ClientIdentity>, client.whoAmI(done));
        EXPECT_OK(identities, "whoAmI");
        QCOMPARE(identities->value, (std::vector<ClientIdentity>{{"ip", "127.0.0.1"}}));

        client.close();
        QCOMPARE(client.state(), ZooKeeperClient::State::Closed);
        const auto afterClose = AWAIT(Stat, client.exists("/", Watch::No, done));
        EXPECT_RESULT(afterClose, ErrorCode::SessionExpired, "exists after close()");
    }

    void answersFourLetterWords_data()
    {
        QTest::addColumn<QByteArray>("word");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ruok") << QByteArray("ruok") << "imok";
        QTest::newRow("srvr") << QByteArray("srvr") << "Zookeeper version: ";
        QTest::newRow("mntr") << QByteArray("mntr") << "zk_znode_count\t";
    }
    void answersFourLetterWords()
    {
        QFETCH(QByteArray, word);
        QFETCH(QString, expected);
        std::optional<FourLetterWordReply> reply;
        fourLetterWord("127.0.0.1", server().port(), word, this,
                       [&](const FourLetterWordReply &answer) { reply = answer; });
        QTRY_VERIFY2_WITH_TIMEOUT(reply.has_value(), "no answer to a four-letter word", ReplyTimeoutMs);
        QVERIFY2(reply->ok(), qPrintable(reply->error));
        QVERIFY2(QString::fromUtf8(reply->output).contains(expected),
                 qPrintable(QStringLiteral("expected \"%1\" in: %2").arg(expected, QString::fromUtf8(reply->output))));
    }

    void createReadUpdateDeleteWithStat()
    {
        auto client = connectClient();
        QVERIFY2(client, qPrintable(m_lastError));
        EXPECT_OK(AWAIT(CreateResult, client->create("/crud", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /crud");

        const auto created =
            AWAIT(CreateResult, client->create("/crud/a", "hello", openAclUnsafe(), CreateMode::Persistent, done));
        EXPECT_OK(created, "create /crud/a");
        const Stat stat = created->value.stat;
        QCOMPARE(created->value.path, QStringLiteral("/crud/a"));
        QCOMPARE(stat.version, 0);
        QCOMPARE(stat.cversion, 0);
        QCOMPARE(stat.aversion, 0);
        QCOMPARE(stat.dataLength, 5);
        QCOMPARE(stat.numChildren, 0);
        QCOMPARE(stat.ephemeralOwner, std::int64_t(0));
        QVERIFY2(stat.czxid > 0 && stat.mzxid == stat.czxid && stat.pzxid == stat.czxid,
                 "a new node's czxid, mzxid and pzxid are its creation zxid");
        QVERIFY2(stat.ctime > 0 && stat.mtime == stat.ctime, "a new node's mtime is its ctime");
        QCOMPARE(client->lastZxid(), stat.czxid);

        const auto existing = AWAIT(Stat, client->exists("/crud/a", Watch::No, done));
        EXPECT_OK(existing, "exists /crud/a");
        QCOMPARE(existing->value, stat);
        const auto read = AWAIT(DataResult, client->getData("/crud/a", Watch::No, done));
        EXPECT_OK(read, "getData /crud/a");
        QCOMPARE(read->value.data, QByteArray("hello"));
        QCOMPARE(read->value.stat, stat);

        const auto written = AWAIT(Stat, client->setData("/crud/a", "world!", 0, done));
        EXPECT_OK(written, "setData /crud/a at version 0");
        QCOMPARE(written->value.version, 1);
        QCOMPARE(written->value.dataLength, 6);
        QCOMPARE(written->value.czxid, stat.czxid);
        QVERIFY2(written->value.mzxid > stat.czxid, "setData moves mzxid");
        EXPECT_RESULT(AWAIT(Stat, client->setData("/crud/a", "stale", 0, done)), ErrorCode::BadVersion,
                      "setData at a stale version");

        const auto listed = AWAIT(ChildrenResult, client->getChildren2("/crud", Watch::No, done));
        EXPECT_OK(listed, "getChildren2 /crud");
        QCOMPARE(listed->value.children, QStringList{"a"});
        QCOMPARE(listed->value.stat.numChildren, 1);
        QCOMPARE(listed->value.stat.cversion, 1);
        QCOMPARE(listed->value.stat.pzxid, stat.czxid);
        const auto names = AWAIT(QStringList, client->getChildren("/crud", Watch::No, done));
        EXPECT_OK(names, "getChildren /crud");
        QCOMPARE(names->value, QStringList{"a"});
        const auto count = AWAIT(std::int32_t, client->getAllChildrenNumber("/crud", done));
        EXPECT_OK(count, "getAllChildrenNumber /crud");
        QCOMPARE(count->value, 1);

        EXPECT_RESULT(AWAIT(CreateResult, client->create("/crud/a", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                      ErrorCode::NodeExists, "create of an existing node");
        EXPECT_RESULT(
            AWAIT(CreateResult, client->create("/crud/none/x", {}, openAclUnsafe(), CreateMode::Persistent, done)),
            ErrorCode::NoNode, "create under a missing parent");

        const auto acl = AWAIT(AclResult, client->getAcl("/crud/a", done));
        EXPECT_OK(acl, "getACL /crud/a");
        QCOMPARE(acl->value.acl, openAclUnsafe());
        EXPECT_RESULT(AWAIT(Stat, client->setAcl("/crud/a", readAclUnsafe(), 3, done)), ErrorCode::BadVersion,
                      "setACL at a wrong aversion");
        const auto aclSet = AWAIT(Stat, client->setAcl("/crud/a", readAclUnsafe(), 0, done));
        EXPECT_OK(aclSet, "setACL /crud/a at aversion 0");
        QCOMPARE(aclSet->value.aversion, 1);
        EXPECT_RESULT(AWAIT(Stat, client->setAcl("/crud/a", openAclUnsafe(), -1, done)), ErrorCode::NoAuth,
                      "setACL without ADMIN permission");
        EXPECT_RESULT(AWAIT(Stat, client->setData("/crud/a", "x", -1, done)), ErrorCode::NoAuth,
                      "setData on a read-only ACL");

        const auto synced = AWAIT(QString, client->sync("/crud", done));
        EXPECT_OK(synced, "sync /crud");
        QCOMPARE(synced->value, QStringLiteral("/crud"));

        EXPECT_RESULT(AWAIT(void, client->remove("/crud", -1, done)), ErrorCode::NotEmpty, "delete of a parent");
        EXPECT_RESULT(AWAIT(void, client->remove("/crud/a", 7, done)), ErrorCode::BadVersion,
                      "delete at a wrong version");
        EXPECT_OK(AWAIT(void, client->remove("/crud/a", 1, done)), "delete /crud/a at version 1");
        QCOMPARE(existsError(*client, "/crud/a"), ErrorCode::NoNode);
        EXPECT_RESULT(AWAIT(void, client->remove("/crud/a", -1, done)), ErrorCode::NoNode, "delete of a missing node");
    }

    void createsEveryMode()
    {
        auto client = connectClient();
        QVERIFY2(client, qPrintable(m_lastError));
        EXPECT_OK(AWAIT(CreateResult, client->create("/modes", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /modes");

        const QRegularExpression tenDigits("^/modes/seq-\\d{10}$");
        const auto first = AWAIT(
            CreateResult, client->create("/modes/seq-", {}, openAclUnsafe(), CreateMode::PersistentSequential, done));
        EXPECT_OK(first, "create persistent sequential");
        QVERIFY2(tenDigits.match(first->value.path).hasMatch(), qPrintable(first->value.path));
        const auto second = AWAIT(
            CreateResult, client->create("/modes/seq-", {}, openAclUnsafe(), CreateMode::PersistentSequential, done));
        EXPECT_OK(second, "create persistent sequential again");
        QVERIFY2(second->value.path > first->value.path, "sequence numbers grow");

        const auto ephemeral =
            AWAIT(CreateResult, client->create("/modes/eph", "e", openAclUnsafe(), CreateMode::Ephemeral, done));
        EXPECT_OK(ephemeral, "create ephemeral");
        QCOMPARE(ephemeral->value.stat.ephemeralOwner, client->sessionId());
        const auto ephemeralSequential = AWAIT(
            CreateResult, client->create("/modes/eseq-", {}, openAclUnsafe(), CreateMode::EphemeralSequential, done));
        EXPECT_OK(ephemeralSequential, "create ephemeral sequential");
        QCOMPARE(ephemeralSequential->value.stat.ephemeralOwner, client->sessionId());
        EXPECT_RESULT(
            AWAIT(CreateResult, client->create("/modes/eph/child", {}, openAclUnsafe(), CreateMode::Persistent, done)),
            ErrorCode::NoChildrenForEphemerals, "create under an ephemeral");
        const auto ephemerals = AWAIT(QStringList, client->getEphemerals("/modes", done));
        EXPECT_OK(ephemerals, "getEphemerals /modes");
        QStringList sorted = ephemerals->value;
        sorted.sort();
        QCOMPARE(sorted, (QStringList{"/modes/eph", ephemeralSequential->value.path}));

        const auto container = AWAIT(CreateResult, client->createContainer("/modes/box", {}, openAclUnsafe(), done));
        EXPECT_OK(container, "createContainer");
        // Containers and TTL nodes show ephemeralOwner 0 to clients (DataTree.getClientEphemeralOwner).
        QCOMPARE(container->value.stat.ephemeralOwner, std::int64_t(0));
        const auto ttl = AWAIT(CreateResult, client->createTtl("/modes/ttl", {}, openAclUnsafe(),
                                                               CreateMode::PersistentWithTtl, 60000, done));
        EXPECT_OK(ttl, "createTTL");
        QCOMPARE(ttl->value.stat.ephemeralOwner, std::int64_t(0));
        const auto ttlSequential =
            AWAIT(CreateResult, client->createTtl("/modes/tseq-", {}, openAclUnsafe(),
                                                  CreateMode::PersistentSequentialWithTtl, 5000, done));
        EXPECT_OK(ttlSequential, "createTTL sequential");
        QVERIFY2(ttlSequential->value.path.startsWith("/modes/tseq-00"), qPrintable(ttlSequential->value.path));

        EXPECT_RESULT(AWAIT(CreateResult,
                            client->createTtl("/modes/bad", {}, openAclUnsafe(), CreateMode::Persistent, 5000, done)),
                      ErrorCode::BadArguments, "createTTL with a mode without TTL");
        EXPECT_RESULT(
            AWAIT(CreateResult, client->create("/modes/bad", {}, openAclUnsafe(), CreateMode::PersistentWithTtl, done)),
            ErrorCode::BadArguments, "create with a TTL mode but no TTL");
        EXPECT_RESULT(AWAIT(CreateResult, client->create("/modes/bad", {}, {}, CreateMode::Persistent, done)),
                      ErrorCode::InvalidAcl, "create with an empty ACL");
        const auto count = AWAIT(std::int32_t, client->getAllChildrenNumber("/modes", done));
        EXPECT_OK(count, "getAllChildrenNumber /modes");
        QCOMPARE(count->value, 7);
    }

    void oneTimeWatchesFireOnce()
    {
        auto client = connectClient();
        QVERIFY2(client, qPrintable(m_lastError));
        const auto events = recordEvents(*client);
        EXPECT_OK(AWAIT(CreateResult, client->create("/w", "0", openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /w");

        EXPECT_OK(AWAIT(DataResult, client->getData("/w", Watch::Yes, done)), "getData /w with a watch");
        EXPECT_RESULT(AWAIT(Stat, client->exists("/w/new", Watch::Yes, done)), ErrorCode::NoNode,
                      "exists /w/new with a watch");
        EXPECT_OK(AWAIT(QStringList, client->getChildren("/w", Watch::Yes, done)), "getChildren /w with a watch");
        QVERIFY(client->watches().contains(WatchRegistry::Kind::Data, "/w"));
        QVERIFY(client->watches().contains(WatchRegistry::Kind::Exist, "/w/new"));
        QVERIFY(client->watches().contains(WatchRegistry::Kind::Child, "/w"));

        EXPECT_OK(AWAIT(Stat, client->setData("/w", "1", -1, done)), "first setData /w");
        EXPECT_OK(AWAIT(Stat, client->setData("/w", "2", -1, done)), "second setData /w");
        EXPECT_OK(AWAIT(CreateResult, client->create("/w/new", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /w/new");
        EXPECT_OK(AWAIT(CreateResult, client->create("/w/more", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /w/more");
        EXPECT_OK(AWAIT(DataResult, client->getData("/w/new", Watch::Yes, done)), "getData /w/new with a watch");
        EXPECT_OK(AWAIT(void, client->remove("/w/new", -1, done)), "delete /w/new");
        // One more round trip: anything the writes above triggered has arrived by now.
        EXPECT_OK(AWAIT(QString, client->sync("/w", done)), "sync");
        QTRY_COMPARE(*events, (QStringList{"NodeDataChanged /w", "NodeCreated /w/new", "NodeChildrenChanged /w",
                                           "NodeDeleted /w/new"}));
        QVERIFY2(client->watches().isEmpty(), "every one-time watch fired and is gone");
    }

    void persistentWatchesKeepFiring()
    {
        auto client = connectClient();
        QVERIFY2(client, qPrintable(m_lastError));
        const auto events = recordEvents(*client);
        EXPECT_OK(AWAIT(CreateResult, client->create("/r", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /r");
        EXPECT_OK(AWAIT(CreateResult, client->create("/p", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /p");
        EXPECT_OK(AWAIT(void, client->addWatch("/r", AddWatchMode::PersistentRecursive, done)),
                  "addWatch /r recursive");
        EXPECT_OK(AWAIT(void, client->addWatch("/p", AddWatchMode::Persistent, done)), "addWatch /p persistent");

        EXPECT_OK(AWAIT(CreateResult, client->create("/r/a", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /r/a");
        EXPECT_OK(AWAIT(Stat, client->setData("/r/a", "x", -1, done)), "setData /r/a");
        EXPECT_OK(AWAIT(CreateResult, client->create("/r/a/b", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /r/a/b");
        EXPECT_OK(AWAIT(void, client->remove("/r/a/b", -1, done)), "delete /r/a/b");
        EXPECT_OK(AWAIT(Stat, client->setData("/r", "y", -1, done)), "setData /r");
        EXPECT_OK(AWAIT(Stat, client->setData("/p", "1", -1, done)), "setData /p");
        EXPECT_OK(AWAIT(Stat, client->setData("/p", "2", -1, done)), "setData /p again");
        EXPECT_OK(AWAIT(CreateResult, client->create("/p/c", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /p/c");
        EXPECT_OK(AWAIT(QString, client->sync("/", done)), "sync");
        // Recursive watches report no NodeChildrenChanged; a plain persistent one does.
        QTRY_COMPARE(*events, (QStringList{"NodeCreated /r/a", "NodeDataChanged /r/a", "NodeCreated /r/a/b",
                                           "NodeDeleted /r/a/b", "NodeDataChanged /r", "NodeDataChanged /p",
                                           "NodeDataChanged /p", "NodeChildrenChanged /p"}));

        events->clear();
        EXPECT_OK(AWAIT(void, client->checkWatches("/r", WatcherType::Any, done)), "checkWatches /r");
        EXPECT_OK(AWAIT(void, client->removeWatches("/r", WatcherType::Any, done)), "removeWatches /r");
        QCOMPARE(*events, QStringList{"PersistentWatchRemoved /r"});
        EXPECT_RESULT(AWAIT(void, client->checkWatches("/r", WatcherType::Any, done)), ErrorCode::NoWatcher,
                      "checkWatches after removal");
        EXPECT_RESULT(AWAIT(void, client->removeWatches("/r", WatcherType::Any, done)), ErrorCode::NoWatcher,
                      "removeWatches twice");
        EXPECT_OK(AWAIT(CreateResult, client->create("/r/z", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /r/z");
        EXPECT_OK(AWAIT(QString, client->sync("/", done)), "sync");
        QCOMPARE(*events, QStringList{"PersistentWatchRemoved /r"});
    }

    void multiReportsEveryOp()
    {
        auto client = connectClient();
        QVERIFY2(client, qPrintable(m_lastError));
        EXPECT_OK(AWAIT(CreateResult, client->create("/m", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /m");

        const auto done1 =
            AWAIT(MultiResult,
                  client->multi({Op::create("/m/a", "1", openAclUnsafe()), Op::create("/m/b", {}, openAclUnsafe()),
                                 Op::setData("/m/a", "2"), Op::check("/m/a", 1), Op::remove("/m/b"),
                                 Op::create("/m/t", {}, openAclUnsafe(), CreateMode::PersistentWithTtl, 60000)},
                                done));
        EXPECT_OK(done1, "multi that succeeds");
        const MultiResult &results = done1->value;
        QCOMPARE(int(results.size()), 6);
        QCOMPARE(results[0].opCode, OpCode::Create);
        QCOMPARE(results[0].path, QStringLiteral("/m/a"));
        QCOMPARE(results[1].opCode, OpCode::Create);
        QCOMPARE(results[2].opCode, OpCode::SetData);
        QCOMPARE(results[2].stat.version, 1);
        QCOMPARE(results[3].opCode, OpCode::Check);
        QCOMPARE(results[4].opCode, OpCode::Delete);
        QCOMPARE(results[5].opCode, OpCode::Create2);
        QCOMPARE(results[5].path, QStringLiteral("/m/t"));
        QVERIFY2(results[5].stat.czxid > 0, "a TTL create in a multi reports its Stat");
        for (const OpResult &result : results)
            QCOMPARE(result.error, ErrorCode::Ok);

        const auto failed = AWAIT(MultiResult, client->multi({Op::create("/m/x", {}, openAclUnsafe()),
                                                              Op::check("/m/a", 99), Op::setData("/m/a", "3")},
                                                             done));
        EXPECT_RESULT(failed, ErrorCode::BadVersion, "multi with a failing check");
        QCOMPARE(int(failed->value.size()), 3);
        QCOMPARE(failed->value[0].error, ErrorCode::Ok);
        QCOMPARE(failed->value[1].error, ErrorCode::BadVersion);
        QCOMPARE(failed->value[2].error, ErrorCode::RuntimeInconsistency);
        for (const OpResult &result : failed->value)
            QCOMPARE(result.opCode, OpCode::Error);
        QCOMPARE(existsError(*client, "/m/x"), ErrorCode::NoNode); // nothing of it happened

        const auto read =
            AWAIT(MultiReadResult,
                  client->multiRead({ReadOp::getData("/m/a"), ReadOp::getChildren("/m"), ReadOp::getData("/m/missing")},
                                    done));
        EXPECT_OK(read, "multiRead");
        QCOMPARE(int(read->value.size()), 3);
        QCOMPARE(read->value[0].opCode, OpCode::GetData);
        QCOMPARE(read->value[0].data, QByteArray("2"));
        QCOMPARE(read->value[0].stat.version, 1);
        QCOMPARE(read->value[1].opCode, OpCode::GetChildren);
        QStringList children = read->value[1].children;
        children.sort();
        QCOMPARE(children, (QStringList{"a", "t"}));
        QCOMPARE(read->value[2].error, ErrorCode::NoNode);
    }

    void chrootIsInvisibleToTheCaller()
    {
        auto root = connectClient();
        QVERIFY2(root, qPrintable(m_lastError));
        EXPECT_OK(AWAIT(CreateResult, root->create("/ch", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /ch");
        auto client = connectClient("/ch");
        QVERIFY2(client, qPrintable(m_lastError));
        QCOMPARE(client->chroot(), QStringLiteral("/ch"));
        const auto events = recordEvents(*client);

        const auto created =
            AWAIT(CreateResult, client->create("/x", "d", openAclUnsafe(), CreateMode::Persistent, done));
        EXPECT_OK(created, "create /x below the chroot");
        QCOMPARE(created->value.path, QStringLiteral("/x"));
        const auto seenFromRoot = AWAIT(DataResult, root->getData("/ch/x", Watch::No, done));
        EXPECT_OK(seenFromRoot, "getData /ch/x from the root");
        QCOMPARE(seenFromRoot->value.data, QByteArray("d"));

        const auto top = AWAIT(Stat, client->exists("/", Watch::No, done));
        EXPECT_OK(top, "exists / below the chroot");
        QCOMPARE(top->value.numChildren, 1);
        const auto children = AWAIT(QStringList, client->getChildren("/", Watch::No, done));
        EXPECT_OK(children, "getChildren / below the chroot");
        QCOMPARE(children->value, QStringList{"x"});
        const auto sequential =
            AWAIT(CreateResult, client->create("/s-", {}, openAclUnsafe(), CreateMode::PersistentSequential, done));
        EXPECT_OK(sequential, "sequential create below the chroot");
        QVERIFY2(QRegularExpression("^/s-\\d{10}$").match(sequential->value.path).hasMatch(),
                 qPrintable(sequential->value.path));
        EXPECT_OK(AWAIT(CreateResult, client->create("/e", {}, openAclUnsafe(), CreateMode::Ephemeral, done)),
                  "create /e");
        const auto ephemerals = AWAIT(QStringList, client->getEphemerals("/", done));
        EXPECT_OK(ephemerals, "getEphemerals below the chroot");
        QCOMPARE(ephemerals->value, QStringList{"/e"});
        const auto multi =
            AWAIT(MultiResult, client->multi({Op::create("/m1", {}, openAclUnsafe()), Op::setData("/x", "y")}, done));
        EXPECT_OK(multi, "multi below the chroot");
        QCOMPARE(multi->value.at(0).path, QStringLiteral("/m1"));
        const auto synced = AWAIT(QString, client->sync("/x", done));
        EXPECT_OK(synced, "sync below the chroot");
        QCOMPARE(synced->value, QStringLiteral("/x"));

        EXPECT_OK(AWAIT(DataResult, client->getData("/x", Watch::Yes, done)), "getData /x with a watch");
        EXPECT_OK(AWAIT(void, client->addWatch("/", AddWatchMode::PersistentRecursive, done)), "addWatch / recursive");
        EXPECT_OK(AWAIT(Stat, root->setData("/ch/x", "z", -1, done)), "setData /ch/x from the root");
        EXPECT_OK(AWAIT(CreateResult, root->create("/chother", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /chother outside the chroot");
        EXPECT_OK(AWAIT(CreateResult, root->create("/ch/y", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /ch/y");
        // One event per change even when two of the session's watches match it (the server sends one).
        QTRY_COMPARE(*events, (QStringList{"NodeDataChanged /x", "NodeCreated /y"}));
    }

    void digestAuthGuardsNodes()
    {
        auto owner = connectClient();
        QVERIFY2(owner, qPrintable(m_lastError));
        EXPECT_OK(AWAIT(void, owner->addAuth("digest", "alice:secret", done)), "addAuth alice");
        EXPECT_OK(AWAIT(CreateResult, owner->create("/secret", "s", creatorAllAcl(), CreateMode::Persistent, done)),
                  "create /secret with the creator's ACL");
        const auto acl = AWAIT(AclResult, owner->getAcl("/secret", done));
        EXPECT_OK(acl, "getACL /secret");
        QCOMPARE(acl->value.acl, (AclList{Acl{Perm::All, {"digest", digestId("alice", "secret")}}}));
        const auto identities = AWAIT(std::vector<ClientIdentity>, owner->whoAmI(done));
        EXPECT_OK(identities, "whoAmI");
        QVERIFY2(std::find(identities->value.begin(), identities->value.end(), ClientIdentity{"digest", "alice"}) !=
                     identities->value.end(),
                 "whoAmI must list the digest identity");

        auto stranger = connectClient();
        QVERIFY2(stranger, qPrintable(m_lastError));
        EXPECT_RESULT(AWAIT(DataResult, stranger->getData("/secret", Watch::No, done)), ErrorCode::NoAuth,
                      "getData without credentials");
        EXPECT_OK(AWAIT(void, stranger->addAuth("digest", "alice:wrong", done)), "addAuth with a wrong password");
        EXPECT_RESULT(AWAIT(DataResult, stranger->getData("/secret", Watch::No, done)), ErrorCode::NoAuth,
                      "getData with a wrong password");
        EXPECT_OK(AWAIT(void, stranger->addAuth("digest", "alice:secret", done)), "addAuth with the right password");
        const auto read = AWAIT(DataResult, stranger->getData("/secret", Watch::No, done));
        EXPECT_OK(read, "getData with the right password");
        QCOMPARE(read->value.data, QByteArray("s"));
    }

    void unknownAuthSchemeIsFinal()
    {
        auto client = connectClient();
        QVERIFY2(client, qPrintable(m_lastError));
        QSignalSpy states(client.get(), &ZooKeeperClient::stateChanged);
        EXPECT_RESULT(AWAIT(void, client->addAuth("nosuchscheme", "x", done)), ErrorCode::AuthFailed,
                      "addAuth with an unknown scheme");
        QTRY_COMPARE(client->state(), ZooKeeperClient::State::AuthFailed);
        EXPECT_RESULT(AWAIT(Stat, client->exists("/", Watch::No, done)), ErrorCode::AuthFailed,
                      "exists after AuthFailed");
        QCOMPARE(states.size(), 1);
    }

    void sessionExpiryIsReported()
    {
        ClientOptions slowToReturn = options();
        // Time for another client to take the session over and close it before this one is back.
        slowToReturn.reconnectDelayMs = 1000;
        auto client = connectClient({}, slowToReturn);
        QVERIFY2(client, qPrintable(m_lastError));
        EXPECT_OK(AWAIT(CreateResult, client->create("/expiring", {}, openAclUnsafe(), CreateMode::Ephemeral, done)),
                  "create an ephemeral node");
        QSignalSpy states(client.get(), &ZooKeeperClient::stateChanged);

        // The classic way to expire a session: resume it elsewhere, then close it there.
        ClientOptions takeover = options();
        takeover.sessionId = client->sessionId();
        takeover.sessionPassword = client->sessionPassword();
        auto thief = connectClient({}, takeover);
        QVERIFY2(thief, qPrintable(m_lastError));
        QCOMPARE(thief->sessionId(), client->sessionId());
        thief->close();

        QTRY_COMPARE_WITH_TIMEOUT(client->state(), ZooKeeperClient::State::Expired, ReplyTimeoutMs);
        QList<ZooKeeperClient::State> seen;
        for (const auto &arguments : states)
            seen.append(arguments.at(0).value<ZooKeeperClient::State>());
        QCOMPARE(seen,
                 (QList<ZooKeeperClient::State>{ZooKeeperClient::State::Disconnected,
                                                ZooKeeperClient::State::Connecting, ZooKeeperClient::State::Expired}));
        EXPECT_RESULT(AWAIT(Stat, client->exists("/", Watch::No, done)), ErrorCode::SessionExpired,
                      "a request after expiry");
        auto observer = connectClient();
        QVERIFY2(observer, qPrintable(m_lastError));
        QCOMPARE(existsError(*observer, "/expiring"), ErrorCode::NoNode);
    }

    void closeEndsTheSession()
    {
        auto client = connectClient();
        QVERIFY2(client, qPrintable(m_lastError));
        EXPECT_OK(AWAIT(CreateResult, client->create("/closing", {}, openAclUnsafe(), CreateMode::Ephemeral, done)),
                  "create an ephemeral node");
        auto observer = connectClient();
        QVERIFY2(observer, qPrintable(m_lastError));
        client->close();
        QTRY_COMPARE_WITH_TIMEOUT(existsError(*observer, "/closing"), ErrorCode::NoNode, ReplyTimeoutMs);
    }

    void bigRepliesKeepTheirOrder_data()
    {
        QTest::addColumn<qsizetype>("backgroundDecodeBytes");
        QTest::newRow("decoded on the caller's thread") << qsizetype(0);
        QTest::newRow("decoded on a worker thread") << qsizetype(1);
    }

    // Replies decoded on a worker thread still reach the callbacks in request order, on the
    // caller's thread, with the same contents.
    void bigRepliesKeepTheirOrder()
    {
        QFETCH(qsizetype, backgroundDecodeBytes);
        ClientOptions custom = options();
        custom.backgroundDecodeBytes = backgroundDecodeBytes;
        auto client = connectClient({}, custom);
        QVERIFY2(client, qPrintable(m_lastError));
        const QString parent = QStringLiteral("/order-%1").arg(backgroundDecodeBytes);
        EXPECT_OK(AWAIT(CreateResult, client->create(parent, "parent data", openAclUnsafe(), CreateMode::Persistent,
                                                     done)),
                  "create the parent");
        QStringList expected;
        for (int i = 0; i < 300; ++i)
            expected.append(QStringLiteral("child-%1").arg(i, 3, 10, QLatin1Char('0')));
        for (const QString &name : expected)
            client->create(parent + u'/' + name, {}, openAclUnsafe(), CreateMode::Persistent, {});
        EXPECT_OK(AWAIT(QString, client->sync(parent, done)), "sync after creating the children");

        QStringList order;
        QList<QThread *> threads;
        std::optional<ChildrenResult> children2;
        std::optional<QStringList> children;
        std::optional<QByteArray> data;
        const auto note = [&](const QString &what) {
            order.append(what);
            threads.append(QThread::currentThread());
        };
        client->getChildren2(parent, Watch::No, [&](const Result<ChildrenResult> &r) {
            note(QStringLiteral("getChildren2"));
            if (r.ok())
                children2 = r.value;
        });
        client->exists(parent, Watch::No, [&](const Result<Stat> &) { note(QStringLiteral("exists")); });
        client->getData(parent, Watch::No, [&](const Result<DataResult> &r) {
            note(QStringLiteral("getData"));
            if (r.ok())
                data = r.value.data;
        });
        client->getChildren(parent, Watch::No, [&](const Result<QStringList> &r) {
            note(QStringLiteral("getChildren"));
            if (r.ok())
                children = r.value;
        });
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), 4, ReplyTimeoutMs);
        QCOMPARE(order, (QStringList{"getChildren2", "exists", "getData", "getChildren"}));
        for (QThread *thread : threads)
            QVERIFY2(thread == client->thread(), "callbacks must run on the client's thread");
        QVERIFY2(children2 && children && data, "every read must succeed");
        QStringList listed = children2->children;
        listed.sort();
        QCOMPARE(listed, expected);
        QCOMPARE(children2->stat.numChildren, 300);
        listed = *children;
        listed.sort();
        QCOMPARE(listed, expected);
        QCOMPARE(*data, QByteArray("parent data"));
    }

    // Destroying the client from a callback while later replies may be on a worker is safe.
    void destroyedWhileDecodingInBackground()
    {
        ClientOptions custom = options();
        custom.backgroundDecodeBytes = 1;
        auto client = connectClient({}, custom);
        QVERIFY2(client, qPrintable(m_lastError));
        EXPECT_OK(AWAIT(CreateResult, client->create("/bg-destroy", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /bg-destroy");
        bool firstAnswered = false;
        int laterAnswers = 0;
        client->getData("/bg-destroy", Watch::No, [&](const Result<DataResult> &) {
            firstAnswered = true;
            client.reset();
        });
        for (int i = 0; i < 20; ++i)
            client->getChildren2("/bg-destroy", Watch::No, [&](const Result<ChildrenResult> &) { ++laterAnswers; });
        QTRY_VERIFY_WITH_TIMEOUT(firstAnswered, ReplyTimeoutMs);
        // Nothing to wait for but the absence of calls: give a stray worker time to misbehave.
        QTest::qWait(100);
        QCOMPARE(laterAnswers, 0);
    }

    void survivesAServerKilledAndRestarted()
    {
        // Apache restores the session with a fresh deadline while it starts; its JVM may take longer
        // than 10 s to accept connections on a loaded machine, so this session gets 40 s.
        ClientOptions longSession = options();
        longSession.sessionTimeoutMs = 40000;
        auto client = connectClient({}, longSession);
        QVERIFY2(client, qPrintable(m_lastError));
        const auto events = recordEvents(*client);
        EXPECT_OK(AWAIT(void, client->addAuth("digest", "carol:pw", done)), "addAuth carol");
        EXPECT_OK(AWAIT(CreateResult, client->create("/k", "v0", creatorAllAcl(), CreateMode::Persistent, done)),
                  "create /k");
        EXPECT_OK(AWAIT(CreateResult, client->create("/kr", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /kr");
        EXPECT_OK(AWAIT(CreateResult, client->create("/k-eph", {}, openAclUnsafe(), CreateMode::Ephemeral, done)),
                  "create /k-eph");
        EXPECT_OK(AWAIT(DataResult, client->getData("/k", Watch::Yes, done)), "getData /k with a watch");
        EXPECT_RESULT(AWAIT(Stat, client->exists("/k-new", Watch::Yes, done)), ErrorCode::NoNode,
                      "exists /k-new with a watch");
        EXPECT_OK(AWAIT(void, client->addWatch("/kr", AddWatchMode::PersistentRecursive, done)), "addWatch /kr");
        const std::int64_t sessionId = client->sessionId();
        QSignalSpy states(client.get(), &ZooKeeperClient::stateChanged);

        server().kill();
        QTRY_VERIFY2_WITH_TIMEOUT(!states.isEmpty(), "the client must notice the server's death", ReplyTimeoutMs);
        QCOMPARE(states.at(0).at(0).value<ZooKeeperClient::State>(), ZooKeeperClient::State::Disconnected);
        QString problem;
        QVERIFY2(server().start(&problem), qPrintable(problem));
        QVERIFY2(server().waitUntilReady(30000, &problem), qPrintable(problem));

        QTRY_COMPARE_WITH_TIMEOUT(client->state(), ZooKeeperClient::State::Connected, ReplyTimeoutMs);
        QCOMPARE(client->sessionId(), sessionId);
        for (const auto &arguments : states)
            QVERIFY2(arguments.at(0).value<ZooKeeperClient::State>() != ZooKeeperClient::State::Expired,
                     "the session must survive the restart");

        // Another client changes what the first one watches: setWatches brought the watches back.
        auto other = connectClient();
        QVERIFY2(other, qPrintable(m_lastError));
        const auto ephemeral = AWAIT(Stat, other->exists("/k-eph", Watch::No, done));
        EXPECT_OK(ephemeral, "the session's ephemeral node after the restart");
        QCOMPARE(ephemeral->value.ephemeralOwner, sessionId);
        EXPECT_OK(AWAIT(void, other->addAuth("digest", "carol:pw", done)), "addAuth carol on the other client");
        EXPECT_OK(AWAIT(Stat, other->setData("/k", "v1", -1, done)), "setData /k");
        EXPECT_OK(AWAIT(CreateResult, other->create("/k-new", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /k-new");
        EXPECT_OK(AWAIT(CreateResult, other->create("/kr/x", {}, openAclUnsafe(), CreateMode::Persistent, done)),
                  "create /kr/x");
        QTRY_COMPARE(*events, (QStringList{"NodeDataChanged /k", "NodeCreated /k-new", "NodeCreated /kr/x"}));

        // The credentials were sent again on the new connection.
        const auto read = AWAIT(DataResult, client->getData("/k", Watch::No, done));
        EXPECT_OK(read, "getData /k (creator-only ACL) after the reconnect");
        QCOMPARE(read->value.data, QByteArray("v1"));
    }
};

QTEST_GUILESS_MAIN(TestClient)
#include "tst_client.moc"
