// The tree's filter (TreeFilterBar, ZNodeFilterProxyModel, ZNodeDataSearch) against zooscope-server
// and Apache ZooKeeper 3.8: name, path and data matches scoped to a subtree, the explicit subtree
// search of nodes that are not loaded, stopping a search, and sorting that never loads more children
// of a node whose child list is held back. QAbstractItemModelTester checks both models.

#include "TestServers.h"
#include "TreeFilterBar.h"
#include "UiTestSupport.h"
#include "ZNodeDataSearch.h"
#include "ZNodeFilterProxyModel.h"
#include "ZNodeTreeModel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QStandardItemModel>

using namespace zooscope;
using namespace zooscope::client;
using namespace zooscope::testing;
using zooscope::ui::TreeFilterBar;
using zooscope::ui::ZNodeDataSearch;
using zooscope::ui::ZNodeFilterProxyModel;
using zooscope::ui::ZNodeTreeModel;
using Match = ZNodeFilterProxyModel::Match;

class TestTreeFilter : public QObject
{
    Q_OBJECT

private:
    TestServers m_servers{QStringLiteral(ZOOSCOPE_SERVER_BINARY)};
    QString m_kind;
    std::unique_ptr<ZooKeeperClient> m_otherClient;
    std::unique_ptr<ZooKeeperClient> m_studioClient;
    std::unique_ptr<ZNodeTreeModel> m_model;
    std::unique_ptr<ZNodeFilterProxyModel> m_proxy;
    std::unique_ptr<TreeFilterBar> m_filterBar;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
    QString m_base;
    int m_testNumber = 0;

    bool createNode(const QString &path, const QByteArray &data = {})
    {
        const auto result =
            AWAIT(CreateResult, m_otherClient->create(path, data, openAclUnsafe(), CreateMode::Persistent, done));
        return result && (result->ok() || result->error == ErrorCode::NodeExists);
    }

    // Expands a node as a view does and waits until its children are rows.
    bool expandAndWait(const QString &path)
    {
        if (!QTest::qWaitFor([&] { return m_model->indexOf(path).isValid(); }, ReplyTimeoutMs))
            return false;
        const QModelIndex index = m_model->indexOf(path);
        if (m_model->canFetchMore(index))
            m_model->fetchMore(index);
        m_model->setExpanded(index, true);
        return QTest::qWaitFor([&] { return !m_model->isLoading(index) && m_model->rowCount(index) > 0; },
                               ReplyTimeoutMs);
    }

    // The paths the proxy shows, root excluded, depth first.
    QStringList visiblePaths(const QModelIndex &parent = {}) const
    {
        QStringList paths;
        for (int row = 0; row < m_proxy->rowCount(parent); ++row) {
            const QModelIndex index = m_proxy->index(row, 0, parent);
            const QString path = index.data(ZNodeTreeModel::PathRole).toString();
            if (path != QLatin1String("/"))
                paths.append(path);
            paths.append(visiblePaths(index));
        }
        return paths;
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
        // A fresh subtree per test, seen by the model through a chroot:
        //   /parent/alpha "colour=red", /parent/beta "colour=blue", /parent/nested/gamma "RED alert",
        //   /other/red-node "x"
        m_base = QStringLiteral("/tst_filter_%1_%2").arg(QCoreApplication::applicationPid()).arg(++m_testNumber);
        const QList<std::pair<QString, QByteArray>> nodes{
            {"", {}},
            {"/parent", {}},
            {"/parent/alpha", "colour=red"},
            {"/parent/beta", "colour=blue"},
            {"/parent/nested", {}},
            {"/parent/nested/gamma", "RED alert"},
            {"/other", {}},
            {"/other/red-node", "x"},
        };
        for (const auto &[path, data] : nodes)
            QVERIFY2(createNode(m_base + path, data), qPrintable("cannot create " + m_base + path));
        m_studioClient = connectedClient(connectString + m_base, &error);
        QVERIFY2(m_studioClient, qPrintable(error));
        m_model = std::make_unique<ZNodeTreeModel>(m_studioClient.get());
        m_proxy = std::make_unique<ZNodeFilterProxyModel>();
        m_proxy->setSourceModel(m_model.get());
        m_modelTester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                                   QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(),
                                                                   QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_filterBar = std::make_unique<TreeFilterBar>(m_studioClient.get(), m_model.get(), m_proxy.get());
    }

    void cleanup()
    {
        m_filterBar.reset();
        m_proxyTester.reset();
        m_modelTester.reset();
        m_proxy.reset();
        m_model.reset();
        m_studioClient.reset();
        m_otherClient.reset();
    }

