#pragma once
// The in-app ensemble as the studio shows it: starts and stops a LocalEnsemble (real members on
// loopback, their ports shown so zkCli.sh or kazoo can connect too), opens a browser tab on it, and
// docks the ensemble studio (animated election and ZAB, faults, classroom timeline) next to it.
// On first launch the studio starts with one of these.

#include <QHostAddress>
#include <QObject>
#include <QPointer>

class QAction;
class QDockWidget;
class QMenu;

namespace zooscope::ensemble {
class LocalEnsemble;
}

namespace zooscope::ui {

namespace ensemble {
class EnsembleStudio;
}
class MainWindow;

class LocalEnsembleController : public QObject
{
    Q_OBJECT

public:
    explicit LocalEnsembleController(MainWindow *window);
    ~LocalEnsembleController() override;

    // Starts `voters` members (plus observers) and connects a tab to them; false with a status
    // message when a member cannot start.
    bool start(int voters = 3, int observers = 0);
    void stop();
    bool isRunning() const;
    QString connectString() const;
    ::zooscope::ensemble::LocalEnsemble *ensemble() const { return m_ensemble; }
    ensemble::EnsembleStudio *studio() const { return m_studio; }
    QDockWidget *dock() const { return m_dock; }
    QMenu *menu() const { return m_menu; }
    // The address the members of the next start listen on: 127.0.0.1 (this computer only) unless the
    // user picks one of the machine's own addresses in Ensemble > Members Listen On, e.g. for a classroom.
    QHostAddress listenAddress() const { return m_listenAddress; }
    void setListenAddress(const QHostAddress &address);
    void retranslate();

private:
    void showMembersInStatusBar();
    void fillListenAddressMenu();

    MainWindow *m_window;
    // The connect string the tab was opened with: members added or removed later change the ensemble's.
    QString m_tabConnectString;
    ::zooscope::ensemble::LocalEnsemble *m_ensemble = nullptr;
    ensemble::EnsembleStudio *m_studio = nullptr;
    QDockWidget *m_dock = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_startAction = nullptr;
    QAction *m_startFiveAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_classroomAction = nullptr;
    QAction *m_presenterAction = nullptr;
    QMenu *m_listenMenu = nullptr;
    QHostAddress m_listenAddress = QHostAddress(QHostAddress::LocalHost);
};

} // namespace zooscope::ui
