// The watch event log: batching, pause, clear and CSV export of WatchEventLogModel (with
// QAbstractItemModelTester), and rows appearing in the real window when another client changes data
// on zooscope-server and Apache ZooKeeper 3.8.

#include "ConnectionSession.h"
#include "ConnectionTab.h"
#include "MainWindow.h"
#include "TestServers.h"
#include "UiTestSupport.h"
#include "WatchEventLogModel.h"
#include "WatchEventLogWidget.h"
#include "ZNodeTreeModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>

using namespace zooscope;
using namespace zooscope::client;
using namespace zooscope::testing;
using namespace zooscope::ui;

class TestWatchEventLog : public QObject
{
    Q_OBJECT

private:
    TestServers m_servers{QStringLiteral(ZOOSCOPE_SERVER_BINARY)};
    QTemporaryDir m_settingsDir;
    int m_counter = 0;

    static WatchEventLogModel::Entry entry(const QString &type, const QString &path)
    {
        return {QDateTime::currentDateTime(), QStringLiteral("local"), type, QStringLiteral("SyncConnected"), path};
    }

    static bool hasRow(const WatchEventLogModel &model, const QString &type, const QString &path)
    {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.entry(row).type == type && model.entry(row).path == path)
                return true;
        }
        return false;
    }

    static const WatchEventLogModel::Entry *findRow(const WatchEventLogModel &model, const QString &type,
                                                    const QString &path)
    {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.entry(row).type == type && model.entry(row).path == path)
                return &model.entry(row);
        }
        return nullptr;
    }

    static QString rowsText(const WatchEventLogModel &model)
    {
        QStringList rows;
        for (int row = 0; row < model.rowCount(); ++row)
            rows.append(model.entry(row).type + u' ' + model.entry(row).path);
        return rows.join(QStringLiteral("; "));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_settingsDir.isValid(), "a temporary settings directory is needed");
        isolateSettings(m_settingsDir);
        m_servers.startAll();
    }

    void cleanupTestCase() { m_servers.stopAll(); }

    void batchesPausesAndClears()
    {
        WatchEventLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        for (int i = 0; i < 50; ++i)
            model.append(entry("NodeDataChanged", QStringLiteral("/n%1").arg(i)));
        QTRY_COMPARE(model.rowCount(), 50);
        QCOMPARE(inserted.size(), 1); // a burst is one insert

        model.setPaused(true);
        model.append(entry("NodeDeleted", "/held"));
        QCOMPARE(model.heldBackCount(), 1);
        QTest::qWait(50); // longer than a flush interval: nothing may show while paused
        QCOMPARE(model.rowCount(), 50);
        model.setPaused(false);
        QCOMPARE(model.rowCount(), 51);
        QVERIFY(hasRow(model, "NodeDeleted", "/held"));

        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void exportsCsv_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expectedField");
        QTest::newRow("plain") << QStringLiteral("/a") << QStringLiteral("\"/a\"");
        QTest::newRow("comma") << QStringLiteral("/a,b") << QStringLiteral("\"/a,b\"");
        QTest::newRow("quote") << QStringLiteral("/say\"hi\"") << QStringLiteral("\"/say\"\"hi\"\"\"");
    }

    void exportsCsv()
    {
        QFETCH(QString, path);
        QFETCH(QString, expectedField);
        WatchEventLogModel model;
        WatchEventLogWidget widget(&model);
        model.append(entry("NodeCreated", path));
        QTRY_COMPARE(model.rowCount(), 1);
        QTemporaryDir directory;
        const QString fileName = directory.filePath("events.csv");
        QSignalSpy exported(&widget, &WatchEventLogWidget::exported);
        widget.exportCsv(fileName);
        QTRY_COMPARE(exported.size(), 1);
        QVERIFY2(exported.first().at(1).toBool(), "the export must succeed");
        QFile file(fileName);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0), QStringLiteral("\"Time\",\"Connection\",\"Type\",\"State\",\"Path\",\"Zxid\","
                                             "\"Data before\",\"Data after\""));
        QVERIFY2(lines.at(1).contains(u',' + expectedField + u','),
                 qPrintable("expected the path field " + expectedField + " in the row: " + lines.at(1)));
    }

    void showsDataAsTextOrHex_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("maxCharacters");
        QTest::addColumn<QString>("expected");
        QTest::newRow("text") << QByteArray("hello") << 120 << QStringLiteral("hello");
        QTest::newRow("line breaks become spaces") << QByteArray("a\nb") << 120 << QStringLiteral("a b");
        QTest::newRow("Chinese") << QStringLiteral("数据").toUtf8() << 120 << QStringLiteral("数据");
        QTest::newRow("binary as hex") << QByteArray("\x00\x01\xff", 3) << 120 << QStringLiteral("0x0001ff");
        QTest::newRow("elided") << QByteArray("abcdef") << 3 << QStringLiteral("abc") + QChar(0x2026);
        QTest::newRow("no limit") << QByteArray("abcdef") << 0 << QStringLiteral("abcdef");
    }

    void showsDataAsTextOrHex()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, maxCharacters);
        QFETCH(QString, expected);
        QCOMPARE(WatchEventLogModel::dataText(data, maxCharacters), expected);
    }

    // The read after an event completes its row, whether the row is shown or held back by pause.
    void detailsCompleteShownAndHeldRows()
    {
        WatchEventLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        WatchEventLogModel::Entry changed = entry("NodeDataChanged", "/shown");
        changed.dataBefore = QByteArray("old");
        const quint64 shown = model.append(changed);
        QTRY_COMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, WatchEventLogModel::ZxidColumn).data().toString(), QString());
        QCOMPARE(model.index(0, WatchEventLogModel::DataBeforeColumn).data().toString(), QStringLiteral("old"));

        QSignalSpy changedRows(&model, &QAbstractItemModel::dataChanged);
        model.setDetails(shown, 0x100000007, QByteArray("new"));
        QCOMPARE(changedRows.size(), 1);
        QCOMPARE(model.index(0, WatchEventLogModel::ZxidColumn).data().toString(), QStringLiteral("0x100000007"));
        QCOMPARE(model.index(0, WatchEventLogModel::DataAfterColumn).data().toString(), QStringLiteral("new"));

        model.setPaused(true);
        const quint64 held = model.append(entry("NodeCreated", "/held"));
        model.setDetails(held, 0x200000001, std::nullopt);
        model.setDetails(held + 100, 1, std::nullopt); // unknown rows are ignored
        model.setPaused(false);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.entry(1).zxid, std::int64_t(0x200000001));
        QVERIFY2(!model.entry(1).dataAfter, "a NodeCreated row has no data after");
    }

    void rowsAppearWhenAnotherClientChangesData_data()
    {
        TestServers::addServerRows();
    }

    void rowsAppearWhenAnotherClientChangesData()
    {
        QFETCH(QString, server);
        const QString connectString = m_servers.server(server).connectString();
        QString error;
        auto other = connectedClientOf(m_servers, server, &error);
        QVERIFY2(other, qPrintable(error));
        const QString path = QStringLiteral("/tst_log_%1_%2_%3").arg(server).arg(QCoreApplication::applicationPid()).arg(++m_counter);
        const auto created = AWAIT(CreateResult, other->create(path, "1", openAclUnsafe(), CreateMode::Persistent, done));
        QVERIFY2(created && created->ok(), "the other client could not create the node");

        MainWindow window;
        QAbstractItemModelTester tester(window.eventLogModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        ConnectionTab *tab = window.openConnection({.name = "log " + server, .connectString = connectString});
        QTRY_VERIFY_WITH_TIMEOUT(tab->treeModel()->indexOf(path).isValid(), ReplyTimeoutMs);
        QTRY_VERIFY2(hasRow(*window.eventLogModel(), "Connection state", QString()),
                     "connection state changes are logged");
        QVERIFY(tab->selectPath(path)); // the inspector holds a data watch on it now
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto check = AWAIT(void, tab->session()->client()->checkWatches(path, WatcherType::Data, done));
                return check && check->ok();
            }(),
            ReplyTimeoutMs);

        const auto changed = AWAIT(Stat, other->setData(path, "2", -1, done));
        QVERIFY2(changed && changed->ok(), "the other client could not write");
        QTRY_VERIFY2_WITH_TIMEOUT(hasRow(*window.eventLogModel(), "NodeDataChanged", path),
                                  qPrintable("expected a NodeDataChanged row for " + path + "; rows: " +
                                             rowsText(*window.eventLogModel())),
                                  ReplyTimeoutMs);
        // The row shows the data the inspector had read, the data read after the event, and its zxid.
        const WatchEventLogModel::Entry *dataRow = findRow(*window.eventLogModel(), "NodeDataChanged", path);
        QVERIFY(dataRow);
        QCOMPARE(dataRow->dataBefore.value_or("(unknown)"), QByteArray("1"));
        QTRY_COMPARE_WITH_TIMEOUT(findRow(*window.eventLogModel(), "NodeDataChanged", path)->zxid,
                                  changed->value.mzxid, ReplyTimeoutMs);
        QCOMPARE(findRow(*window.eventLogModel(), "NodeDataChanged", path)->dataAfter.value_or("(unknown)"),
                 QByteArray("2"));

        // The root is expanded: a new top-level node shows as NodeChildrenChanged on "/".
        const auto sibling = AWAIT(CreateResult, other->create(path + "_sibling", {}, openAclUnsafe(),
                                                               CreateMode::Ephemeral, done));
        QVERIFY(sibling && sibling->ok());
        QTRY_VERIFY2_WITH_TIMEOUT(hasRow(*window.eventLogModel(), "NodeChildrenChanged", "/"),
                                  qPrintable("expected NodeChildrenChanged on /; rows: " +
                                             rowsText(*window.eventLogModel())),
                                  ReplyTimeoutMs);
        // Its zxid is the pzxid read after the event: at least the creation's.
        QTRY_VERIFY2_WITH_TIMEOUT(findRow(*window.eventLogModel(), "NodeChildrenChanged", "/")->zxid >=
                                      sibling->value.stat.czxid,
                                  "expected the NodeChildrenChanged row's zxid to be the pzxid of / after the create",
                                  ReplyTimeoutMs);

        // The filter narrows the table to matching rows.
        window.eventLogWidget()->proxyModel()->setFilterFixedString("NodeDataChanged");
        QCOMPARE(window.eventLogWidget()->proxyModel()->rowCount(), 1);
    }
};

QTEST_MAIN(TestWatchEventLog)
#include "tst_watch_event_log.moc"
