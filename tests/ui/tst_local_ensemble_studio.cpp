// The studio with its in-app ensemble: the Ensemble menu starts three real members, a browser tab
// connects to them, the ensemble studio shows them live; killing the leader keeps the tab working
// through the new one; stopping closes the tab.

#include "ConnectionSession.h"
#include "ConnectionTab.h"
#include "LocalEnsembleController.h"
#include "MainWindow.h"
#include "ZNodeTreeModel.h"
#include "ensemble/EnsembleStudio.h"
#include "ensemble/FaultControls.h"
#include "ensemble/LocalEnsemble.h"

#include <QAction>
#include <QDockWidget>
#include <QMenuBar>
#include <QStandardPaths>
#include <QMenu>
#include <QTest>

using namespace zooscope;
using namespace zooscope::ui;
using client::ZooKeeperClient;

namespace {

constexpr int ElectionTimeoutMs = 30000;

// Creates `path` through the tab's own client; ConnectionLoss (the member went away) is retried.
proto::ErrorCode createThrough(ConnectionTab *tab, const QString &path)
{
    auto outcome = std::make_shared<std::optional<proto::ErrorCode>>();
    for (int attempt = 0; attempt < 50; ++attempt) {
        outcome->reset();
        tab->session()->client()->create(path, "x", client::openAclUnsafe(), client::CreateMode::Persistent,
                                         [outcome](const client::Result<client::CreateResult> &result) { *outcome = result.error; });
        for (int waited = 0; !outcome->has_value() && waited < 15000; waited += 10)
            QTest::qWait(10);
        if (!outcome->has_value())
            return proto::ErrorCode::OperationTimeout;
        if (**outcome != proto::ErrorCode::ConnectionLoss)
            return **outcome == proto::ErrorCode::NodeExists && attempt > 0 ? proto::ErrorCode::Ok : **outcome;
        QTest::qWait(100); // the client reconnects by itself; retrying at once would only fail again
    }
    return proto::ErrorCode::ConnectionLoss;
}

} // namespace

class TestLocalEnsembleStudio : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void ensembleMenuStartsMembersATabAndTheLiveStudio()
    {
        MainWindow window;
        window.show();
        auto *start = window.findChild<QAction *>("startLocalEnsembleAction");
        QVERIFY2(start, "the Ensemble menu must offer to start a local ensemble");
        start->trigger();
        LocalEnsembleController *controller = window.localEnsemble();
        QVERIFY2(controller->isRunning(), "three members should be running");
        QCOMPARE(controller->ensemble()->members().size(), std::size_t(3));
        QCOMPARE(window.connectionCount(), 1);
        ConnectionTab *tab = window.currentTab();
        QCOMPARE(tab->session()->profile().connectString, controller->connectString());
        QVERIFY2(controller->dock()->isVisible(), "the ensemble studio docks next to the browser");
        QVERIFY2(controller->studio()->isLive(), "the studio shows the live ensemble, not the classroom simulator");
        QTRY_VERIFY2_WITH_TIMEOUT(controller->ensemble()->servingLeader().has_value(), "expected a leader", ElectionTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(tab->session()->client()->state(), ZooKeeperClient::State::Connected, ElectionTimeoutMs);

        QCOMPARE(createThrough(tab, "/from-the-studio"), proto::ErrorCode::Ok);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->treeModel()->indexOf("/from-the-studio").isValid(),
                                  "the browser lists what was written to the in-app ensemble", ElectionTimeoutMs);

        // The leader is killed from the studio's fault controls: a new one is elected, and the same
        // tab reconnects and shows the same tree (plus what is written afterwards).
        const quorum::ServerId oldLeader = *controller->ensemble()->servingLeader();
        controller->studio()->faultControls()->killLeader();
        QTRY_VERIFY2_WITH_TIMEOUT(!controller->ensemble()->member(oldLeader)->running,
                                  "the studio's Kill leader should stop the leading member", ElectionTimeoutMs);
        QTRY_VERIFY2_WITH_TIMEOUT(controller->ensemble()->servingLeader().value_or(oldLeader) != oldLeader,
                                  "expected a new leader after the kill", ElectionTimeoutMs);
        // The studio's circle follows: the member it draws as the agreed leader is the new one.
        const quorum::ServerId newLeader = *controller->ensemble()->servingLeader();
        QTRY_VERIFY2_WITH_TIMEOUT(controller->studio()->feed()->state().agreedLeader() == std::optional<quorum::ServerId>(newLeader),
                                  qPrintable(QStringLiteral("expected the ensemble view to show member %1 leading").arg(newLeader)),
                                  ElectionTimeoutMs);
        QCOMPARE(createThrough(tab, "/after-the-kill"), proto::ErrorCode::Ok);
        QTRY_COMPARE_WITH_TIMEOUT(tab->session()->client()->state(), ZooKeeperClient::State::Connected, ElectionTimeoutMs);
        QTRY_VERIFY2_WITH_TIMEOUT(tab->treeModel()->indexOf("/after-the-kill").isValid(),
                                  "the browser shows the write made after the failover", ElectionTimeoutMs);
        QVERIFY2(tab->treeModel()->indexOf("/from-the-studio").isValid(), "the tree from before the kill is still shown");

        window.findChild<QAction *>("stopLocalEnsembleAction")->trigger();
        QVERIFY(!controller->isRunning());
        QCOMPARE(window.connectionCount(), 0);
        QVERIFY2(!controller->studio()->isLive(), "the studio goes back to the classroom simulator");
    }

    void membersListenOnTheChosenAddress()
    {
        MainWindow window;
        LocalEnsembleController *controller = window.localEnsemble();
        auto *menu = window.findChild<QMenu *>("listenAddressMenu");
        QVERIFY2(menu, "the Ensemble menu must say where members listen");
        QStringList checked;
        for (QAction *action : menu->actions()) {
            if (action->isChecked())
                checked << action->data().toString();
        }
        QCOMPARE(checked, QStringList{QStringLiteral("127.0.0.1")});
        // 127.0.0.2 is a loopback address of its own on Linux: members bound there prove the choice reaches them.
        controller->setListenAddress(QHostAddress(QStringLiteral("127.0.0.2")));
        checked.clear();
        for (QAction *action : menu->actions()) {
            if (action->isChecked())
                checked << action->data().toString();
        }
        QCOMPARE(checked, QStringList{QStringLiteral("127.0.0.2")});
        QVERIFY2(controller->start(3), "three members should start on 127.0.0.2");
        QVERIFY2(controller->connectString().startsWith(QStringLiteral("127.0.0.2:")),
                 qPrintable(QStringLiteral("expected members on 127.0.0.2, connect string %1").arg(controller->connectString())));
        QTRY_VERIFY2_WITH_TIMEOUT(controller->ensemble()->servingLeader().has_value(),
                                  "members on 127.0.0.2 should elect a leader", ElectionTimeoutMs);
        ConnectionTab *tab = window.currentTab();
        QTRY_COMPARE_WITH_TIMEOUT(tab->session()->client()->state(), ZooKeeperClient::State::Connected, ElectionTimeoutMs);
        controller->stop();
    }

    void classroomActionShowsTheSimulator()
    {
        MainWindow window;
        window.show();
        window.findChild<QAction *>("classroomAction")->trigger();
        LocalEnsembleController *controller = window.localEnsemble();
        QVERIFY(controller->dock()->isVisible());
        QVERIFY(!controller->studio()->isLive());
        QCOMPARE(window.connectionCount(), 0);
    }
};

QTEST_MAIN(TestLocalEnsembleStudio)
#include "tst_local_ensemble_studio.moc"
