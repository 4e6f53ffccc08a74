#pragma once
// Runs a Scenario over the deterministic EnsembleSimulator, one small unit at a time so the
// classroom can step through it: advance() either performs one instant action (crash, write,
// partition, ...) or lets the simulator handle one event for an action that waits (a leader, a
// trace event, some virtual time). The same scenario gives the same trace every time, which is what
// rewinding and forking rely on. After the last step the simulation simply runs on.

#include "Scenario.h"

#include "quorum/EnsembleSimulator.h"

#include <QJsonArray>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>

namespace zooscope::ui::ensemble {

class ScenarioRunner
{
public:
    explicit ScenarioRunner(Scenario scenario);
    ~ScenarioRunner();

    // One unit of work; false once the script is finished and the simulator has nothing left to do.
    bool advance();
    // Advances until the trace has grown past `traceSize` (or nothing is left); false when nothing is left.
    bool advanceUntilTraceSize(std::size_t traceSize);
    // Runs the rest of the script headless, within a virtual-time budget; false if a step failed.
    bool runScript(qint64 maxVirtualMs = 600000);

    // A step performed now, outside the script: the classroom's fault controls ("fork").
    bool perform(const ScenarioStep &step);

    const Scenario &scenario() const { return m_scenario; }
    bool scriptFinished() const { return m_stepIndex >= int(m_scenario.steps.size()); }
    int stepIndex() const { return m_stepIndex; }
    // The script step that was running when trace event `eventIndex` was recorded (-1: before the first).
    int stepOfEvent(std::size_t eventIndex) const;
    // The trace size when script step `step` began, once it has.
    std::optional<std::size_t> traceSizeAtStep(int step) const;
    quint64 unitsTaken() const { return m_units; }
    QString error() const { return m_error; }

    quorum::EnsembleSimulator &simulator() { return *m_simulator; }
    const quorum::EnsembleSimulator &simulator() const { return *m_simulator; }
    int refusedWrites() const { return m_refusedWrites; }
    int acceptedWrites() const { return m_acceptedWrites; }
    // Checks the scenario's "expect" block against the run; one message per unmet expectation.
    QStringList checkExpectations() const;
    // A member reference: a number, "leader", "follower", or "$name" from a "remember" step.
    std::optional<quorum::ServerId> resolveMember(const QJsonValue &reference) const;
    // "1/3" (epoch/counter), "0x100000003" or a decimal zxid.
    static std::optional<quorum::Zxid> parseZxid(const QString &text);

private:
    enum class Progress : std::uint8_t { Done, Waiting, Failed };
    Progress runStep(const ScenarioStep &step);
    Progress wait(bool satisfied, qint64 timeoutMs, const QString &what);
    bool stepSimulator();
    std::vector<quorum::ServerId> resolveMembers(const QJsonValue &references) const;
    std::optional<quorum::ServerId> servingLeader(const std::vector<quorum::ServerId> &excluding = {}) const;
    quorum::LinkBehaviour linkFromJson(const QJsonObject &object) const;
    void noteStepStart();
    // The "syncWindows" expectation (ScenarioSyncWindows.cpp): what a late joiner received and
    // committed between its leader's sync and UPTODATE.
    QStringList checkSyncWindows(const QJsonArray &windows) const;

    Scenario m_scenario;
    std::unique_ptr<quorum::EnsembleSimulator> m_simulator;
    bool m_started = false;
    int m_stepIndex = 0;
    bool m_stepBegun = false;
    qint64 m_stepStartedMs = 0;
    std::size_t m_stepStartedTrace = 0;
    int m_writesDone = 0; // of the current write step
    std::size_t m_committedBefore = 0;
    quint64 m_units = 0;
    QString m_error;
    int m_refusedWrites = 0;
    int m_acceptedWrites = 0;
    int m_writeSerial = 0;
    std::map<QString, quorum::ServerId> m_names;
    std::vector<std::pair<std::size_t, int>> m_stepStarts; // (trace size, step index)
};

} // namespace zooscope::ui::ensemble
