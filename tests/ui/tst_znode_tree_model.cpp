// ZNodeTreeModel and its sort/filter proxy against zooscope-server and Apache ZooKeeper 3.8: lazy
// reads on expand, paged insertion, live updates from another client, the watch budget, Stat-based
// kinds, sorting and filtering. QAbstractItemModelTester checks both models throughout.

#include "TestServers.h"
#include "UiTestSupport.h"
#include "ZNodeFilterProxyModel.h"
#include "ZNodeTreeModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

using namespace zooscope;
using namespace zooscope::client;
using namespace zooscope::testing;
using zooscope::ui::NodeKind;
using zooscope::ui::ZNodeFilterProxyModel;
using zooscope::ui::ZNodeTreeModel;

class TestZNodeTreeModel : public QObject
{
    Q_OBJECT

private:
    TestServers m_servers{QStringLiteral(ZOOSCOPE_SERVER_BINARY)};
    QString m_kind;
    std::unique_ptr<ZooKeeperClient> m_studioClient; // the model's
    std::unique_ptr<ZooKeeperClient> m_otherClient;  // changes data under the model
    std::unique_ptr<ZNodeTreeModel> m_model;
    std::unique_ptr<ZNodeFilterProxyModel> m_proxy;
    std::unique_ptr<QSignalSpy> m_inserted; // every rowsInserted since the model exists
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
    QString m_base;   // a fresh subtree per test function: the model's chroot
    QString m_parent; // the node the tests expand, as the model names it
    int m_testNumber = 0;

    bool createNode(const QString &path, const QByteArray &data = {}, CreateMode mode = CreateMode::Persistent)
    {
        const auto result = AWAIT(CreateResult, m_otherClient->create(path, data, openAclUnsafe(), mode, done));
        return result && (result->ok() || result->error == ErrorCode::NodeExists);
    }

    // Creates `count` children pipelined (one round trip for all) and waits for the last reply.
    bool createChildren(const QString &parent, int count)
    {
        int replies = 0;
        int failures = 0;
        for (int i = 0; i < count; ++i) {
            m_otherClient->create(parent + QStringLiteral("/child%1").arg(i, 5, 10, QLatin1Char('0')), {},
                                  openAclUnsafe(), CreateMode::Persistent,
                                  [&](const Result<CreateResult> &result) {
                                      ++replies;
                                      failures += result.ok() ? 0 : 1;
                                  });
        }
        (void)QTest::qWaitFor([&] { return replies == count; }, 60000);
        return replies == count && failures == 0;
    }

    // Expands a node the way a view does: fetchMore, then the expanded notification.
    void expand(const QModelIndex &index)
    {
        if (m_model->canFetchMore(index))
            m_model->fetchMore(index);
        m_model->setExpanded(index, true);
    }

    QModelIndex waitForIndex(const QString &path)
    {
        (void)QTest::qWaitFor([&] { return m_model->indexOf(path).isValid(); }, ReplyTimeoutMs);
        return m_model->indexOf(path);
    }

    QStringList childNames(const QModelIndex &parent) const
    {
        QStringList names;
        for (int row = 0; row < m_model->rowCount(parent); ++row)
            names.append(m_model->index(row, 0, parent).data().toString());
        return names;
    }

private Q_SLOTS:
    void initTestCase_data()
    {
        TestServers::addServerRows();
    }

    void initTestCase() { m_servers.startAll(); }
    void cleanupTestCase() { m_servers.stopAll(); }

