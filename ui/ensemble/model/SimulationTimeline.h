#pragma once
// The classroom's clock: a scenario (or a bare ensemble) run by the deterministic simulator, seen
// through a position on its trace. Stepping folds one more event; stepping a phase goes to the next
// protocol milestone (a leader elected or established, a sync, a commit, a crash); playing folds
// events at a chosen rate, one state change per frame; rewinding and scrubbing only fold the kept
// trace again from a checkpoint. A fault injected while looking at the past forks: the simulation
// is re-run with the same seed and the earlier faults up to that point, the new fault is applied
// there, and the old future is discarded.

#include "EnsembleFeed.h"
#include "ScenarioRunner.h"

#include <QElapsedTimer>
#include <QTimer>

#include <memory>

namespace zooscope::ui::ensemble {

class SimulationTimeline : public EnsembleFeed
{
    Q_OBJECT

public:
    explicit SimulationTimeline(QObject *parent = nullptr);
    ~SimulationTimeline() override;

    void load(const Scenario &scenario);
    // A bare ensemble without a script: the fault controls drive it.
    void loadEnsemble(int voters, int observers, quint64 seed);
    const Scenario &scenario() const { return m_scenario; }

    const EnsembleState &state() const override { return m_state; }
    std::vector<quorum::TraceEvent> events() const override;
    qint64 eventNumberEnd() const override { return m_position; }
    const quorum::TraceEvent &eventAt(qint64 number) const override;
    QString caption() const override;
    int currentStep() const;
    // The trace events computed so far (the timeline's known length) and the position in it.
    qint64 knownLength() const;
    qint64 position() const { return m_position; }
    QString scriptError() const;

    bool isPlaying() const { return m_playTimer.isActive(); }
    int eventsPerSecond() const { return m_eventsPerSecond; }

    bool supports(FaultKind kind) const override;
    bool kill(ServerId sid) override;
    bool restart(ServerId sid) override;
    bool pause(ServerId sid) override;
    bool resume(ServerId sid) override;
    bool partition(const std::vector<ServerId> &side) override;
    bool heal() override;
    bool setLinkFault(ServerId from, ServerId to, const LinkFaultRequest &fault) override;
    bool write(ServerId via) override;

    // Phase milestones: where "step phase" stops.
    static bool isMilestone(const quorum::TraceEvent &event);

public Q_SLOTS:
    void stepEvent();
    void stepPhase();
    void stepBack();
    void setPosition(qint64 position);
    void goToStep(int step); // a chapter: the start of script step `step`
    void play();
    void pauseClock();
    void setEventsPerSecond(int eventsPerSecond);
    void restartFromBeginning();

Q_SIGNALS:
    void playingChanged(bool playing);
    void lengthChanged(qint64 knownLength);

private:
    struct Intervention
    {
        qint64 traceSize = 0; // the trace size when it was applied
        quint64 units = 0;    // the runner's units at that moment
        ScenarioStep step;
    };
    void rebuild();
    // Computes the trace at least this far; false when the simulation ends or stays quiet (no
    // event) for quietLimitMs of virtual time after its script.
    bool ensureComputed(qint64 length, qint64 quietLimitMs = DefaultQuietLimitMs);
    static constexpr qint64 DefaultQuietLimitMs = 30000;
    void foldTo(qint64 position);
    void thinCheckpoints();
    void noteLinkDelays(const Scenario &scenario);
    void replayDue();
    void advanceRunner();
    bool intervene(const ScenarioStep &step);
    void onPlayTick();
    void emitChanged();

    Scenario m_scenario;
    std::unique_ptr<ScenarioRunner> m_runner;
    std::vector<Intervention> m_interventions;
    std::size_t m_nextReplay = 0;
    qint64 m_lastUnitStart = 0; // trace size before the runner's latest unit
    EnsembleState m_state;
    std::map<qint64, EnsembleState> m_checkpoints; // position -> state folded to there
    qint64 m_position = 0;
    QTimer m_playTimer;
    int m_eventsPerSecond = 20;
    double m_playCredit = 0;
    QElapsedTimer m_playClock; // since the last play tick: the chosen speed holds when ticks come late
    qint64 m_slowestLinkMs = 5;
};

} // namespace zooscope::ui::ensemble
