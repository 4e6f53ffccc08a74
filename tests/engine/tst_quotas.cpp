// Quotas as Apache ZooKeeper 3.8 keeps them: StatsTrack's text, the zookeeper_stats bookkeeping of
// the tree on create/delete/setData (deepest quota only), rebuilding after a snapshot is loaded,
// and enforceQuota's refusal of writes over a hard limit.

#include "ServiceHarness.h"
#include "proto/StatsTrack.h"
#include "server/QuotaEnforcer.h"
#include "server/QuotaMetrics.h"
#include "storage/Snapshot.h"
#include "tree/DataTree.h"

#include <QTest>

using namespace zooscope;
using namespace zooscope::proto;
using testing::ServiceHarness;
using tree::DataTree;
using tree::Notification;

namespace {
const AclList OpenAcl{{31, {"world", "anyone"}}};

// A script line: "create PATH [DATA]", "set PATH DATA", "delete PATH", or "quota PATH", which
// creates the quota nodes as zkCli's setquota does (parents, zookeeper_limits, zookeeper_stats).
class TreeScript
{
public:
    explicit TreeScript(DataTree &tree)
        : m_tree(tree)
    {
    }

    void run(const QStringList &lines)
    {
        for (const QString &line : lines) {
            const QStringList words = line.split(u' ');
            const QByteArray path = words.value(1).toUtf8();
            const QByteArray data = words.value(2).toUtf8();
            if (words.first() == QLatin1String("create")) {
                create(path, data);
            } else if (words.first() == QLatin1String("set")) {
                Transaction txn = header(OpCode::SetData);
                txn.body = SetDataTxn{path, data, 1};
                apply(txn);
            } else if (words.first() == QLatin1String("delete")) {
                Transaction txn = header(OpCode::Delete);
                txn.body = DeleteTxn{path};
                apply(txn);
            } else if (words.first() == QLatin1String("quota")) {
                QByteArray quotaPath = Quotas::QuotaRoot.toByteArray();
                for (const QByteArray &part : path.mid(1).split('/')) {
                    quotaPath += '/' + part;
                    if (!m_tree.find(quotaPath))
                        create(quotaPath, {});
                }
                create(Quotas::limitPath(path), "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2");
                create(Quotas::statPath(path), "count=0,bytes=0");
            }
        }
    }

private:
    Transaction header(std::int32_t type) { return {{0, 1, ++m_zxid, 1000, type}, {}, {}}; }
    void create(const QByteArray &path, const QByteArray &data)
    {
        Transaction txn = header(OpCode::Create);
        txn.body = CreateTxn{path, data, OpenAcl, false, -1};
        apply(txn);
    }
    void apply(const Transaction &txn)
    {
        std::vector<Notification> ignored;
        const auto result = m_tree.apply(txn, ignored);
        QVERIFY2(result.err == ErrorCode::Ok, qPrintable(QStringLiteral("applying a transaction on %1 failed: %2")
                                                             .arg(QString::fromUtf8(result.path))
                                                             .arg(int(result.err))));
    }

    DataTree &m_tree;
    std::int64_t m_zxid = 0;
};

QByteArray statsOf(const DataTree &tree, const QByteArray &quotaPath)
{
    const tree::DataNode *node = tree.find(Quotas::statPath(quotaPath));
    return node ? node->data() : QByteArray("<missing>");
}

server::ServerConfig enforcingConfig()
{
    server::ServerConfig config;
    config.enforceQuota = true;
    return config;
}

ErrorCode replyError(ServiceHarness &harness, server::ConnectionId client)
{
    const auto frames = harness.takeFrames(client);
    return frames.empty() ? ErrorCode::SystemError : ErrorCode(frames.back().header.err);
}
} // namespace