    void filtersLoadedNodesWithinTheScope_data()
    {
        QTest::addColumn<int>("match");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("scope");
        QTest::addColumn<QStringList>("expected"); // matches and their ancestors
        QTest::newRow("name everywhere") << int(Match::Name) << "red" << "/"
                                         << QStringList{"/other", "/other/red-node"};
        QTest::newRow("name under /parent") << int(Match::Name) << "red" << "/parent" << QStringList{};
        QTest::newRow("path") << int(Match::Path) << "NESTED" << "/"
                              << QStringList{"/parent", "/parent/nested", "/parent/nested/gamma"};
        QTest::newRow("data everywhere, any case")
            << int(Match::Data) << "red" << "/"
            << QStringList{"/parent", "/parent/alpha", "/parent/nested", "/parent/nested/gamma"};
        QTest::newRow("data under /parent/nested")
            << int(Match::Data) << "red" << "/parent/nested"
            << QStringList{"/parent", "/parent/nested", "/parent/nested/gamma"};
        QTest::newRow("data under /other") << int(Match::Data) << "blue" << "/other" << QStringList{};
        QTest::newRow("no text shows all")
            << int(Match::Data) << "" << "/other"
            << QStringList{"/other", "/other/red-node", "/parent", "/parent/alpha", "/parent/beta", "/parent/nested",
                           "/parent/nested/gamma"};
    }

    void filtersLoadedNodesWithinTheScope()
    {
        QFETCH(int, match);
        QFETCH(QString, text);
        QFETCH(QString, scope);
        QFETCH(QStringList, expected);
        for (const QString path : {"/", "/parent", "/parent/nested", "/other"})
            QVERIFY2(expandAndWait(path), qPrintable("the children of " + path + " never loaded"));
        m_proxy->sort(ZNodeTreeModel::NameColumn, Qt::AscendingOrder);

        m_filterBar->setMatch(Match(match));
        m_filterBar->setScope(scope);
        m_filterBar->textEdit()->setText(text);
        m_filterBar->applyNow();
        QTRY_VERIFY2_WITH_TIMEOUT(!m_filterBar->isSearching(), "the data search must finish", ReplyTimeoutMs);
        QCOMPARE(visiblePaths(), expected);
        if (match == int(Match::Data) && !text.isEmpty())
            QVERIFY2(m_filterBar->statusText().contains(QStringLiteral("loaded nodes under %1").arg(scope)),
                     qPrintable("the status must say what was searched; it says: " + m_filterBar->statusText()));
    }

