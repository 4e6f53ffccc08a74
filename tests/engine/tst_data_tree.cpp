// DataTree semantics: Stat bookkeeping, multi application, ephemerals and watch tables.

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
        QCOMPARE(tree.find("/p")->stat.cversion, 2); // stored: creates only
        QCOMPARE(tree.lastProcessedZxid(), std::int64_t(4));
    }

    void replayNeverMovesCversionBackwards()
    {
        DataTree tree;
        std::vector<Notification> notifications;
        tree.apply(createTxn(1, "/p", 0), notifications);
        tree.apply(createTxn(2, "/p/a", 5), notifications);
        tree.apply(createTxn(3, "/p/b", 3), notifications);
        QCOMPARE(tree.find("/p")->stat.cversion, 5);
        QCOMPARE(tree.find("/p")->stat.pzxid, std::int64_t(2));
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
};

QTEST_GUILESS_MAIN(TestDataTree)
#include "tst_data_tree.moc"
