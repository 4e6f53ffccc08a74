// The main window against real servers (zooscope-server and Apache ZooKeeper 3.8): connecting from
// the dialog, tabs, the first expand, and the window layout kept across runs.

#include "ConflictDialog.h"
#include "ConnectionDialog.h"
#include "ConnectionSession.h"
#include "ConnectionTab.h"
#include "MainWindow.h"
#include "NodeInspector.h"
#include "TestServers.h"
#include "UiTestSupport.h"
#include "ZNodeFilterProxyModel.h"
#include "ZNodeTreeModel.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeView>

using namespace zooscope;
using namespace zooscope::client;
using namespace zooscope::testing;
using namespace zooscope::ui;

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    TestServers m_servers{QStringLiteral(ZOOSCOPE_SERVER_BINARY)};
    QTemporaryDir m_settingsDir;
    QString m_kind;

    QString connectString() { return m_servers.server(m_kind).connectString(); }

    // A unique top-level path for this test row.
    QString uniquePath(const QString &stem)
    {
        return QStringLiteral("/tst_%1_%2_%3_%4")
            .arg(stem, m_kind)
            .arg(QCoreApplication::applicationPid())
            .arg(++m_counter);
    }

    // Opens a connection tab and waits until the session is up and `path` is a loaded row.
    ConnectionTab *openAndWaitFor(MainWindow &window, const QString &path, const ConnectionProfile &custom = {})
    {
        ConnectionProfile profile = custom;
        if (profile.name.isEmpty())
            profile.name = "test " + m_kind;
        profile.connectString = connectString();
        ConnectionTab *tab = window.openConnection(profile);
        if (!QTest::qWaitFor([&] { return tab->treeModel()->indexOf(path).isValid(); }, ReplyTimeoutMs))
            return nullptr;
        return tab;
    }

    std::unique_ptr<ZooKeeperClient> otherClient()
    {
        QString error;
        auto client = connectedClient(connectString(), &error);
        if (!client)
            qWarning("other client: %s", qPrintable(error));
        return client;
    }

    QByteArray serverData(ZooKeeperClient &client, const QString &path)
    {
        const auto reply = AWAIT(DataResult, client.getData(path, Watch::No, done));
        return reply && reply->ok() ? reply->value.data : QByteArray("<unreadable>");
    }

    int m_counter = 0;