    void init()
    {
        QFETCH_GLOBAL(QString, server);
        m_kind = server;
        const QString connectString = m_servers.server(server).connectString();
        QString error;
        m_otherClient = connectedClientOf(m_servers, server, &error);
        QVERIFY2(m_otherClient, qPrintable(error));
        // The model sees a fresh subtree through a chroot: the tester walks (and fetches) all it sees.
        m_base = QStringLiteral("/tst_model_%1_%2").arg(QCoreApplication::applicationPid()).arg(++m_testNumber);
        QVERIFY2(createNode(m_base), qPrintable("cannot create " + m_base));
        m_parent = QStringLiteral("/parent");
        QVERIFY2(createNode(m_base + m_parent), qPrintable("cannot create " + m_base + m_parent));
        m_studioClient = connectedClient(connectString + m_base, &error);
        QVERIFY2(m_studioClient, qPrintable(error));
        m_model = std::make_unique<ZNodeTreeModel>(m_studioClient.get());
        m_inserted = std::make_unique<QSignalSpy>(m_model.get(), &QAbstractItemModel::rowsInserted);
        m_proxy = std::make_unique<ZNodeFilterProxyModel>();
        m_proxy->setSourceModel(m_model.get());
        m_modelTester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                                   QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(),
                                                                   QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void cleanup()
    {
        m_proxyTester.reset();
        m_modelTester.reset();
        m_proxy.reset();
        m_inserted.reset();
        m_model.reset();
        m_studioClient.reset();
        m_otherClient.reset();
    }

    void rootIsTheSingleTopLevelRow()
    {
        QCOMPARE(m_model->rowCount(), 1);
        const QModelIndex root = m_model->index(0, 0);
        QCOMPARE(root.data().toString(), QStringLiteral("/"));
        QCOMPARE(m_model->pathOf(root), QStringLiteral("/"));
        QVERIFY2(m_model->hasChildren(root), "the root offers an expander before it is read");
    }

    void expandReadsChildrenInPages_data()
    {
        QTest::addColumn<int>("childCount");
        QTest::addColumn<int>("minimumPages"); // more when the tester's own fetch overlaps the test's
        QTest::newRow("no children") << 0 << 0;
        QTest::newRow("three children") << 3 << 1;
        QTest::newRow("2500 children in three pages") << 2500 << 3;
    }

    void expandReadsChildrenInPages()
    {
        QFETCH(int, childCount);
        QFETCH(int, minimumPages);
        QVERIFY2(createChildren(m_base + m_parent, childCount), "the other client could not create the children");
        expand(m_model->index(0, 0));
        const QModelIndex parent = waitForIndex(m_parent);
        QVERIFY2(parent.isValid(), qPrintable(m_parent + " never appeared under the root"));

        QSignalSpy loaded(m_model.get(), &ZNodeTreeModel::childrenLoaded);
        expand(parent);
        const auto loadedParent = [&] {
            return std::any_of(loaded.begin(), loaded.end(), [&](const QList<QVariant> &signal) {
                return signal.at(0).value<QModelIndex>() == parent;
            });
        };
        // QAbstractItemModelTester walks every row on each insert: generous on a loaded machine.
        QTRY_VERIFY2_WITH_TIMEOUT(loadedParent(), "childrenLoaded must report the expanded parent", 4 * ReplyTimeoutMs);
        QCOMPARE(m_model->rowCount(parent), childCount);
        int pages = 0;
        for (const QList<QVariant> &signal : std::as_const(*m_inserted)) {
            if (signal.at(0).value<QModelIndex>() != parent)
                continue;
            ++pages;
            const int rows = signal.at(2).toInt() - signal.at(1).toInt() + 1;
            QVERIFY2(rows <= ZNodeTreeModel::PageSize,
                     qPrintable(QStringLiteral("a page of %1 rows exceeds the page size").arg(rows)));
        }
        QVERIFY2(pages >= minimumPages, qPrintable(QStringLiteral("%1 rows came in %2 pages, expected at least %3")
                                                      .arg(childCount)
                                                      .arg(pages)
                                                      .arg(minimumPages)));
        QCOMPARE(m_model->hasChildren(parent), childCount > 0);
        QCOMPARE(m_model->isLoading(parent), false);
    }

    void expandedNodeFollowsAnotherClient()
    {
        QVERIFY(createNode(m_base + m_parent + "/first"));
        expand(m_model->index(0, 0));
        const QModelIndex parent = waitForIndex(m_parent);
        QVERIFY(parent.isValid());
        expand(parent);
        QTRY_COMPARE_WITH_TIMEOUT(childNames(parent), QStringList{"first"}, ReplyTimeoutMs);

        QVERIFY(createNode(m_base + m_parent + "/second"));
        QTRY_COMPARE_WITH_TIMEOUT(childNames(parent), (QStringList{"first", "second"}), ReplyTimeoutMs);

        const auto removed = AWAIT(void, m_otherClient->remove(m_base + m_parent + "/first", -1, done));
        QVERIFY2(removed && removed->ok(), "the other client could not delete the child");
        QTRY_COMPARE_WITH_TIMEOUT(childNames(parent), QStringList{"second"}, ReplyTimeoutMs);
    }

    void collapseGivesTheChildWatchBack()
    {
        expand(m_model->index(0, 0));
        const QModelIndex parent = waitForIndex(m_parent);
        QVERIFY(parent.isValid());
        expand(parent);
        QTRY_VERIFY_WITH_TIMEOUT(!m_model->isLoading(parent), ReplyTimeoutMs);
        auto watched = AWAIT(void, m_studioClient->checkWatches(m_parent, WatcherType::Children, done));
        QVERIFY2(watched && watched->ok(), "an expanded node must hold a child watch");

        m_model->setExpanded(parent, false);
        ErrorCode after = ErrorCode::Ok;
        QTRY_VERIFY2_WITH_TIMEOUT(
            [&] {
                const auto check = AWAIT(void, m_studioClient->checkWatches(m_parent, WatcherType::Children, done));
                after = check ? check->error : ErrorCode::OperationTimeout;
                return after == ErrorCode::NoWatcher;
            }(),
            qPrintable("a collapsed node must not keep its child watch; checkWatches said " + errorText(after)),
            ReplyTimeoutMs);
        QVERIFY2(m_model->canFetchMore(parent), "a collapsed node is re-read on its next expand");
    }

    void kindsComeFromTheStat_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("expectedKind");
        QTest::newRow("persistent") << int(CreateMode::Persistent) << int(NodeKind::Persistent);
        QTest::newRow("ephemeral") << int(CreateMode::Ephemeral) << int(NodeKind::Ephemeral);
        QTest::newRow("persistent sequential") << int(CreateMode::PersistentSequential)
                                               << int(NodeKind::PersistentSequential);
        QTest::newRow("ephemeral sequential") << int(CreateMode::EphemeralSequential)
                                              << int(NodeKind::EphemeralSequential);
    }

