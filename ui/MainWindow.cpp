#include "MainWindow.h"

#include "ConnectionDialog.h"
#include "ConnectionSession.h"
#include "ConnectionTab.h"
#include "DoctorDialog.h"
#include "LanguageManager.h"
#include "LocalEnsembleController.h"
#include "WatchEventLogModel.h"
#include "WatchEventLogWidget.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>

namespace zooscope::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_languageManager(new LanguageManager(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("connectionTabs"));
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);
    m_stateLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_stateLabel);
    m_eventLogModel = new WatchEventLogModel(this);
    m_eventLogWidget = new WatchEventLogWidget(m_eventLogModel, this);
    m_eventLogDock = new QDockWidget(this);
    m_eventLogDock->setObjectName(QStringLiteral("eventLogDock")); // saveState() keys docks by name
    m_eventLogDock->setWidget(m_eventLogWidget);
    addDockWidget(Qt::BottomDockWidgetArea, m_eventLogDock);
    resizeDocks({m_eventLogDock}, {170}, Qt::Vertical);
    connect(m_eventLogWidget, &WatchEventLogWidget::exported, this, [this](const QString &fileName, bool ok) {
        statusBar()->showMessage(ok ? tr("Exported the watch events to %1").arg(fileName)
                                    : tr("Cannot write %1").arg(fileName),
                                 10000);
    });

    m_localEnsemble = new LocalEnsembleController(this);
    createActions();
    createMenus();
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        m_tabs->setCurrentIndex(index);
        closeCurrentConnection();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateActions);
    retranslateUi();
    updateActions();
    resize(1200, 800);
}

MainWindow::~MainWindow()
{
    m_localEnsemble->stop(); // its tabs and the studio still exist here
}

