#include "LocalEnsembleController.h"

#include "ConnectionProfile.h"
#include "ConnectionSession.h"
#include "ConnectionTab.h"
#include "MainWindow.h"
#include "ensemble/EnsembleStudio.h"
#include "ensemble/LocalEnsemble.h"

#include <QAction>
#include <QActionGroup>
#include <QNetworkInterface>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

namespace zooscope::ui {

LocalEnsembleController::LocalEnsembleController(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    m_ensemble = new ::zooscope::ensemble::LocalEnsemble(this);
    m_studio = new ensemble::EnsembleStudio(window);
    m_dock = new QDockWidget(window);
    m_dock->setObjectName(QStringLiteral("ensembleDock")); // saveState() keys docks by name
    m_dock->setWidget(m_studio);
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    m_dock->hide();
    connect(m_studio, &ensemble::EnsembleStudio::statusMessage, window,
            [window](const QString &message) { window->statusBar()->showMessage(message, 8000); });
    connect(m_ensemble, &::zooscope::ensemble::LocalEnsemble::memberChanged, this,
            &LocalEnsembleController::showMembersInStatusBar);

    m_startAction = new QAction(this);
    m_startAction->setObjectName(QStringLiteral("startLocalEnsembleAction"));
    m_startAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    connect(m_startAction, &QAction::triggered, this, [this] { start(3); });
    m_startFiveAction = new QAction(this);
    m_startFiveAction->setObjectName(QStringLiteral("startFiveMemberEnsembleAction"));
    connect(m_startFiveAction, &QAction::triggered, this, [this] { start(5, 1); });
    m_stopAction = new QAction(this);
    m_stopAction->setObjectName(QStringLiteral("stopLocalEnsembleAction"));
    connect(m_stopAction, &QAction::triggered, this, &LocalEnsembleController::stop);
    m_classroomAction = new QAction(this);
    m_classroomAction->setObjectName(QStringLiteral("classroomAction"));
    m_classroomAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    connect(m_classroomAction, &QAction::triggered, this, [this] {
        m_studio->showSimulation();
        m_dock->show();
        m_dock->raise();
    });
    m_presenterAction = new QAction(this);
    m_presenterAction->setObjectName(QStringLiteral("presenterModeAction"));
    m_presenterAction->setCheckable(true);
    connect(m_presenterAction, &QAction::toggled, this, [this](bool on) {
        m_dock->show();
        m_studio->setPresenterMode(on);
    });
    connect(m_studio, &ensemble::EnsembleStudio::presenterModeChanged, m_presenterAction, &QAction::setChecked);

    m_menu = new QMenu(window);
    m_menu->setObjectName(QStringLiteral("ensembleMenu"));
    m_menu->addActions({m_startAction, m_startFiveAction, m_stopAction});
    m_listenMenu = m_menu->addMenu(QString());
    m_listenMenu->setObjectName(QStringLiteral("listenAddressMenu"));
    // Filled when shown: the machine's addresses may change while the studio runs.
    connect(m_listenMenu, &QMenu::aboutToShow, this, &LocalEnsembleController::fillListenAddressMenu);
    fillListenAddressMenu();
    m_menu->addSeparator();
    QAction *toggle = m_dock->toggleViewAction();
    toggle->setObjectName(QStringLiteral("toggleEnsembleStudioAction"));
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_menu->addActions({toggle, m_classroomAction, m_presenterAction});
    retranslate();
}

LocalEnsembleController::~LocalEnsembleController()
{
    // The window is going away around us: only the members are stopped here (MainWindow's
    // destructor calls stop() while its tabs still exist).
    m_ensemble->stop();
}

bool LocalEnsembleController::start(int voters, int observers)
{
    stop();
    ::zooscope::ensemble::LocalEnsembleOptions options;
    options.address = m_listenAddress;
    options.voters = voters;
    options.observers = observers;
    options.tickTimeMs = 500; // failures show within a second or two: watchable, and quick in a demo
    if (!m_ensemble->start(options)) {
        m_window->statusBar()->showMessage(tr("The local ensemble did not start: %1").arg(m_ensemble->errorString()));
        return false;
    }
    m_studio->attachLiveEnsemble(m_ensemble);
    m_dock->show();
    // Browser and ensemble side by side, the browser keeping a little more room.
    m_window->resizeDocks({m_dock}, {m_window->width() * 40 / 100}, Qt::Horizontal);
    ConnectionProfile profile;
    profile.name = tr("Local ensemble");
    profile.connectString = m_tabConnectString = m_ensemble->connectString();
    profile.sessionTimeoutMs = 10000;
    m_window->openConnection(profile);
    showMembersInStatusBar();
    m_stopAction->setEnabled(true);
    return true;
}

void LocalEnsembleController::stop()
{
    if (!m_ensemble->isRunning())
        return;
    m_studio->showSimulation();
    // Tabs on the ensemble go first, so their clients do not chase members that are going away.
    const QString connectString = m_tabConnectString;
    for (int index = m_window->connectionCount() - 1; index >= 0; --index) {
        ConnectionTab *tab = m_window->tabAt(index);
        if (tab && tab->session()->profile().connectString == connectString)
            m_window->closeConnectionTab(tab);
    }
    m_ensemble->stop();
    m_stopAction->setEnabled(false);
    m_window->statusBar()->showMessage(tr("The local ensemble stopped"), 5000);
}

bool LocalEnsembleController::isRunning() const
{
    return m_ensemble->isRunning();
}

QString LocalEnsembleController::connectString() const
{
    return m_ensemble->connectString();
}

void LocalEnsembleController::showMembersInStatusBar()
{
    if (!m_ensemble->isRunning())
        return;
    QStringList members;
    for (const ::zooscope::ensemble::LocalMemberInfo &member : m_ensemble->members()) {
        QString role = !member.running ? tr("down") : member.paused ? tr("paused") : QString();
        if (role.isEmpty()) {
            switch (member.role.state) {
            case quorum::ServerState::Leading: role = tr("leader"); break;
            case quorum::ServerState::Following: role = tr("follower"); break;
            case quorum::ServerState::Observing: role = tr("observer"); break;
            case quorum::ServerState::Looking: role = tr("looking"); break;
            }
        }
        members << tr("%1: port %2 (%3)").arg(member.sid).arg(member.clientPort).arg(role);
    }
    m_window->statusBar()->showMessage(tr("Local ensemble — %1").arg(members.join(QStringLiteral(", "))));
}

void LocalEnsembleController::setListenAddress(const QHostAddress &address)
{
    m_listenAddress = address;
    fillListenAddressMenu();
}

void LocalEnsembleController::fillListenAddressMenu()
{
    m_listenMenu->clear();
    auto *group = new QActionGroup(m_listenMenu);
    QList<QHostAddress> addresses{QHostAddress(QHostAddress::LocalHost)};
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback())
            addresses.append(address);
    }
    if (!addresses.contains(m_listenAddress))
        addresses.append(m_listenAddress);
    for (const QHostAddress &address : std::as_const(addresses)) {
        const QString text = address.isLoopback()
                                 ? tr("%1 (this computer only)").arg(address.toString())
                                 : tr("%1 (reachable from other computers)").arg(address.toString());
        QAction *action = m_listenMenu->addAction(text);
        action->setData(address.toString());
        action->setCheckable(true);
        action->setChecked(address == m_listenAddress);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, address] {
            m_listenAddress = address;
            m_window->statusBar()->showMessage(
                tr("Local ensembles started from now on listen on %1").arg(address.toString()), 5000);
        });
    }
}

void LocalEnsembleController::retranslate()
{
    m_listenMenu->setTitle(tr("Members &Listen On"));
    fillListenAddressMenu();
    m_menu->setTitle(tr("&Ensemble"));
    m_dock->setWindowTitle(tr("Ensemble"));
    m_startAction->setText(tr("&Start Local Ensemble (3 Members)"));
    m_startFiveAction->setText(tr("Start Local Ensemble (5 Members + &Observer)"));
    m_stopAction->setText(tr("S&top Local Ensemble"));
    m_stopAction->setEnabled(m_ensemble->isRunning());
    m_dock->toggleViewAction()->setText(tr("Show Ensemble &Studio"));
    m_classroomAction->setText(tr("&Classroom (Simulated Ensemble)"));
    m_presenterAction->setText(tr("&Presenter Mode"));
}

} // namespace zooscope::ui