    void kindsComeFromTheStat()
    {
        QFETCH(int, mode);
        QFETCH(int, expectedKind);
        const auto created = AWAIT(CreateResult, m_otherClient->create(m_base + m_parent + "/node", "x", openAclUnsafe(),
                                                                       CreateMode(mode), done));
        QVERIFY2(created && created->ok(), "the other client could not create the node");
        expand(m_model->index(0, 0));
        const QModelIndex parent = waitForIndex(m_parent);
        expand(parent);
        const QString modelPath = created->value.path.mid(m_base.size());
        const QModelIndex node = waitForIndex(modelPath);
        QVERIFY2(node.isValid(), qPrintable(modelPath + " never appeared"));
        QTRY_COMPARE_WITH_TIMEOUT(node.data(ZNodeTreeModel::KindRole).toInt(), expectedKind, ReplyTimeoutMs);
        QCOMPARE(m_model->index(node.row(), ZNodeTreeModel::SizeColumn, parent).data().toInt(), 1);
    }

    void proxySortsBySizeAndFilters()
    {
        QVERIFY(createNode(m_base + m_parent + "/alpha", "333"));
        QVERIFY(createNode(m_base + m_parent + "/beta", "1"));
        QVERIFY(createNode(m_base + m_parent + "/gamma", "22"));
        expand(m_model->index(0, 0));
        const QModelIndex parent = waitForIndex(m_parent);
        expand(parent);
        QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(parent), 3, ReplyTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int row = 0; row < 3; ++row) {
                    if (!m_model->statOf(m_model->index(row, 0, parent)))
                        return false;
                }
                return true;
            }(),
            ReplyTimeoutMs);

        m_proxy->sort(ZNodeTreeModel::SizeColumn, Qt::AscendingOrder);
        const QModelIndex proxyParent = m_proxy->mapFromSource(parent);
        QStringList bySize;
        for (int row = 0; row < m_proxy->rowCount(proxyParent); ++row)
            bySize.append(m_proxy->index(row, 0, proxyParent).data().toString());
        QCOMPARE(bySize, (QStringList{"beta", "gamma", "alpha"}));

        m_proxy->setFilter(ZNodeFilterProxyModel::Match::Name, QStringLiteral("gam"), QStringLiteral("/"));
        QCOMPARE(m_proxy->rowCount(m_proxy->mapFromSource(parent)), 1);
        QCOMPARE(m_proxy->index(0, 0, m_proxy->mapFromSource(parent)).data().toString(), QStringLiteral("gamma"));
    }
};

QTEST_MAIN(TestZNodeTreeModel)
#include "tst_znode_tree_model.moc"
