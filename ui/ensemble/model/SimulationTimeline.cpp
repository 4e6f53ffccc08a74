#include "SimulationTimeline.h"

#include <QJsonArray>

#include <cmath>

namespace zooscope::ui::ensemble {

using quorum::TraceEvent;
using quorum::TraceKind;

namespace {

constexpr int FrameMs = 33;                 // ~30 frames per second
constexpr qint64 CheckpointEvery = 1000;    // events between saved states, for fast rewinding
constexpr std::size_t MaxCheckpoints = 64;
constexpr int MaxUnitsPerEvent = 1000000;   // a runner that stops producing events is finished
constexpr int MaxEventsPerPhase = 20000;
constexpr qint64 PlayQuietLimitMs = 1000;
constexpr qint64 LostAfterMs = 200;         // plus the slowest configured link delay   // the same, per frame while playing

QJsonValue memberValue(ServerId sid)
{
    return sid == quorum::NoServer ? QJsonValue(QStringLiteral("leader")) : QJsonValue(qint64(sid));
}

ScenarioStep makeStep(const QString &action, QJsonObject arguments = {})
{
    arguments.insert(QStringLiteral("do"), action);
    return ScenarioStep{action, arguments, {}};
}

} // namespace

SimulationTimeline::SimulationTimeline(QObject *parent)
    : EnsembleFeed(parent)
{
    m_playTimer.setInterval(FrameMs);
    connect(&m_playTimer, &QTimer::timeout, this, &SimulationTimeline::onPlayTick);
    loadEnsemble(3, 0, 1);
}

SimulationTimeline::~SimulationTimeline() = default;

void SimulationTimeline::load(const Scenario &scenario)
{
    pauseClock();
    m_scenario = scenario;
    m_interventions.clear();
    noteLinkDelays(scenario);
    rebuild();
    emitChanged();
}

void SimulationTimeline::loadEnsemble(int voters, int observers, quint64 seed)
{
    Scenario bare;
    bare.id = QStringLiteral("free");
    bare.voters = voters;
    bare.observers = observers;
    bare.seed = seed;
    load(bare);
}

void SimulationTimeline::rebuild()
{
    m_runner = std::make_unique<ScenarioRunner>(m_scenario);
    m_nextReplay = 0;
    m_runner->advance(); // starts the members
    m_lastUnitStart = 0;
    m_state = EnsembleState(m_runner->simulator().quorum().members());
    // Simulated links take milliseconds: a message much older than the slowest link was lost.
    m_state.setMessageTimeouts(LostAfterMs + m_slowestLinkMs, 0);
    m_checkpoints.clear();
    m_checkpoints.emplace(0, m_state);
    m_position = 0;
}

void SimulationTimeline::restartFromBeginning()
{
    setPosition(0);
}

std::vector<TraceEvent> SimulationTimeline::events() const
{
    const auto &trace = m_runner->simulator().trace();
    return std::vector<TraceEvent>(trace.begin(), trace.begin() + m_position);
}

const TraceEvent &SimulationTimeline::eventAt(qint64 number) const
{
    return m_runner->simulator().trace()[std::size_t(number)];
}

qint64 SimulationTimeline::knownLength() const
{
    return qint64(m_runner->simulator().trace().size());
}

QString SimulationTimeline::scriptError() const
{
    return m_runner->error();
}

int SimulationTimeline::currentStep() const
{
    // The step that produces the next event: at a chapter's start, that chapter.
    return m_runner->stepOfEvent(std::size_t(m_position));
}

QString SimulationTimeline::caption() const
{
    const int step = currentStep();
    if (step < 0 || step >= int(m_scenario.steps.size()))
        return {};
    return m_scenario.steps[std::size_t(step)].caption.text(QLocale());
}

void SimulationTimeline::replayDue()
{
    while (m_nextReplay < m_interventions.size() && m_interventions[m_nextReplay].units <= m_runner->unitsTaken()) {
        m_runner->perform(m_interventions[m_nextReplay].step);
        ++m_nextReplay;
    }
}

void SimulationTimeline::advanceRunner()
{
    replayDue();
    m_lastUnitStart = knownLength();
    m_runner->advance();
}

bool SimulationTimeline::ensureComputed(qint64 length, qint64 quietLimitMs)
{
    const qint64 before = knownLength();
    int idle = 0;
    qint64 quietSinceMs = m_runner->simulator().nowMs();
    while (knownLength() < length && idle < MaxUnitsPerEvent) {
        const qint64 size = knownLength();
        advanceRunner();
        if (knownLength() != size) {
            idle = 0;
            quietSinceMs = m_runner->simulator().nowMs();
            continue;
        }
        ++idle;
        // Heartbeats are not traced: a settled ensemble can run on for ever without an event.
        const bool quiet = m_runner->simulator().nowMs() - quietSinceMs > quietLimitMs;
        if ((quiet || !m_runner->simulator().nextEventTimeMs()) && m_runner->scriptFinished())
            break;
    }
    if (knownLength() != before)
        Q_EMIT lengthChanged(knownLength());
    return knownLength() >= length;
}

void SimulationTimeline::foldTo(qint64 position)
{
    position = std::clamp<qint64>(position, 0, knownLength());
    if (position < m_position) {
        auto checkpoint = m_checkpoints.upper_bound(position);
        --checkpoint; // position 0 is always there
        m_state = checkpoint->second;
        m_position = checkpoint->first;
    }
    const auto &trace = m_runner->simulator().trace();
    while (m_position < position) {
        m_state.apply(trace[std::size_t(m_position)]);
        ++m_position;
        if (m_position % CheckpointEvery == 0 && !m_checkpoints.count(m_position)) {
            m_checkpoints.emplace(m_position, m_state);
            thinCheckpoints();
        }
    }
}

void SimulationTimeline::thinCheckpoints()
{
    // Long sessions: keep at most MaxCheckpoints states, dropping every other one (never position 0).
    if (m_checkpoints.size() <= MaxCheckpoints)
        return;
    bool drop = false;
    for (auto it = std::next(m_checkpoints.begin()); it != m_checkpoints.end();) {
        it = drop ? m_checkpoints.erase(it) : std::next(it);
        drop = !drop;
    }
}

void SimulationTimeline::emitChanged()
{
    Q_EMIT stateChanged();
}

void SimulationTimeline::stepEvent()
{
    if (ensureComputed(m_position + 1)) {
        foldTo(m_position + 1);
        emitChanged();
    }
}

bool SimulationTimeline::isMilestone(const TraceEvent &event)
{
    switch (event.kind) {
    case TraceKind::LeaderElected:
    case TraceKind::LeaderEstablished:
    case TraceKind::NewEpochProposed:
    case TraceKind::SyncModeChosen:
    case TraceKind::CommitSent:
    case TraceKind::RoleLost:
    case TraceKind::MemberCrashed:
    case TraceKind::MemberRestarted:
    case TraceKind::LinkChanged:
        return true;
    default:
        return false;
    }
}

void SimulationTimeline::stepPhase()
{
    const auto isDone = [this] {
        return m_position > 0 && isMilestone(m_runner->simulator().trace()[std::size_t(m_position - 1)]);
    };
    for (int i = 0; i < MaxEventsPerPhase; ++i) {
        if (!ensureComputed(m_position + 1))
            break;
        foldTo(m_position + 1);
        if (isDone())
            break;
    }
    emitChanged();
}

void SimulationTimeline::stepBack()
{
    foldTo(m_position - 1);
    emitChanged();
}

void SimulationTimeline::setPosition(qint64 position)
{
    ensureComputed(position);
    foldTo(position);
    emitChanged();
}

void SimulationTimeline::goToStep(int step)
{
    int guard = 0;
    while (!m_runner->traceSizeAtStep(step) && !m_runner->scriptFinished() && m_runner->error().isEmpty() && guard++ < MaxUnitsPerEvent)
        advanceRunner();
    Q_EMIT lengthChanged(knownLength());
    if (const auto start = m_runner->traceSizeAtStep(step))
        setPosition(qint64(*start));
}

void SimulationTimeline::play()
{
    if (m_playTimer.isActive())
        return;
    m_playCredit = 0;
    m_playClock.start();
    m_playTimer.start();
    Q_EMIT playingChanged(true);
}

void SimulationTimeline::pauseClock()
{
    if (!m_playTimer.isActive())
        return;
    m_playTimer.stop();
    Q_EMIT playingChanged(false);
}

void SimulationTimeline::setEventsPerSecond(int eventsPerSecond)
{
    m_eventsPerSecond = std::clamp(eventsPerSecond, 1, 100000);
}

void SimulationTimeline::onPlayTick()
{
    // Credit by the time that really passed (a busy UI thread ticks late), at most a quarter second's.
    const qint64 elapsedMs = std::min<qint64>(m_playClock.restart(), 250);
    m_playCredit += m_eventsPerSecond * (elapsedMs / 1000.0);
    const qint64 events = qint64(std::floor(m_playCredit));
    if (events <= 0)
        return;
    m_playCredit -= double(events);
    // A settled ensemble keeps playing (a fault may come), a little virtual time per frame.
    if (!ensureComputed(m_position + events, PlayQuietLimitMs)) {
        foldTo(knownLength());
        if (!m_runner->simulator().nextEventTimeMs())
            pauseClock();
    } else {
        foldTo(m_position + events);
    }
    emitChanged(); // once per frame, however many events were folded
}

void SimulationTimeline::noteLinkDelays(const Scenario &scenario)
{
    m_slowestLinkMs = 5;
    for (const ScenarioStep &step : scenario.steps)
        m_slowestLinkMs = std::max<qint64>(m_slowestLinkMs, step.arguments.value(QLatin1String("maxDelayMs")).toInteger(0));
}

bool SimulationTimeline::intervene(const ScenarioStep &step)
{
    if (step.arguments.contains(QLatin1String("maxDelayMs"))) {
        m_slowestLinkMs = std::max<qint64>(m_slowestLinkMs, step.arguments.value(QLatin1String("maxDelayMs")).toInteger());
        m_state.setMessageTimeouts(LostAfterMs + m_slowestLinkMs, 0);
    }
    const qint64 target = m_position;
    // Events past the position that came from the simulator's latest unit are the same moment:
    // only a fault further back needs a fork.
    if (target < knownLength() && target < m_lastUnitStart) {
        // Fork: the same seed and the earlier faults up to here, then the new one.
        std::erase_if(m_interventions, [target](const Intervention &intervention) { return intervention.traceSize > target; });
        rebuild();
        ensureComputed(target);
        // Faults that came at this very point: run up to the unit each was applied at.
        while (m_nextReplay < m_interventions.size()) {
            replayDue();
            if (m_nextReplay < m_interventions.size())
                m_runner->advance();
        }
    }
    const quint64 units = m_runner->unitsTaken();
    const qint64 traceSize = knownLength();
    if (!m_runner->perform(step)) {
        foldTo(target);
        Q_EMIT problem(tr("The simulator could not do that now."));
        emitChanged();
        return false;
    }
    m_interventions.push_back(Intervention{traceSize, units, step});
    m_nextReplay = m_interventions.size();
    Q_EMIT lengthChanged(knownLength());
    foldTo(target);
    foldTo(knownLength()); // show the fault at once
    emitChanged();
    return true;
}

bool SimulationTimeline::supports(FaultKind kind) const
{
    return kind != FaultKind::Pause && kind != FaultKind::Resume && kind != FaultKind::Reconfigure;
}

bool SimulationTimeline::kill(ServerId sid)
{
    return intervene(makeStep(QStringLiteral("crash"), {{QStringLiteral("member"), qint64(sid)}}));
}

bool SimulationTimeline::restart(ServerId sid)
{
    return intervene(makeStep(QStringLiteral("restart"), {{QStringLiteral("member"), qint64(sid)}}));
}

bool SimulationTimeline::pause(ServerId)
{
    Q_EMIT problem(tr("The simulator cannot pause a member; kill it instead."));
    return false;
}

bool SimulationTimeline::resume(ServerId)
{
    return false;
}

bool SimulationTimeline::partition(const std::vector<ServerId> &side)
{
    QJsonArray members;
    for (ServerId sid : side)
        members.append(qint64(sid));
    return intervene(makeStep(QStringLiteral("partition"), {{QStringLiteral("members"), members}}));
}

bool SimulationTimeline::heal()
{
    return intervene(makeStep(QStringLiteral("heal")));
}

bool SimulationTimeline::setLinkFault(ServerId from, ServerId to, const LinkFaultRequest &fault)
{
    const QJsonObject ends{{QStringLiteral("from"), qint64(from)}, {QStringLiteral("to"), qint64(to)}};
    if (fault.blocked)
        return intervene(makeStep(QStringLiteral("blockLinks"), ends));
    QJsonObject link = ends;
    link.insert(QStringLiteral("minDelayMs"), std::max(1, fault.delayMs));
    link.insert(QStringLiteral("maxDelayMs"), std::max(1, fault.delayMs) + 4);
    link.insert(QStringLiteral("lossPercent"), fault.lossPercent);
    return intervene(makeStep(QStringLiteral("unblockLinks"), ends)) && intervene(makeStep(QStringLiteral("setLinks"), link));
}

bool SimulationTimeline::write(ServerId via)
{
    return intervene(makeStep(QStringLiteral("write"), {{QStringLiteral("via"), memberValue(via)},
                                                        {QStringLiteral("payload"), QStringLiteral("class")}}));
}

} // namespace zooscope::ui::ensemble