private Q_SLOTS:
    void initTestCase_data()
    {
        TestServers::addServerRows();
    }

    void initTestCase()
    {
        QVERIFY2(m_settingsDir.isValid(), "a temporary settings directory is needed");
        isolateSettings(m_settingsDir);
        m_servers.startAll();
    }

    void cleanupTestCase() { m_servers.stopAll(); }

    void init()
    {
        QFETCH_GLOBAL(QString, server);
        m_kind = server;
        const QString problem = m_servers.unavailableReason(server);
        if (!problem.isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 server unavailable: %2").arg(server, problem)));
    }

    void connectsFromTheDialogAndShowsTheTopLevel()
    {
        MainWindow window;
        window.show();
        window.findChild<QAction *>("newConnectionAction")->trigger();
        auto *dialog = window.findChild<ConnectionDialog *>();
        QVERIFY2(dialog && dialog->isVisible(), "New Connection must open the connection dialog");
        dialog->findChild<QLineEdit *>("nameEdit")->setText("test " + m_kind);
        dialog->findChild<QLineEdit *>("connectStringEdit")->setText(connectString());
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();

        QCOMPARE(window.connectionCount(), 1);
        ConnectionTab *tab = window.currentTab();
        QVERIFY(tab);
        QTRY_COMPARE_WITH_TIMEOUT(tab->session()->client()->state(), ZooKeeperClient::State::Connected,
                                  ReplyTimeoutMs);
        // "/zookeeper" exists on every server: the top level is read and shown at once.
        QTRY_VERIFY2_WITH_TIMEOUT(tab->treeModel()->indexOf("/zookeeper").isValid(),
                                  "the root must be expanded after connecting, listing /zookeeper", ReplyTimeoutMs);
        QVERIFY2(tab->treeView()->isExpanded(tab->proxyModel()->index(0, 0)), "the root row must be expanded");
        QCOMPARE(tab->selectedPath(), QStringLiteral("/"));

        window.findChild<QAction *>("closeConnectionAction")->trigger();
        QCOMPARE(window.connectionCount(), 0);
    }

    void opensSeveralConnectionsInTabs()
    {
        MainWindow window;
        window.openConnection({.name = "first", .connectString = connectString()});
        window.openConnection({.name = "second", .connectString = connectString() + "/zookeeper"});
        QCOMPARE(window.connectionCount(), 2);
        for (int index = 0; index < 2; ++index) {
            QTRY_VERIFY2_WITH_TIMEOUT(window.tabAt(index)->session()->isConnected(),
                                      qPrintable(QStringLiteral("tab %1 must connect").arg(index)), ReplyTimeoutMs);
        }
        // The chrooted tab sees /zookeeper's children (quota) at its root.
        QTRY_VERIFY2_WITH_TIMEOUT(window.tabAt(1)->treeModel()->indexOf("/quota").isValid(),
                                  "a chroot must be the tab's root", ReplyTimeoutMs);
    }

    // Ctrl+F (the Filter Tree action) puts the keyboard in the current tab's tree filter.
    void findShortcutFocusesTheTreeFilter()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        ConnectionTab *tab = openAndWaitFor(window, "/zookeeper");
        QVERIFY2(tab, "the tab must show /zookeeper");
        auto *action = window.findChild<QAction *>("filterTreeAction");
        QVERIFY2(action, "the window must have a Filter Tree action");
        QCOMPARE(action->shortcut(), QKeySequence(QKeySequence::Find));
        tab->treeView()->setFocus();
        action->trigger();
        QTRY_COMPARE(QApplication::focusWidget(), tab->findChild<QLineEdit *>("treeFilterEdit"));
    }

    void editConflictOffersBothVersions_data()
    {
        QTest::addColumn<int>("choice");
        QTest::addColumn<QByteArray>("expectedOnServer");
        QTest::addColumn<QString>("expectedInEditor");
        QTest::newRow("overwrite") << int(ConflictDialog::Overwrite) << QByteArray("mine") << QStringLiteral("mine");
        QTest::newRow("reload") << int(ConflictDialog::Reload) << QByteArray("theirs") << QStringLiteral("theirs");
        QTest::newRow("cancel") << int(ConflictDialog::Cancel) << QByteArray("theirs") << QStringLiteral("mine");
    }

    void editConflictOffersBothVersions()
    {
        QFETCH(int, choice);
        QFETCH(QByteArray, expectedOnServer);
        QFETCH(QString, expectedInEditor);
        auto other = otherClient();
        QVERIFY(other);
        const QString path = uniquePath("edit");
        const auto created = AWAIT(CreateResult, other->create(path, "v1", openAclUnsafe(), CreateMode::Persistent, done));
        QVERIFY2(created && created->ok(), "the other client could not create the node");

        MainWindow window;
        window.show();
        ConnectionTab *tab = openAndWaitFor(window, path);
        QVERIFY2(tab, qPrintable(path + " never appeared in the tree"));
        QVERIFY(tab->selectPath(path));
        NodeInspector *inspector = tab->inspector();
        QTRY_COMPARE_WITH_TIMEOUT(inspector->editorText(), QStringLiteral("v1"), ReplyTimeoutMs);
        QCOMPARE(inspector->findChild<QLabel *>("stat_version")->text(), QStringLiteral("0"));

        inspector->setEditorText("mine");
        const auto changed = AWAIT(Stat, other->setData(path, "theirs", -1, done));
        QVERIFY2(changed && changed->ok(), "the other client could not write");
        // The data watch tells the inspector; the edit stays.
        QTRY_COMPARE_WITH_TIMEOUT(inspector->stat().version, 1, ReplyTimeoutMs);
        QCOMPARE(inspector->editorText(), QStringLiteral("mine"));

        inspector->findChild<QPushButton *>("saveDataButton")->click();
        ConflictDialog *dialog = nullptr;
        QTRY_VERIFY2_WITH_TIMEOUT((dialog = inspector->findChild<ConflictDialog *>()) && dialog->isVisible(),
                                  "a save over a newer version must open the conflict dialog", ReplyTimeoutMs);
        QCOMPARE(dialog->theirsText(), QStringLiteral("theirs"));
        QCOMPARE(dialog->yoursText(), QStringLiteral("mine"));
        const char *buttons[] = {"cancelButton", "overwriteButton", "reloadButton"};
        dialog->findChild<QPushButton *>(buttons[choice])->click();

        QTRY_COMPARE_WITH_TIMEOUT(serverData(*other, path), expectedOnServer, ReplyTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(inspector->editorText(), expectedInEditor, ReplyTimeoutMs);
        if (choice == ConflictDialog::Overwrite)
            QTRY_COMPARE_WITH_TIMEOUT(inspector->stat().version, 2, ReplyTimeoutMs);
    }

    void inspectorShowsViewsAndSizeWarning()
    {
        auto other = otherClient();
        QVERIFY(other);
        const QString path = uniquePath("views");
        const QByteArray big(JuteMaxBufferWarning + 10, 'x');
        const auto created = AWAIT(CreateResult, other->create(path, big, openAclUnsafe(), CreateMode::Persistent, done));
        QVERIFY2(created && created->ok(), "the other client could not create the node");
        MainWindow window;
        ConnectionTab *tab = openAndWaitFor(window, path);
        QVERIFY2(tab, qPrintable(path + " never appeared in the tree"));
        QVERIFY(tab->selectPath(path));
        NodeInspector *inspector = tab->inspector();
        QTRY_VERIFY_WITH_TIMEOUT(inspector->isLoaded(), ReplyTimeoutMs);
        auto *sizeLabel = inspector->findChild<QLabel *>("dataSizeLabel");
        QTRY_VERIFY2_WITH_TIMEOUT(sizeLabel->text().contains("jute.maxbuffer"),
                                  qPrintable("expected a jute.maxbuffer warning, got: " + sizeLabel->text()),
                                  ReplyTimeoutMs);
        inspector->setView(DataView::Base64);
        QCOMPARE(inspector->editorText().left(8), QStringLiteral("eHh4eHh4"));
    }

    void treeFollowsTheServerAcrossARestart()
    {
        MainWindow window;
        ConnectionProfile profile;
        profile.sessionTimeoutMs = 40000; // outlives a slow JVM restart on a loaded machine
        ConnectionTab *tab = openAndWaitFor(window, "/zookeeper", profile);
        QVERIFY2(tab, "the studio must connect and list /zookeeper");
        const std::int64_t session = tab->session()->client()->sessionId();

        m_servers.server(m_kind).kill();
        QTRY_VERIFY2_WITH_TIMEOUT(!tab->session()->isConnected(), "the studio must notice the server's death",
                                  ReplyTimeoutMs);
        QString problem;
        QVERIFY2(m_servers.server(m_kind).start(&problem), qPrintable(problem));
        QVERIFY2(m_servers.server(m_kind).waitUntilReady(60000, &problem), qPrintable(problem));
        QTRY_VERIFY2_WITH_TIMEOUT(tab->session()->isConnected(), "the studio must reconnect", 4 * ReplyTimeoutMs);
        QCOMPARE(tab->session()->client()->sessionId(), session);

        // A node created after the restart shows: the expanded root is live again.
        auto other = otherClient();
        QVERIFY(other);
        const QString path = uniquePath("restart");
        const auto created = AWAIT(CreateResult, other->create(path, {}, openAclUnsafe(), CreateMode::Persistent, done));
        QVERIFY2(created && created->ok(), "the other client could not create the node");
        QTRY_VERIFY2_WITH_TIMEOUT(tab->treeModel()->indexOf(path).isValid(),
                                  qPrintable(path + " must appear after the reconnect"), ReplyTimeoutMs);
    }

    void remembersTheWindowLayout()
    {
        QByteArray geometry;
        {
            MainWindow window;
            window.resize(900, 640);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.close(); // saves
            geometry = window.saveGeometry();
        }
        MainWindow restored;
        restored.restoreSettings();
        QCOMPARE(restored.size(), QSize(900, 640));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