    void subtreeSearchFindsNodesThatAreNotLoaded()
    {
        QVERIFY(expandAndWait("/")); // /parent is a row, its children are not loaded
        QVERIFY2(!m_model->indexOf("/parent/nested").isValid(), "the test needs /parent/nested unloaded");
        m_filterBar->setMatch(Match::Data);
        m_filterBar->setScope("/parent");
        m_filterBar->textEdit()->setText("alert");
        m_filterBar->applyNow();
        QTRY_VERIFY_WITH_TIMEOUT(!m_filterBar->isSearching(), ReplyTimeoutMs);
        QCOMPARE(m_filterBar->subtreeResults()->count(), 0); // only loaded nodes so far

        QSignalSpy finished(m_filterBar.get(), &TreeFilterBar::searchFinished);
        QSignalSpy reveal(m_filterBar.get(), &TreeFilterBar::revealRequested);
        m_filterBar->searchSubtree();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), ReplyTimeoutMs);
        QCOMPARE(m_filterBar->subtreeResults()->count(), 1);
        QCOMPARE(m_filterBar->subtreeResults()->item(0)->text(), QStringLiteral("/parent/nested/gamma"));
        QVERIFY2(m_filterBar->statusText().contains("Every node under /parent"),
                 qPrintable("the status must say the whole subtree was read; it says: " + m_filterBar->statusText()));
        Q_EMIT m_filterBar->subtreeResults()->itemActivated(m_filterBar->subtreeResults()->item(0));
        QCOMPARE(reveal.size(), 1);
        QCOMPARE(reveal.first().first().toString(), QStringLiteral("/parent/nested/gamma"));
    }

    void stopCancelsASearch()
    {
        QVERIFY(expandAndWait("/"));
        m_filterBar->setMatch(Match::Data);
        m_filterBar->textEdit()->setText("red");
        m_filterBar->applyNow();
        m_filterBar->searchSubtree();
        QVERIFY2(m_filterBar->isSearching(), "the searches must be running right after they start");
        m_filterBar->stopSearches();
        QVERIFY(!m_filterBar->isSearching());
        // Replies already on their way must not add anything.
        QTest::qWait(300);
        QCOMPARE(m_filterBar->subtreeResults()->count(), 0);
        QCOMPARE(visiblePaths(), QStringList{});
    }

    void dataSearchStopsAtItsLimit()
    {
        ZNodeDataSearch search(m_studioClient.get(), "colour");
        search.setNodeLimit(3);
        QSignalSpy finished(&search, &ZNodeDataSearch::finished);
        search.searchSubtree("/");
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, ReplyTimeoutMs);
        QCOMPARE(search.searchedCount(), 3);
        QVERIFY2(search.isTruncated(), "a subtree of 8 nodes must be cut at a limit of 3");
    }

    void unknownStatsSortLast_data()
    {
        QTest::addColumn<int>("order");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("ascending") << int(Qt::AscendingOrder) << QStringList{"b", "c", "a", "d"};
        QTest::newRow("descending") << int(Qt::DescendingOrder) << QStringList{"c", "b", "d", "a"};
    }

    // By size, rows whose Stat is unknown (-1) stay last in both orders (no server needed).
    void unknownStatsSortLast()
    {
        QFETCH(int, order);
        QFETCH(QStringList, expected);
        QStandardItemModel source(0, ZNodeTreeModel::ColumnCount);
        const QList<std::pair<QString, qlonglong>> rows{{"a", -1}, {"b", 1}, {"c", 5}, {"d", -1}};
        for (const auto &[name, size] : rows) {
            auto *nameItem = new QStandardItem(name);
            nameItem->setData(name, ZNodeTreeModel::SortRole);
            auto *sizeItem = new QStandardItem;
            sizeItem->setData(size, ZNodeTreeModel::SortRole);
            QList<QStandardItem *> items{nameItem, new QStandardItem, sizeItem, new QStandardItem};
            source.appendRow(items);
        }
        ZNodeFilterProxyModel proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&source);
        proxy.sort(ZNodeTreeModel::SizeColumn, Qt::SortOrder(order));
        QStringList names;
        for (int row = 0; row < proxy.rowCount(); ++row)
            names.append(proxy.index(row, 0).data().toString());
        QCOMPARE(names, expected);
    }

    void sortingAHeldBackListLoadsNoMoreChildren_data()
    {
        QTest::addColumn<int>("column");
        QTest::newRow("name") << int(ZNodeTreeModel::NameColumn);
        QTest::newRow("size") << int(ZNodeTreeModel::SizeColumn);
        QTest::newRow("creation time") << int(ZNodeTreeModel::CreatedColumn);
    }

    // A child list longer than AutoRowLimit is held back; sorting sorts the rows there are.
    void sortingAHeldBackListLoadsNoMoreChildren()
    {
        QFETCH(int, column);
        // QAbstractItemModelTester walks every parent and calls fetchMore where it can: it would load
        // the held-back children itself. The other tests run it on these models.
        m_proxyTester.reset();
        m_modelTester.reset();
        const int count = ZNodeTreeModel::AutoRowLimit + 50;
        int replies = 0, failures = 0;
        for (int i = 0; i < count; ++i) {
            m_otherClient->create(m_base + QStringLiteral("/other/many-%1").arg(i, 5, 10, QLatin1Char('0')), {},
                                  openAclUnsafe(), CreateMode::Persistent, [&](const Result<CreateResult> &result) {
                                      ++replies;
                                      failures += result.ok() ? 0 : 1;
                                  });
        }
        QVERIFY2(QTest::qWaitFor([&] { return replies == count; }, 120000), "creating the children took too long");
        QCOMPARE(failures, 0);
        QVERIFY(expandAndWait("/"));
        QVERIFY(expandAndWait("/other"));
        const QModelIndex other = m_model->indexOf("/other");
        QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(other), ZNodeTreeModel::AutoRowLimit, ReplyTimeoutMs);
        QCOMPARE(m_model->heldBackChildren(other), count + 1 - ZNodeTreeModel::AutoRowLimit);

        m_proxy->sort(column, Qt::DescendingOrder);
        m_proxy->sort(column, Qt::AscendingOrder);
        QTest::qWait(300); // a sort that fetched would insert rows within a few event-loop turns
        QVERIFY2(m_model->rowCount(other) == ZNodeTreeModel::AutoRowLimit,
                 qPrintable(QStringLiteral("sorting must not load more rows: expected %1, got %2")
                                .arg(ZNodeTreeModel::AutoRowLimit)
                                .arg(m_model->rowCount(other))));
        QCOMPARE(m_proxy->rowCount(m_proxy->mapFromSource(other)), ZNodeTreeModel::AutoRowLimit);
    }
};

QTEST_MAIN(TestTreeFilter)
#include "tst_tree_filter.moc"