void MainWindow::createActions()
{
    m_newConnectionAction = new QAction(this);
    m_newConnectionAction->setObjectName(QStringLiteral("newConnectionAction"));
    m_newConnectionAction->setShortcut(QKeySequence::New);
    connect(m_newConnectionAction, &QAction::triggered, this, &MainWindow::showConnectionDialog);

    m_reconnectAction = new QAction(this);
    m_reconnectAction->setObjectName(QStringLiteral("reconnectAction"));
    m_reconnectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_reconnectAction, &QAction::triggered, this, [this] {
        if (ConnectionTab *tab = currentTab())
            tab->session()->open();
    });

    m_doctorAction = new QAction(this);
    m_doctorAction->setObjectName(QStringLiteral("doctorAction"));
    m_doctorAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    connect(m_doctorAction, &QAction::triggered, this, [this] {
        if (ConnectionTab *tab = currentTab()) {
            auto *dialog = new DoctorDialog(tab->session()->profile(), this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->open();
        }
    });

    m_closeConnectionAction = new QAction(this);
    m_closeConnectionAction->setObjectName(QStringLiteral("closeConnectionAction"));
    m_closeConnectionAction->setShortcut(QKeySequence::Close);
    connect(m_closeConnectionAction, &QAction::triggered, this, &MainWindow::closeCurrentConnection);

    m_quitAction = new QAction(this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_aboutAction = new QAction(this);
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    connect(m_aboutAction, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About ZooScope"),
                           tr("ZooScope %1: a studio for Apache ZooKeeper ensembles.")
                               .arg(QApplication::applicationVersion()));
    });

    m_createAction = addTabAction(QStringLiteral("createNodeAction"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
                                  &ConnectionTab::createChild, true);
    m_deleteAction = addTabAction(QStringLiteral("deleteNodeAction"), QKeySequence::Delete,
                                  &ConnectionTab::deleteSelected, true);
    m_deleteRecursiveAction = addTabAction(QStringLiteral("deleteRecursiveAction"),
                                           QKeySequence(Qt::SHIFT | Qt::Key_Delete),
                                           &ConnectionTab::deleteSelectedRecursively, true);
    m_editAclAction = addTabAction(QStringLiteral("editAclAction"), QKeySequence(Qt::CTRL | Qt::Key_L),
                                   &ConnectionTab::editAcl, false);
    m_copyPathAction = addTabAction(QStringLiteral("copyPathAction"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
                                    &ConnectionTab::copySelectedPath, false);
    m_refreshAction = addTabAction(QStringLiteral("refreshAction"), QKeySequence::Refresh,
                                   &ConnectionTab::refreshSelected, false);
    m_filterTreeAction = addTabAction(QStringLiteral("filterTreeAction"), QKeySequence::Find,
                                      &ConnectionTab::focusFilter, false);

    m_exportAction = addTabAction(QStringLiteral("exportSubtreeAction"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                                  &ConnectionTab::exportSubtree, false);
    m_importAction = addTabAction(QStringLiteral("importSubtreeAction"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
                                  &ConnectionTab::importSubtree, true);

    m_languageGroup = new QActionGroup(this);
    m_languageGroup->setExclusive(true);
    for (const QString &language : LanguageManager::availableLanguages()) {
        auto *action = new QAction(LanguageManager::nativeName(language), m_languageGroup);
        action->setObjectName(QStringLiteral("languageAction_") + language);
        action->setCheckable(true);
        action->setData(language);
        action->setChecked(language == m_languageManager->language());
        connect(action, &QAction::triggered, this, [this, language] { switchLanguage(language); });
    }
}

QAction *MainWindow::addTabAction(const QString &objectName, const QKeySequence &shortcut,
                                  void (ConnectionTab::*slot)(), bool writes)
{
    auto *action = new QAction(this);
    action->setObjectName(objectName);
    action->setShortcut(shortcut);
    connect(action, &QAction::triggered, this, [this, slot] {
        if (ConnectionTab *tab = currentTab())
            (tab->*slot)();
    });
    if (writes)
        m_writeActions.append(action);
    return action;
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->setObjectName(QStringLiteral("fileMenu"));
    m_fileMenu->addAction(m_newConnectionAction);
    m_fileMenu->addAction(m_reconnectAction);
    m_fileMenu->addAction(m_doctorAction);
    m_fileMenu->addAction(m_closeConnectionAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);

    m_nodeMenu = menuBar()->addMenu(QString());
    m_nodeMenu->setObjectName(QStringLiteral("nodeMenu"));
    m_nodeMenu->addActions({m_createAction, m_deleteAction, m_deleteRecursiveAction});
    m_nodeMenu->addSeparator();
    m_nodeMenu->addActions({m_editAclAction, m_copyPathAction, m_refreshAction});
    m_nodeMenu->addSeparator();
    m_nodeMenu->addActions({m_exportAction, m_importAction});

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
    QAction *eventLogToggle = m_eventLogDock->toggleViewAction();
    eventLogToggle->setObjectName(QStringLiteral("toggleEventLogAction"));
    eventLogToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_viewMenu->addAction(eventLogToggle);
    m_viewMenu->addAction(m_filterTreeAction);
    m_viewMenu->addSeparator();
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageMenu->setObjectName(QStringLiteral("languageMenu"));
    m_languageMenu->addActions(m_languageGroup->actions());

    menuBar()->addMenu(m_localEnsemble->menu());

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
    m_helpMenu->addAction(m_aboutAction);
}

ConnectionTab *MainWindow::openConnection(const ConnectionProfile &profile)
{
    auto *session = new ConnectionSession(profile);
    m_eventLogModel->addSession(session); // before the tab opens it: the first state change is logged too
    auto *tab = new ConnectionTab(session, m_tabs);
    const int index = m_tabs->addTab(tab, profile.name);
    m_tabs->setCurrentIndex(index);
    connect(session, &ConnectionSession::stateChanged, this, [this, tab] {
        updateTabTitle(tab);
        updateActions();
    });
    tab->treeView()->setContextMenuPolicy(Qt::ActionsContextMenu);
    tab->treeView()->addActions(m_nodeMenu->actions());
    connect(tab, &ConnectionTab::statusMessage, this, [this](const QString &message) {
        statusBar()->showMessage(message, 10000);
    });
    updateTabTitle(tab);
    updateActions();
    return tab;
}

ConnectionTab *MainWindow::currentTab() const
{
    return qobject_cast<ConnectionTab *>(m_tabs->currentWidget());
}

int MainWindow::connectionCount() const
{
    return m_tabs->count();
}

ConnectionTab *MainWindow::tabAt(int index) const
{
    return qobject_cast<ConnectionTab *>(m_tabs->widget(index));
}

void MainWindow::showConnectionDialog()
{
    auto *dialog = new ConnectionDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { openConnection(dialog->profile()); });
    dialog->open();
}

void MainWindow::closeCurrentConnection()
{
    closeConnectionTab(currentTab());
}

void MainWindow::closeConnectionTab(ConnectionTab *tab)
{
    if (!tab || m_tabs->indexOf(tab) < 0)
        return;
    m_tabs->removeTab(m_tabs->indexOf(tab));
    tab->session()->close();
    tab->deleteLater();
    updateActions();
}

void MainWindow::switchLanguage(const QString &language)
{
    if (!m_languageManager->setLanguage(language)) {
        statusBar()->showMessage(tr("The translation for %1 is missing.").arg(LanguageManager::nativeName(language)),
                                 10000);
    }
    for (QAction *action : m_languageGroup->actions())
        action->setChecked(action->data().toString() == m_languageManager->language());
}

void MainWindow::updateTabTitle(ConnectionTab *tab)
{
    const int index = m_tabs->indexOf(tab);
    if (index < 0)
        return;
    ConnectionSession *session = tab->session();
    const QString state = ConnectionSession::stateText(session->client()->state());
    m_tabs->setTabText(index, session->isConnected() ? session->name() : tr("%1 (%2)").arg(session->name(), state));
    m_tabs->setTabToolTip(index, tr("%1 — %2").arg(session->profile().connectString, state));
}

void MainWindow::updateActions()
{
    ConnectionTab *tab = currentTab();
    m_closeConnectionAction->setEnabled(tab != nullptr);
    m_reconnectAction->setEnabled(tab != nullptr);
    m_doctorAction->setEnabled(tab != nullptr);
    for (QAction *action : m_nodeMenu->actions())
        action->setEnabled(tab != nullptr);
    for (QAction *action : std::as_const(m_writeActions))
        action->setEnabled(tab != nullptr && !tab->isReadOnly());
    if (tab) {
        ConnectionSession *session = tab->session();
        m_stateLabel->setText(tr("%1: %2").arg(session->name(), ConnectionSession::stateText(session->client()->state())));
    } else {
        m_stateLabel->setText(tr("Not connected"));
    }
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const QString language = settings.value(QStringLiteral("window/language"), QStringLiteral("en")).toString();
    switchLanguage(language);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/language"), m_languageManager->language());
    if (ConnectionTab *tab = currentTab())
        settings.setValue(QStringLiteral("window/tabLayout"), tab->saveLayout());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("ZooScope"));
    m_fileMenu->setTitle(tr("&Connection"));
    m_nodeMenu->setTitle(tr("&Node"));
    m_eventLogDock->setWindowTitle(tr("Watch Events"));
    m_viewMenu->setTitle(tr("&View"));
    m_createAction->setText(tr("Create &Child..."));
    m_deleteAction->setText(tr("&Delete..."));
    m_deleteRecursiveAction->setText(tr("Delete &Recursively..."));
    m_editAclAction->setText(tr("Edit &ACL..."));
    m_copyPathAction->setText(tr("Copy &Path"));
    m_refreshAction->setText(tr("Re&fresh"));
    m_filterTreeAction->setText(tr("&Filter Tree"));
    m_exportAction->setText(tr("&Export Subtree to JSON..."));
    m_importAction->setText(tr("&Import Subtree from JSON..."));
    m_languageMenu->setTitle(tr("&Language"));
    m_helpMenu->setTitle(tr("&Help"));
    m_newConnectionAction->setText(tr("&New Connection..."));
    m_reconnectAction->setText(tr("&Reconnect"));
    m_closeConnectionAction->setText(tr("&Close Connection"));
    m_doctorAction->setText(tr("Connection &Doctor..."));
    m_quitAction->setText(tr("&Quit"));
    m_aboutAction->setText(tr("&About ZooScope"));
    m_localEnsemble->retranslate();
    for (int index = 0; index < m_tabs->count(); ++index)
        updateTabTitle(tabAt(index));
    updateActions();
}

} // namespace zooscope::ui
