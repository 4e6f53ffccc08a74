// DataTree semantics: Stat bookkeeping, multi application, ephemerals and watch tables.

#include "RandomTransactions.h"
#include "TreeComparison.h"
#include "tree/DataTree.h"

#include <QTest>

using namespace zooscope;
using namespace zooscope::proto;
using tree::DataTree;
using tree::Notification;

namespace {
const AclList OpenAcl{{31, {"world", "anyone"}}};

Transaction createTxn(std::int64_t zxid, const QByteArray &path, std::int32_t parentCVersion, std::int64_t session = 0,
                      bool ephemeral = false)
{
    Transaction transaction;
    transaction.header = {session, 1, zxid, 1000 + zxid, OpCode::Create};
    transaction.body = CreateTxn{path, "d", OpenAcl, ephemeral, parentCVersion};
    return transaction;
}

Transaction deleteTxn(std::int64_t zxid, const QByteArray &path)
{
    Transaction transaction;
    transaction.header = {0, 1, zxid, 1000 + zxid, OpCode::Delete};
    transaction.body = DeleteTxn{path};
    return transaction;
}
} // namespace

class TestDataTree : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsWithZooKeepersSystemNodes()
    {
        DataTree tree;
        QVERIFY(tree.find("/"));
        QVERIFY(tree.find("/zookeeper/quota"));
        QVERIFY(tree.find("/zookeeper/config"));
        QVERIFY2(tree.find("") == tree.find("/"), "\"\" must name the root, as in ZooKeeper's node table");
        // Children added at start-up were never counted: cversion starts at -numChildren.
        QCOMPARE(tree.exposedStat(*tree.find("/")).cversion, -1);
        QCOMPARE(tree.exposedStat(*tree.find("/zookeeper")).cversion, -2);
        QCOMPARE(tree.exposedStat(*tree.find("/zookeeper/config")).aversion, -1);
    }

    void tracksParentStatOnCreateAndDelete()
    {
        DataTree tree;
        std::vector<Notification> notifications;
        tree.apply(createTxn(1, "/p", 0), notifications);
        tree.apply(createTxn(2, "/p/a", 1), notifications);
        tree.apply(createTxn(3, "/p/b", 2), notifications);
        tree.apply(deleteTxn(4, "/p/a"), notifications);
        const Stat parent = tree.exposedStat(*tree.find("/p"));
        QCOMPARE(parent.numChildren, 1);
        QCOMPARE(parent.cversion, 3); // two creates + one delete
        QCOMPARE(parent.pzxid, std::int64_t(4));
        QCOMPARE(tree.find("/p")->stat().cversion, 2); // stored: creates only
        QCOMPARE(tree.lastProcessedZxid(), std::int64_t(4));
    }

    void replayNeverMovesCversionBackwards()
    {
        DataTree tree;
        std::vector<Notification> notifications;
        tree.apply(createTxn(1, "/p", 0), notifications);
        tree.apply(createTxn(2, "/p/a", 5), notifications);
        tree.apply(createTxn(3, "/p/b", 3), notifications);
        QCOMPARE(tree.find("/p")->stat().cversion, 5);
        QCOMPARE(tree.find("/p")->stat().pzxid, std::int64_t(2));
    }

    void appliesFailedMultiWithoutChanges()
    {
        DataTree tree;
        std::vector<Notification> notifications;
        Transaction multi;
        multi.header = {0, 1, 7, 1007, OpCode::Multi};
        multi.multi.txns = {{OpCode::Create, CreateTxn{"/x", "", OpenAcl, false, 0}},
                            {OpCode::Error, ErrorTxn{-101}},
                            {OpCode::Create, CreateTxn{"/y", "", OpenAcl, false, 0}}};
        const auto result = tree.apply(multi, notifications);
        QVERIFY2(!tree.find("/x") && !tree.find("/y"), "a failed multi must change nothing");
        QCOMPARE(result.multi.size(), size_t(3));
        QCOMPARE(result.multi[0].err, ErrorCode::Ok);
        QCOMPARE(result.multi[1].err, ErrorCode::NoNode);
        QCOMPARE(result.multi[2].err, ErrorCode::RuntimeInconsistency);
        QCOMPARE(tree.lastProcessedZxid(), std::int64_t(7));
    }

    void closingASessionDeletesItsEphemerals()
    {
        DataTree tree;
        std::vector<Notification> notifications;
        const std::int64_t session = 0x1234;
        tree.apply(createTxn(1, "/e1", 0, session, true), notifications);
        tree.apply(createTxn(2, "/e2", 1, session, true), notifications);
        QCOMPARE(tree.exposedStat(*tree.find("/e1")).ephemeralOwner, session);
        QCOMPARE(tree.ephemeralsOf(session).size(), 2);
        Transaction close;
        close.header = {session, 0, 3, 1003, OpCode::CloseSession};
        close.body = CloseSessionTxn{{"/e1"}};
        tree.apply(close, notifications);
        QVERIFY2(!tree.find("/e1") && !tree.find("/e2"), "every ephemeral of the session must go, listed or not");
        QVERIFY(tree.ephemeralsOf(session).isEmpty());
    }

    void firesDataAndChildWatchesOnce()
    {
        DataTree tree;
        std::vector<Notification> notifications;
        tree.dataWatches().addWatch("/n", 1, tree::WatchMode::Standard);
        tree.childWatches().addWatch("/", 2, tree::WatchMode::Standard);
        tree.childWatches().addWatch("/", 3, tree::WatchMode::Persistent);
        tree.apply(createTxn(1, "/n", 0), notifications);
        QCOMPARE(notifications.size(), size_t(3));
        notifications.clear();
        tree.apply(deleteTxn(2, "/n"), notifications);
        QCOMPARE(notifications.size(), size_t(1));
        QCOMPARE(notifications[0].watcher, tree::WatcherId(3));
        QCOMPARE(notifications[0].event.type, 4);
    }

    void countsAllDescendants()
    {
        DataTree tree;
        std::vector<Notification> notifications;
        tree.apply(createTxn(1, "/a", 0), notifications);
        tree.apply(createTxn(2, "/a/b", 1), notifications);
        tree.apply(createTxn(3, "/a/b/c", 1), notifications);
        QCOMPARE(tree.allChildrenNumber("/a"), 2);
        QCOMPARE(tree.allChildrenNumber("/"), 6); // zookeeper, quota, config, a, b, c
    }

    void recordsKeepEveryStatField_data()
    {
        QTest::addColumn<StatPersisted>("stat");
        QTest::addColumn<QByteArray>("data");
        const StatPersisted fresh{7, 7, 1700, 1700, 0, 0, 0, 0, 7};
        QTest::newRow("fresh node, no optional fields") << fresh << QByteArray("value");
        StatPersisted modified = fresh;
        modified.mzxid = 9;
        modified.mtime = 1900;
        modified.version = 3;
        QTest::newRow("modified") << modified << QByteArray("v2");
        StatPersisted parent = fresh;
        parent.pzxid = 12;
        parent.cversion = 4;
        QTest::newRow("parent with child changes") << parent << QByteArray();
        StatPersisted everything{std::numeric_limits<std::int64_t>::max(), -5, -1, std::numeric_limits<std::int64_t>::min(),
                                 -1, 2147483647, -2147483647 - 1, tree::EphemeralOwner::forTtl(5000), 0x123456789};
        QTest::newRow("every field set, extreme values") << everything << QByteArray(3000, 'x');
        StatPersisted ephemeral = fresh;
        ephemeral.ephemeralOwner = 0x1000000abcdef;
        ephemeral.aversion = 2;
        QTest::newRow("ephemeral with ACL changes") << ephemeral << QByteArray("", 0);
    }

    void recordsKeepEveryStatField()
    {
        QFETCH(StatPersisted, stat);
        QFETCH(QByteArray, data);
        DataTree tree;
        QVERIFY(tree.insertRestoredNode("/node", data, -1, stat));
        const tree::DataNode *node = tree.find("/node");
        QVERIFY2(node, "a restored node must be found by its path");
        QCOMPARE(node->stat(), stat);
        QCOMPARE(node->data(), data);
        QCOMPARE(node->dataView().isNull(), data.isNull());
        QCOMPARE(node->name(), QByteArrayView("node"));
    }

    void keepsNullDataApartFromEmptyData()
    {
        DataTree tree;
        std::vector<Notification> notifications;
        Transaction nullData = createTxn(1, "/null", 0);
        std::get<CreateTxn>(nullData.body).data = QByteArray();
        tree.apply(nullData, notifications);
        Transaction emptyData = createTxn(2, "/empty", 1);
        std::get<CreateTxn>(emptyData.body).data = QByteArray("", 0);
        tree.apply(emptyData, notifications);
        QVERIFY2(tree.find("/null")->data().isNull(), "null data must stay null, as ZooKeeper returns it");
        QVERIFY2(!tree.find("/empty")->data().isNull(), "empty data must stay empty, not null");
    }

    void manyChildrenSurviveGrowthAndShrinking()
    {
        DataTree tree;
        std::vector<Notification> notifications;
        std::int64_t zxid = 1;
        tree.apply(createTxn(zxid++, "/p", -1), notifications);
        constexpr int Count = 20000;
        for (int i = 0; i < Count; ++i)
            tree.apply(createTxn(zxid++, "/p/c" + QByteArray::number(i), -1), notifications);
        for (int i = 1; i < Count; i += 2)
            QCOMPARE(tree.apply(deleteTxn(zxid++, "/p/c" + QByteArray::number(i)), notifications).err, ErrorCode::Ok);
        for (int i = 0; i < Count; ++i) {
            const bool expected = i % 2 == 0;
            if (bool(tree.find("/p/c" + QByteArray::number(i))) != expected)
                QFAIL(qPrintable(QStringLiteral("/p/c%1 should %2exist").arg(i).arg(expected ? "" : "not ")));
        }
        const tree::DataNode *parent = tree.find("/p");
        QCOMPARE(parent->childCount(), Count / 2);
        QCOMPARE(int(parent->childNames().size()), Count / 2);
        QCOMPARE(tree.allChildrenNumber("/p"), Count / 2);
        QCOMPARE(tree.exposedStat(*parent).cversion, Count + Count / 2);
        QCOMPARE(tree.nodeCount(), qsizetype(4 + 1 + Count / 2));
        QCOMPARE(tree.digest(), tree.recomputeDigest());
    }

    void replayedDeleteOfANodeWithChildrenFreesTheSubtree()
    {
        // A fuzzy snapshot can hold /a/b while the log still deletes /a before recreating both.
        DataTree tree;
        std::vector<Notification> notifications;
        tree.apply(createTxn(1, "/a", 1), notifications);
        tree.apply(createTxn(2, "/a/b", 1), notifications);
        QCOMPARE(tree.apply(deleteTxn(3, "/a"), notifications).err, ErrorCode::Ok);
        QVERIFY2(!tree.find("/a/b"), "the subtree of a deleted node must go with it");
        QCOMPARE(tree.nodeCount(), qsizetype(4));
        QCOMPARE(tree.apply(createTxn(4, "/a", 2), notifications).err, ErrorCode::Ok);
        QCOMPARE(tree.apply(createTxn(5, "/a/b", 1), notifications).err, ErrorCode::Ok);
        QCOMPARE(tree.digest(), tree.recomputeDigest());
    }

    void digestAndCountsFollowEveryChange_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed : {1u, 2u, 3u, 17u, 4242u})
            QTest::addRow("seed %u", seed) << seed;
    }

    void digestAndCountsFollowEveryChange()
    {
        QFETCH(quint32, seed);
        DataTree tree;
        testing::RandomTransactions generator(seed);
        std::vector<Notification> notifications;
        for (std::int64_t zxid = 1; zxid <= 3000; ++zxid) {
            tree.apply(generator.next(tree, zxid), notifications);
            notifications.clear();
            if (zxid % 250 != 0)
                continue;
            QCOMPARE(tree.digest(), tree.recomputeDigest());
            qsizetype visited = 0;
            qint64 dataSize = 0;
            tree.forEachNode([&](const QByteArray &path, const tree::DataNode &node) {
                ++visited;
                dataSize += path.size() + node.dataLength();
            });
            QCOMPARE(tree.nodeCount(), visited);
            QCOMPARE(tree.approximateDataSize(), dataSize);
        }
    }
};

QTEST_GUILESS_MAIN(TestDataTree)
#include "tst_data_tree.moc"
