#pragma once
// The in-app ensemble page: the circle view with its invariant monitors and details, the election
// and broadcast panels, fault controls, and the classroom timeline. It shows either the classroom
// simulator (scenarios or a bare ensemble; the default) or a live LocalEnsemble. Presenter mode
// enlarges everything, shows captions and the chapter list, and is driven from the keyboard:
//   Space play/pause · Right step · Shift+Right next phase · Left back · Home rewind
//   Page Down / Page Up next / previous chapter · K kill the leader · N next recipe step (live)
//   F5 presenter mode · Esc leave it

#include "EnsembleFeed.h"

#include <QPointer>

#include <memory>
#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTabWidget;

namespace zooscope::ensemble {
class LocalEnsemble;
}

namespace zooscope::ui::ensemble {

class BroadcastPanel;
class ElectionPanel;
class EnsembleView;
class FaultControls;
class InvariantPanel;
class LiveEnsembleFeed;
class RecipeRunner;
class SimulationTimeline;
class TimelineControls;

class EnsembleStudio : public QWidget
{
    Q_OBJECT

public:
    explicit EnsembleStudio(QWidget *parent = nullptr);
    ~EnsembleStudio() override;

    // Classroom: the simulator's timeline (always there; shown unless a live ensemble is attached).
    SimulationTimeline *timeline() const { return m_timeline; }
    bool loadScenarioFile(const QString &path);
    void loadSimulatedEnsemble(int voters, int observers, quint64 seed = 1);
    // Live: shows `ensemble` (not owned) until detached or destroyed.
    void attachLiveEnsemble(::zooscope::ensemble::LocalEnsemble *ensemble);
    void showSimulation();
    EnsembleFeed *feed() const { return m_feed; }
    bool isLive() const;
    // Live only: the classic recipes (locks, election, queues, ...) step by step with real clients.
    bool startRecipe(const QString &path);
    RecipeRunner *recipeRunner() const { return m_recipeRunner.get(); }

    bool exportTrace(const QString &path) const;
    bool exportPng(const QString &path);
    QImage renderImage();

    void setPresenterMode(bool presenter);
    bool presenterMode() const { return m_presenter; }

    EnsembleView *view() const { return m_view; }
    ElectionPanel *electionPanel() const { return m_election; }
    BroadcastPanel *broadcastPanel() const { return m_broadcast; }
    InvariantPanel *invariantPanel() const { return m_invariants; }
    TimelineControls *timelineControls() const { return m_timelineControls; }
    FaultControls *faultControls() const { return m_faults; }

Q_SIGNALS:
    void presenterModeChanged(bool presenter);
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void setFeed(EnsembleFeed *feed);
    void feedChanged();
    void memberSelected(ServerId sid);
    void scenarioChosen(int index);
    void chooseExportTrace();
    void chooseExportPng();
    void buildShortcuts();
    void refreshChapters();
    void retranslate();
    void recipeChosen(int index);
    void recipeStep();

    SimulationTimeline *m_timeline = nullptr;
    QPointer<::zooscope::ensemble::LocalEnsemble> m_liveEnsemble;
    std::unique_ptr<RecipeRunner> m_recipeRunner;
    QStringList m_recipeFiles;
    QString m_recipeCaption;
    QWidget *m_recipeBar = nullptr;
    QComboBox *m_recipes = nullptr;
    QPushButton *m_recipeNext = nullptr;
    LiveEnsembleFeed *m_live = nullptr;
    QPointer<EnsembleFeed> m_feed;
    QStringList m_scenarioFiles;
    bool m_presenter = false;

    QWidget *m_sourceBar = nullptr;
    QComboBox *m_scenarios = nullptr;
    QSpinBox *m_voters = nullptr;
    QSpinBox *m_observers = nullptr;
    QPushButton *m_newEnsemble = nullptr;
    QComboBox *m_animationSpeed = nullptr;
    QPushButton *m_presenterButton = nullptr;
    QPushButton *m_exportTrace = nullptr;
    QPushButton *m_exportPng = nullptr;
    QLabel *m_sourceLabel = nullptr;
    QListWidget *m_chapterList = nullptr;
    EnsembleView *m_view = nullptr;
    InvariantPanel *m_invariants = nullptr;
    QLabel *m_details = nullptr;
    QTabWidget *m_tabs = nullptr;
    ElectionPanel *m_election = nullptr;
    BroadcastPanel *m_broadcast = nullptr;
    FaultControls *m_faults = nullptr;
    TimelineControls *m_timelineControls = nullptr;
    QSplitter *m_splitter = nullptr;
};

} // namespace zooscope::ui::ensemble