class TestQuotas : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statsTrackText_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("written");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<qint64>("byteHardLimit");
        QTest::newRow("stats") << QByteArray("count=3,bytes=12") << "count=3,bytes=12" << qint64(3) << qint64(-1);
        QTest::newRow("limits as zkCli writes them")
            << QByteArray("count=10,bytes=-1=;byteHardLimit=-1;countHardLimit=-1")
            << "count=10,bytes=-1=;byteHardLimit=-1;countHardLimit=-1" << qint64(10) << qint64(-1);
        QTest::newRow("semicolons, any order") << QByteArray("byteHardLimit=7;count=1;bytes=2")
                                               << "count=1,bytes=2=;byteHardLimit=7" << qint64(1) << qint64(7);
        QTest::newRow("empty value is -1")
            << QByteArray("count=,bytes=5") << "count=-1,bytes=5" << qint64(-1) << qint64(-1);
        QTest::newRow("empty text") << QByteArray() << "count=-1,bytes=-1" << qint64(-1) << qint64(-1);
        QTest::newRow("garbage is skipped")
            << QByteArray("count=x;;bytes=4,junk") << "count=-1,bytes=4" << qint64(-1) << qint64(-1);
    }
    void statsTrackText()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, written);
        QFETCH(qint64, count);
        QFETCH(qint64, byteHardLimit);
        const StatsTrack track = StatsTrack::parse(input);
        QCOMPARE(track.toString(), written);
        QCOMPARE(track.count(), count);
        QCOMPARE(track.byteHardLimit(), byteHardLimit);
    }

    void statsFollowTheTree_data()
    {
        QTest::addColumn<QStringList>("script");
        QTest::addColumn<QByteArray>("quotaPath");
        QTest::addColumn<QByteArray>("stats");
        QTest::newRow("quota counts the node itself")
            << QStringList{"create /a abc", "quota /a"} << QByteArray("/a") << QByteArray("count=1,bytes=3");
        QTest::newRow("existing subtree counted when the stats node is created")
            << QStringList{"create /a 12", "create /a/b 345", "create /a/b/c", "quota /a"} << QByteArray("/a")
            << QByteArray("count=3,bytes=5");
        QTest::newRow("creates below add count and bytes")
            << QStringList{"create /a", "quota /a", "create /a/x 1234", "create /a/x/y 5"} << QByteArray("/a")
            << QByteArray("count=3,bytes=5");
        QTest::newRow("deletes subtract")
            << QStringList{"create /a", "quota /a", "create /a/x 1234", "create /a/y 56", "delete /a/x"}
            << QByteArray("/a") << QByteArray("count=2,bytes=2");
        QTest::newRow("setData adds the size difference")
            << QStringList{"create /a 1", "quota /a", "set /a 123456", "create /a/b xy", "set /a/b x"}
            << QByteArray("/a") << QByteArray("count=2,bytes=7");
        QTest::newRow("nodes outside the quota do not count")
            << QStringList{"create /a", "create /ab 1", "quota /a", "create /ab/c 22", "set /ab 333"}
            << QByteArray("/a") << QByteArray("count=1,bytes=0");
        QTest::newRow("nested: the inner quota takes its subtree's changes")
            << QStringList{"create /a", "quota /a", "create /a/b", "quota /a/b", "create /a/b/c 12"}
            << QByteArray("/a/b") << QByteArray("count=2,bytes=2");
        QTest::newRow("nested: the outer quota no longer sees them")
            << QStringList{"create /a", "quota /a", "create /a/b", "quota /a/b", "create /a/b/c 12"} << QByteArray("/a")
            << QByteArray("count=2,bytes=0");
        QTest::newRow("deleting the limits node ends the bookkeeping")
            << QStringList{"create /a", "quota /a", "delete /zookeeper/quota/a/zookeeper_limits", "create /a/b 1"}
            << QByteArray("/a") << QByteArray("count=1,bytes=0");
    }
    void statsFollowTheTree()
    {
        QFETCH(QStringList, script);
        QFETCH(QByteArray, quotaPath);
        QFETCH(QByteArray, stats);
        DataTree tree;
        TreeScript(tree).run(script);
        QCOMPARE(statsOf(tree, quotaPath), stats);
    }

    void statsNodeStatDoesNotMove()
    {
        DataTree tree;
        TreeScript(tree).run({"create /a", "quota /a"});
        const Stat before = tree.exposedStat(*tree.find(Quotas::statPath("/a")));
        TreeScript(tree).run({"create /a/b 12345"});
        const Stat after = tree.exposedStat(*tree.find(Quotas::statPath("/a")));
        QCOMPARE(after.version, before.version);
        QCOMPARE(after.mzxid, before.mzxid);
        QCOMPARE(after.dataLength, std::int32_t(QByteArray("count=2,bytes=5").size()));
    }

    void maxPrefixWithQuotaUsesWholeComponents_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("quota");
        QTest::newRow("the quota path") << QByteArray("/a/b") << QByteArray("/a/b");
        QTest::newRow("below it") << QByteArray("/a/b/c/d") << QByteArray("/a/b");
        QTest::newRow("a sibling with the same prefix") << QByteArray("/a/bc") << QByteArray();
        QTest::newRow("its parent") << QByteArray("/a") << QByteArray();
        QTest::newRow("the root") << QByteArray("/") << QByteArray();
    }
    void maxPrefixWithQuotaUsesWholeComponents()
    {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, quota);
        DataTree tree;
        TreeScript(tree).run({"create /a", "create /a/b", "quota /a/b"});
        QCOMPARE(tree.maxPrefixWithQuota(path), quota);
    }

    void loadingASnapshotRebuildsStats()
    {
        DataTree tree;
        TreeScript(tree).run({"create /a", "quota /a", "create /a/b", "quota /a/b", "create /a/b/c 12", "create /x",
                              "create /x/y 1", "quota /x"});
        QCOMPARE(statsOf(tree, "/a"), QByteArray("count=2,bytes=0")); // the inner quota took /a/b/c
        // A stats node that went wrong on disk is recomputed as well.
        TreeScript(tree).run({"set /zookeeper/quota/x/zookeeper_stats count=99,bytes=99"});
        const QByteArray bytes = storage::encodeSnapshot(tree, {});
        DataTree restored;
        QString error;
        QVERIFY2(storage::decodeSnapshot(bytes, tree.lastProcessedZxid(), restored, &error), qPrintable(error));
        // As Apache's setupQuota: every quota counts its whole subtree again.
        QCOMPARE(statsOf(restored, "/a"), QByteArray("count=3,bytes=2"));
        QCOMPARE(statsOf(restored, "/a/b"), QByteArray("count=2,bytes=2"));
        QCOMPARE(statsOf(restored, "/x"), QByteArray("count=2,bytes=1"));
        QCOMPARE(restored.quotaPaths(), (QSet<QByteArray>{"/a", "/a/b", "/x"}));
        // ... and keeps counting afterwards.
        TreeScript(restored).run({"create /x/z 333"});
        QCOMPARE(statsOf(restored, "/x"), QByteArray("count=3,bytes=4"));
    }

    void enforcement_data()
    {
        QTest::addColumn<bool>("enforce");
        QTest::addColumn<QByteArray>("limits");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("expected");
        QTest::addColumn<QString>("warning");
        const int ok = int(ErrorCode::Ok);
        const int exceeded = int(ErrorCode::QuotaExceeded);
        QTest::newRow("hard count, enforced")
            << true << QByteArray("count=-1,bytes=-1=;countHardLimit=2") << QByteArray() << exceeded
            << "Message:Quota exceeded: /q [current count=3, hardCountLimit=2] Value:null";
        QTest::newRow("hard count, not enforced")
            << false << QByteArray("count=-1,bytes=-1=;countHardLimit=2") << QByteArray() << ok << QString();
        QTest::newRow("soft count only logs")
            << true << QByteArray("count=2,bytes=-1") << QByteArray() << ok
            << "Message:Quota exceeded: /q [current count=3, softCountLimit=2] Value:null";
        QTest::newRow("hard bytes") << true << QByteArray("count=-1,bytes=-1=;byteHardLimit=3") << QByteArray("abcd")
                                    << exceeded
                                    << "Message:Quota exceeded: /q [current bytes=4, hardByteLimit=3] Value:null";
        QTest::newRow("hard limit replaces the soft one")
            << true << QByteArray("count=1,bytes=-1=;countHardLimit=5") << QByteArray() << ok << QString();
        QTest::newRow("within limits") << true << QByteArray("count=-1,bytes=10=;countHardLimit=3") << QByteArray("xy")
                                       << ok << QString();
    }
    void enforcement()
    {
        QFETCH(bool, enforce);
        QFETCH(QByteArray, limits);
        QFETCH(QByteArray, data);
        QFETCH(int, expected);
        QFETCH(QString, warning);
        server::ServerConfig config;
        config.enforceQuota = enforce;
        ServiceHarness harness(config);
        const auto client = harness.connect();
        std::int32_t xid = 0;
        for (const QByteArray &path : {QByteArray("/q"), QByteArray("/zookeeper/quota/q")})
            harness.sendRequest(client, ++xid, OpCode::Create, CreateRequest{path, "", OpenAcl, 0});
        harness.sendRequest(client, ++xid, OpCode::Create, CreateRequest{Quotas::limitPath("/q"), limits, OpenAcl, 0});
        harness.sendRequest(client, ++xid, OpCode::Create, CreateRequest{Quotas::statPath("/q"), "", OpenAcl, 0});
        harness.sendRequest(client, ++xid, OpCode::Create, CreateRequest{"/q/one", "", OpenAcl, 0});
        QCOMPARE(replyError(harness, client), ErrorCode::Ok);
        const QByteArray statsBefore = statsOf(harness.service->tree(), "/q");
        QCOMPARE(statsBefore, QByteArray("count=2,bytes=0"));
        if (enforce) {
            // The same check on its own first, for the warning Apache's RateLogger would print.
            server::QuotaEnforcer enforcer(harness.service->tree());
            QCOMPARE(enforcer.allows("/q/two", data.size(), 1), expected == int(ErrorCode::Ok));
            QCOMPARE(enforcer.lastWarning(), warning);
        }

        harness.sendRequest(client, ++xid, OpCode::Create, CreateRequest{"/q/two", data, OpenAcl, 0});
        QCOMPARE(int(replyError(harness, client)), expected);
        const bool refused = expected != int(ErrorCode::Ok);
        QCOMPARE(harness.service->tree().find("/q/two") == nullptr, refused);
        if (refused)
            QCOMPARE(statsOf(harness.service->tree(), "/q"), statsBefore);
    }

    void mntrSumsQuotasPerNamespace()
    {
        DataTree tree;
        // Two quotas in namespace "a" (their limits and usage add up), one in "x".
        TreeScript(tree).run(
            {"create /a", "create /a/b 12", "create /a/c", "quota /a/b", "quota /a/c", "create /x 1", "quota /x"});
        QCOMPARE(server::quotaMetricLines(tree, {{QStringLiteral("a"), 3}}),
                 QStringLiteral("zk_a_quota_bytes_limit_per_namespace\t-2\n"
                                "zk_x_quota_bytes_limit_per_namespace\t-1\n"
                                "zk_a_quota_count_usage_per_namespace\t2\n"
                                "zk_x_quota_count_usage_per_namespace\t1\n"
                                "zk_a_quota_count_limit_per_namespace\t4\n"
                                "zk_x_quota_count_limit_per_namespace\t2\n"
                                "zk_a_quota_bytes_usage_per_namespace\t2\n"
                                "zk_x_quota_bytes_usage_per_namespace\t1\n"
                                "zk_a_quota_exceeded_error_per_namespace\t3\n"));
        QCOMPARE(server::quotaMetricLines(DataTree(), {}), QString());
        QCOMPARE(server::topNamespace("/app/x"), QStringLiteral("app"));
        QCOMPARE(server::topNamespace("/"), QString());
    }

    void repeatedWarningsAreRateLimited()
    {
        DataTree tree;
        TreeScript(tree).run({"create /a", "quota /a", "create /a/b", "create /a/c"}); // hard count limit 2
        server::QuotaEnforcer enforcer(tree);
        QVERIFY(!enforcer.allows("/a/d", 0, 1));
        const QString first = enforcer.lastWarning();
        QCOMPARE(first, QStringLiteral("Message:Quota exceeded: /a [current count=4, hardCountLimit=2] Value:null"));
        QVERIFY(!enforcer.allows("/a/d", 0, 1)); // within 100 ms: counted, not printed
        QCOMPARE(enforcer.lastWarning(), first);
        QVERIFY(enforcer.allows("/a/b", 5, 0)); // setData: no byte limit, nothing to check
        QCOMPARE(enforcer.lastWarning(), first);
    }

    void setDataOverAHardByteLimitIsRefused()
    {
        ServiceHarness harness(enforcingConfig());
        const auto client = harness.connect();
        std::int32_t xid = 0;
        harness.sendRequest(client, ++xid, OpCode::Create, CreateRequest{"/q", "12", OpenAcl, 0});
        harness.sendRequest(client, ++xid, OpCode::Create, CreateRequest{"/zookeeper/quota/q", "", OpenAcl, 0});
        harness.sendRequest(client, ++xid, OpCode::Create,
                            CreateRequest{Quotas::limitPath("/q"), "count=-1,bytes=-1=;byteHardLimit=5", OpenAcl, 0});
        harness.sendRequest(client, ++xid, OpCode::Create, CreateRequest{Quotas::statPath("/q"), "", OpenAcl, 0});
        QCOMPARE(replyError(harness, client), ErrorCode::Ok);
        harness.sendRequest(client, ++xid, OpCode::SetData, SetDataRequest{"/q", "12345", -1});
        QCOMPARE(replyError(harness, client), ErrorCode::Ok);
        harness.sendRequest(client, ++xid, OpCode::SetData, SetDataRequest{"/q", "123456", -1});
        QCOMPARE(replyError(harness, client), ErrorCode::QuotaExceeded);
        QCOMPARE(harness.service->tree().find("/q")->data(), QByteArray("12345"));
        QCOMPARE(statsOf(harness.service->tree(), "/q"), QByteArray("count=1,bytes=5"));
        // Shrinking is always allowed.
        harness.sendRequest(client, ++xid, OpCode::SetData, SetDataRequest{"/q", "1", -1});
        QCOMPARE(replyError(harness, client), ErrorCode::Ok);
        QCOMPARE(statsOf(harness.service->tree(), "/q"), QByteArray("count=1,bytes=1"));
    }
};

QTEST_GUILESS_MAIN(TestQuotas)
#include "tst_quotas.moc"
