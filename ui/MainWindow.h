#pragma once
// The studio's main window: a tab per open connection, the menus and shortcuts, the watch event
// log dock, the run-time language switch; window layout remembered in QSettings.

#include "ConnectionProfile.h"

#include <QMainWindow>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QTabWidget;

namespace zooscope::ui {

class ConnectionTab;
class LanguageManager;
class LocalEnsembleController;
class WatchEventLogModel;
class WatchEventLogWidget;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    ConnectionTab *openConnection(const ConnectionProfile &profile);
    ConnectionTab *currentTab() const;
    int connectionCount() const;
    ConnectionTab *tabAt(int index) const;
    LanguageManager *languageManager() const { return m_languageManager; }
    // The in-app ensemble (started on first launch by the application).
    LocalEnsembleController *localEnsemble() const { return m_localEnsemble; }
    void closeConnectionTab(ConnectionTab *tab);
    WatchEventLogModel *eventLogModel() const { return m_eventLogModel; }
    WatchEventLogWidget *eventLogWidget() const { return m_eventLogWidget; }
    // Restores geometry, dock layout and language from QSettings.
    void restoreSettings();
    void saveSettings() const;

public Q_SLOTS:
    void showConnectionDialog();
    void closeCurrentConnection();
    void switchLanguage(const QString &language);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createMenus();
    void retranslateUi();
    void updateActions();
    void updateTabTitle(ConnectionTab *tab);
    QAction *addTabAction(const QString &objectName, const QKeySequence &shortcut, void (ConnectionTab::*slot)(),
                          bool writes);

    LanguageManager *m_languageManager = nullptr;
    LocalEnsembleController *m_localEnsemble = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_stateLabel = nullptr;
    WatchEventLogModel *m_eventLogModel = nullptr;
    WatchEventLogWidget *m_eventLogWidget = nullptr;
    QDockWidget *m_eventLogDock = nullptr;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_nodeMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_newConnectionAction = nullptr;
    QAction *m_reconnectAction = nullptr;
    QAction *m_closeConnectionAction = nullptr;
    QAction *m_doctorAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_createAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_deleteRecursiveAction = nullptr;
    QAction *m_editAclAction = nullptr;
    QAction *m_copyPathAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_filterTreeAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_importAction = nullptr;
    QList<QAction *> m_writeActions; // disabled on read-only connections
    QActionGroup *m_languageGroup = nullptr;
};

} // namespace zooscope::ui
