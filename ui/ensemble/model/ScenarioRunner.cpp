#include "ScenarioRunner.h"

#include "MemberState.h"

#include <QJsonArray>

#include <algorithm>
#include <limits>

namespace zooscope::ui::ensemble {

using quorum::EnsembleSimulator;
using quorum::ServerId;
using quorum::ServerState;
using quorum::TraceKind;
using quorum::Zxid;

namespace {

constexpr qint64 DefaultTimeoutMs = 30000;

// "1/3" (epoch/counter) or "0x100000003".
std::optional<Zxid> zxidFromText(const QString &text)
{
    bool ok = false;
    if (text.contains(QLatin1Char('/'))) {
        const qint64 epoch = text.section(QLatin1Char('/'), 0, 0).toLongLong(&ok);
        if (!ok)
            return std::nullopt;
        const qint64 counter = text.section(QLatin1Char('/'), 1, 1).toLongLong(&ok);
        return ok ? std::optional<Zxid>(quorum::makeZxid(epoch, counter)) : std::nullopt;
    }
    const Zxid zxid = text.startsWith(QLatin1String("0x")) ? text.mid(2).toLongLong(&ok, 16) : text.toLongLong(&ok);
    return ok ? std::optional<Zxid>(zxid) : std::nullopt;
}

std::optional<TraceKind> traceKindFromName(const QString &name)
{
    for (int value = 0; value <= int(TraceKind::MessageDuplicated); ++value) {
        if (name == QLatin1String(quorum::traceKindName(TraceKind(value))))
            return TraceKind(value);
    }
    return std::nullopt;
}

bool stateHolds(const std::vector<quorum::Proposal> &state, Zxid zxid)
{
    return std::any_of(state.begin(), state.end(), [zxid](const quorum::Proposal &proposal) { return proposal.zxid == zxid; });
}

} // namespace

ScenarioRunner::ScenarioRunner(Scenario scenario)
    : m_scenario(std::move(scenario))
{
    quorum::EnsembleSimulatorConfig config =
        quorum::EnsembleSimulatorConfig::ensemble(m_scenario.voters, m_scenario.observers, m_scenario.seed);
    config.timing.tickTimeMs = m_scenario.tickTimeMs;
    config.timing.historyLimit = std::size_t(std::max(1, m_scenario.historyLimit));
    m_simulator = std::make_unique<EnsembleSimulator>(config);
}

ScenarioRunner::~ScenarioRunner() = default;

int ScenarioRunner::stepOfEvent(std::size_t eventIndex) const
{
    int step = -1;
    for (const auto &[traceSize, index] : m_stepStarts) {
        if (traceSize > eventIndex)
            break;
        step = index;
    }
    return step;
}

std::optional<std::size_t> ScenarioRunner::traceSizeAtStep(int step) const
{
    for (const auto &[traceSize, index] : m_stepStarts) {
        if (index == step)
            return traceSize;
    }
    return std::nullopt;
}

void ScenarioRunner::noteStepStart()
{
    m_stepBegun = true;
    m_stepStartedMs = m_simulator->nowMs();
    m_stepStartedTrace = m_simulator->trace().size();
    m_writesDone = 0;
    m_committedBefore = 0;
    m_stepStarts.emplace_back(m_simulator->trace().size(), m_stepIndex);
}

bool ScenarioRunner::stepSimulator()
{
    return m_simulator->step();
}

bool ScenarioRunner::advance()
{
    ++m_units;
    if (!m_started) {
        m_started = true;
        if (!scriptFinished())
            noteStepStart();
        m_simulator->start();
        return true;
    }
    if (!m_error.isEmpty() || scriptFinished())
        return stepSimulator();
    const ScenarioStep &step = m_scenario.steps[std::size_t(m_stepIndex)];
    if (!m_stepBegun)
        noteStepStart();
    switch (runStep(step)) {
    case Progress::Done:
        ++m_stepIndex;
        m_stepBegun = false;
        if (!scriptFinished())
            noteStepStart();
        return true;
    case Progress::Waiting:
        return stepSimulator();
    case Progress::Failed:
        return true;
    }
    return true;
}

bool ScenarioRunner::advanceUntilTraceSize(std::size_t traceSize)
{
    while (m_simulator->trace().size() <= traceSize) {
        if (!advance())
            return false;
    }
    return true;
}

bool ScenarioRunner::runScript(qint64 maxVirtualMs)
{
    const qint64 limit = m_simulator->nowMs() + maxVirtualMs;
    while ((!m_started || !scriptFinished()) && m_error.isEmpty()) {
        if (!advance() || m_simulator->nowMs() > limit) {
            if (m_error.isEmpty() && !scriptFinished())
                m_error = QStringLiteral("step %1 did not finish within %2 ms of virtual time").arg(m_stepIndex + 1).arg(maxVirtualMs);
            break;
        }
    }
    return m_error.isEmpty();
}

bool ScenarioRunner::perform(const ScenarioStep &step)
{
    if (!m_started)
        advance();
    // Outside the script nothing waits: writes are submitted without awaiting their commit.
    ScenarioStep instant = step;
    instant.arguments.insert(QStringLiteral("await"), false);
    const QString savedError = m_error;
    const int savedWrites = m_writesDone;
    m_writesDone = 0;
    m_error.clear();
    Progress progress = Progress::Waiting;
    for (int guard = 0; guard < 100 && progress != Progress::Done && progress != Progress::Failed; ++guard)
        progress = runStep(instant);
    const bool ok = progress == Progress::Done;
    m_error = savedError;
    m_writesDone = savedWrites;
    return ok;
}

std::optional<ServerId> ScenarioRunner::servingLeader(const std::vector<ServerId> &excluding) const
{
    if (excluding.empty()) {
        // Right after a crash the followers still name the dead leader until they notice.
        const auto agreed = m_simulator->agreedLeader();
        if (agreed && m_simulator->isUp(*agreed))
            return agreed;
    }
    for (ServerId sid : m_simulator->memberIds()) {
        if (std::find(excluding.begin(), excluding.end(), sid) != excluding.end() || !m_simulator->isUp(sid))
            continue;
        const quorum::RoleStatus &role = m_simulator->peer(sid).role();
        if (role.state == ServerState::Leading && role.serving)
            return sid;
    }
    return std::nullopt;
}

std::optional<ServerId> ScenarioRunner::resolveMember(const QJsonValue &reference) const
{
    if (reference.isDouble()) {
        const ServerId sid = reference.toInteger();
        const auto ids = m_simulator->memberIds();
        return std::find(ids.begin(), ids.end(), sid) != ids.end() ? std::optional<ServerId>(sid) : std::nullopt;
    }
    const QString text = reference.toString();
    if (text == QLatin1String("leader"))
        return servingLeader();
    if (text == QLatin1String("follower")) {
        for (ServerId sid : m_simulator->memberIds()) {
            if (m_simulator->isUp(sid) && m_simulator->peer(sid).role().state == ServerState::Following &&
                m_simulator->peer(sid).role().serving)
                return sid;
        }
        return std::nullopt;
    }
    if (text.startsWith(QLatin1Char('$'))) {
        const auto found = m_names.find(text.mid(1));
        return found == m_names.end() ? std::nullopt : std::optional<ServerId>(found->second);
    }
    bool ok = false;
    const ServerId sid = text.toLongLong(&ok);
    return ok ? resolveMember(QJsonValue(qint64(sid))) : std::nullopt;
}

std::vector<ServerId> ScenarioRunner::resolveMembers(const QJsonValue &references) const
{
    std::vector<ServerId> sids;
    if (references.toString() == QLatin1String("others"))
        return sids; // resolved by the caller against "from"
    const QJsonArray list = references.isArray() ? references.toArray() : QJsonArray{references};
    for (const QJsonValue &reference : list) {
        if (const auto sid = resolveMember(reference))
            sids.push_back(*sid);
    }
    return sids;
}

quorum::LinkBehaviour ScenarioRunner::linkFromJson(const QJsonObject &object) const
{
    quorum::LinkBehaviour link;
    link.minDelayMs = object.value(QLatin1String("minDelayMs")).toInteger(link.minDelayMs);
    link.maxDelayMs = std::max(link.minDelayMs, qint64(object.value(QLatin1String("maxDelayMs")).toInteger(link.maxDelayMs)));
    link.lossPerMillion = std::uint32_t(object.value(QLatin1String("lossPercent")).toDouble(0) * 10000);
    return link;
}

ScenarioRunner::Progress ScenarioRunner::wait(bool satisfied, qint64 timeoutMs, const QString &what)
{
    if (satisfied)
        return Progress::Done;
    const std::optional<qint64> next = m_simulator->nextEventTimeMs();
    if (!next || *next > m_stepStartedMs + timeoutMs) {
        m_error = QStringLiteral("step %1: timed out after %2 ms waiting for %3").arg(m_stepIndex + 1).arg(timeoutMs).arg(what);
        return Progress::Failed;
    }
    return Progress::Waiting;
}

ScenarioRunner::Progress ScenarioRunner::runStep(const ScenarioStep &step)
{
    const QJsonObject &arguments = step.arguments;
    const QString &action = step.action;
    const qint64 timeoutMs = arguments.value(QLatin1String("timeoutMs")).toInteger(DefaultTimeoutMs);
    auto fail = [&](const QString &why) {
        m_error = QStringLiteral("step %1 (%2): %3").arg(m_stepIndex + 1).arg(action, why);
        return Progress::Failed;
    };
    auto member = [&](const char *key) { return resolveMember(arguments.value(QLatin1String(key))); };

    if (action == QLatin1String("caption"))
        return Progress::Done;
    if (action == QLatin1String("runFor")) {
        const qint64 end = m_stepStartedMs + arguments.value(QLatin1String("ms")).toInteger(100);
        const std::optional<qint64> next = m_simulator->nextEventTimeMs();
        if (next && *next <= end)
            return Progress::Waiting;
        m_simulator->runFor(std::max<qint64>(0, end - m_simulator->nowMs()));
        return Progress::Done;
    }
    if (action == QLatin1String("awaitLeader")) {
        const std::vector<ServerId> excluding = resolveMembers(arguments.value(QLatin1String("excluding")));
        std::optional<ServerId> leader = m_simulator->agreedLeader();
        if (!excluding.empty())
            leader = servingLeader(excluding);
        else if (leader && !m_simulator->isUp(*leader))
            leader.reset();
        return wait(leader.has_value(), timeoutMs, QStringLiteral("a serving leader"));
    }
    if (action == QLatin1String("awaitNotServing")) {
        bool all = true;
        for (ServerId sid : resolveMembers(arguments.value(QLatin1String("members"))))
            all = all && (!m_simulator->isUp(sid) || !m_simulator->peer(sid).role().serving);
        return wait(all, timeoutMs, QStringLiteral("the members to stop serving"));
    }
    if (action == QLatin1String("awaitTrace")) {
        const auto kind = traceKindFromName(arguments.value(QLatin1String("kind")).toString());
        if (!kind)
            return fail(QStringLiteral("unknown trace kind"));
        const auto who = arguments.contains(QLatin1String("member")) ? member("member") : std::nullopt;
        const auto &trace = m_simulator->trace();
        const bool seen = std::any_of(trace.begin() + qsizetype(m_stepStartedTrace), trace.end(), [&](const quorum::TraceEvent &event) {
            return event.kind == *kind && (!who || event.member == *who);
        });
        return wait(seen, timeoutMs, arguments.value(QLatin1String("kind")).toString());
    }
    if (action == QLatin1String("remember")) {
        const auto sid = member("member");
        if (!sid)
            return fail(QStringLiteral("no such member"));
        m_names[arguments.value(QLatin1String("name")).toString()] = *sid;
        return Progress::Done;
    }
    if (action == QLatin1String("crash") || action == QLatin1String("restart")) {
        const auto sid = member("member");
        if (!sid)
            return fail(QStringLiteral("no such member"));
        if (action == QLatin1String("crash"))
            m_simulator->crash(*sid);
        else
            m_simulator->restart(*sid);
        return Progress::Done;
    }
    if (action == QLatin1String("partition")) {
        const std::vector<ServerId> side = resolveMembers(arguments.value(QLatin1String("members")));
        if (side.empty())
            return fail(QStringLiteral("no members"));
        m_simulator->partition(side);
        return Progress::Done;
    }
    if (action == QLatin1String("heal")) {
        m_simulator->healPartitions();
        return Progress::Done;
    }
    if (action == QLatin1String("blockLinks") || action == QLatin1String("unblockLinks") || action == QLatin1String("setLinks")) {
        std::vector<ServerId> from = resolveMembers(arguments.value(QLatin1String("from")));
        std::vector<ServerId> to = resolveMembers(arguments.value(QLatin1String("to")));
        if (!arguments.contains(QLatin1String("from")))
            from = m_simulator->memberIds();
        if (!arguments.contains(QLatin1String("to")) || arguments.value(QLatin1String("to")).toString() == QLatin1String("others"))
            to = m_simulator->memberIds();
        const quorum::LinkBehaviour behaviour = linkFromJson(arguments);
        for (ServerId source : from) {
            for (ServerId target : to) {
                if (source == target)
                    continue;
                if (action == QLatin1String("blockLinks"))
                    m_simulator->blockLink(source, target);
                else if (action == QLatin1String("unblockLinks"))
                    m_simulator->unblockLink(source, target);
                else
                    m_simulator->setLink(source, target, behaviour);
            }
        }
        return Progress::Done;
    }
    if (action == QLatin1String("write")) {
        const int count = arguments.value(QLatin1String("count")).toInt(1);
        const bool awaitCommit = arguments.value(QLatin1String("await")).toBool(true);
        const bool expectRefused = arguments.value(QLatin1String("expectRefused")).toBool(false);
        if (m_writesDone > 0 && awaitCommit && !expectRefused && m_simulator->committed().size() < m_committedBefore) {
            if (m_simulator->nextEventTimeMs().value_or(std::numeric_limits<qint64>::max()) > m_stepStartedMs + timeoutMs)
                return fail(QStringLiteral("write %1 did not commit").arg(m_writesDone));
            return Progress::Waiting;
        }
        if (m_writesDone >= count)
            return Progress::Done;
        const QJsonValue via = arguments.contains(QLatin1String("via")) ? arguments.value(QLatin1String("via")) : QJsonValue(QStringLiteral("leader"));
        const auto sid = resolveMember(via);
        const QByteArray payload = arguments.value(QLatin1String("payload")).toString(QStringLiteral("w")).toUtf8() +
                                   QByteArray::number(++m_writeSerial);
        const std::size_t committedBefore = m_simulator->committed().size();
        const bool accepted = sid && m_simulator->submitWrite(*sid, payload);
        ++m_writesDone;
        if (!accepted) {
            if (!expectRefused)
                return fail(QStringLiteral("write through %1 was refused").arg(sid ? QString::number(*sid) : QStringLiteral("?")));
            ++m_refusedWrites;
            return m_writesDone >= count ? Progress::Done : Progress::Waiting;
        }
        if (expectRefused)
            return fail(QStringLiteral("write through %1 was accepted, expected a refusal").arg(*sid));
        ++m_acceptedWrites;
        if (awaitCommit) {
            m_committedBefore = committedBefore + 1; // committed() must reach this size
            m_stepStartedMs = m_simulator->nowMs();  // each write gets the whole timeout
            return Progress::Waiting;
        }
        return m_writesDone >= count ? Progress::Done : Progress::Waiting;
    }
    return fail(QStringLiteral("unknown action"));
}

std::optional<Zxid> ScenarioRunner::parseZxid(const QString &text)
{
    return zxidFromText(text);
}

QStringList ScenarioRunner::checkExpectations() const
{
    QStringList failures;
    const QJsonObject &expect = m_scenario.expect;
    if (!m_error.isEmpty())
        failures << QStringLiteral("the script failed: ") + m_error;
    if (!m_simulator->violation().isEmpty())
        failures << QStringLiteral("the simulator saw a broken guarantee: ") + m_simulator->violation();
    const auto leader = servingLeader();
    if (expect.contains(QLatin1String("leader"))) {
        const auto wanted = resolveMember(expect.value(QLatin1String("leader")));
        if (!wanted || leader != wanted)
            failures << QStringLiteral("expected member %1 to lead, found %2")
                            .arg(wanted ? QString::number(*wanted) : QStringLiteral("?"),
                                 leader ? QString::number(*leader) : QStringLiteral("no serving leader"));
    }
    if (expect.contains(QLatin1String("leaderNot"))) {
        const auto unwanted = resolveMember(expect.value(QLatin1String("leaderNot")));
        if (!leader || leader == unwanted)
            failures << QStringLiteral("expected a serving leader other than %1").arg(unwanted ? QString::number(*unwanted) : QStringLiteral("?"));
    }
    if (expect.contains(QLatin1String("epoch"))) {
        const qint64 wanted = expect.value(QLatin1String("epoch")).toInteger();
        const qint64 actual = leader ? m_simulator->peer(*leader).role().epoch : -1;
        if (actual != wanted)
            failures << QStringLiteral("expected the leader's epoch to be %1, found %2").arg(wanted).arg(actual);
    }
    if (expect.contains(QLatin1String("committedCount"))) {
        const qint64 wanted = expect.value(QLatin1String("committedCount")).toInteger();
        if (qint64(m_simulator->committed().size()) != wanted)
            failures << QStringLiteral("expected %1 committed transactions, found %2").arg(wanted).arg(m_simulator->committed().size());
    }
    for (const QJsonValue &value : expect.value(QLatin1String("committed")).toArray()) {
        const auto zxid = zxidFromText(value.toString());
        if (!zxid || !m_simulator->committed().count(*zxid))
            failures << QStringLiteral("expected %1 to be committed").arg(value.toString());
    }
    for (const QJsonValue &value : expect.value(QLatin1String("notCommitted")).toArray()) {
        const auto zxid = zxidFromText(value.toString());
        if (zxid && m_simulator->committed().count(*zxid))
            failures << QStringLiteral("expected %1 not to be committed").arg(value.toString());
    }
    // Every live member's state holds / lacks these transactions.
    for (const char *key : {"stateIncludes", "stateExcludes"}) {
        const bool include = QLatin1String(key) == QLatin1String("stateIncludes");
        for (const QJsonValue &value : expect.value(QLatin1String(key)).toArray()) {
            const auto zxid = zxidFromText(value.toString());
            for (ServerId sid : m_simulator->memberIds()) {
                if (zxid && m_simulator->isUp(sid) && stateHolds(m_simulator->state(sid), *zxid) != include)
                    failures << QStringLiteral("expected member %1's state %2 %3")
                                    .arg(sid)
                                    .arg(include ? QStringLiteral("to hold") : QStringLiteral("not to hold"), value.toString());
            }
        }
    }
    for (const QJsonValue &value : expect.value(QLatin1String("syncs")).toArray()) {
        const QJsonObject sync = value.toObject();
        const auto from = resolveMember(sync.value(QLatin1String("leader")));
        const auto to = resolveMember(sync.value(QLatin1String("learner")));
        const QString mode = sync.value(QLatin1String("mode")).toString();
        QString last;
        for (const quorum::TraceEvent &event : m_simulator->trace()) {
            if (event.kind == TraceKind::SyncModeChosen && event.state == ServerState::Leading && from &&
                event.member == *from && to && event.peer == *to)
                last = event.details;
        }
        if (!last.startsWith(mode))
            failures << QStringLiteral("expected leader %1 to synchronize member %2 by %3, last sync was \"%4\"")
                            .arg(from ? QString::number(*from) : QStringLiteral("?"), to ? QString::number(*to) : QStringLiteral("?"), mode, last);
    }
    const QJsonObject roles = expect.value(QLatin1String("roles")).toObject();
    for (auto it = roles.begin(); it != roles.end(); ++it) {
        const auto sid = resolveMember(QJsonValue(it.key()));
        const QString actual = !sid                         ? QStringLiteral("no such member")
                               : !m_simulator->isUp(*sid)   ? QStringLiteral("DOWN")
                                                            : QLatin1String(quorum::serverStateName(m_simulator->peer(*sid).role().state));
        if (actual != it.value().toString())
            failures << QStringLiteral("expected member %1 to be %2, found %3").arg(it.key(), it.value().toString(), actual);
    }
    if (expect.contains(QLatin1String("refusedWrites")) && expect.value(QLatin1String("refusedWrites")).toInt() != m_refusedWrites)
        failures << QStringLiteral("expected %1 refused writes, counted %2").arg(expect.value(QLatin1String("refusedWrites")).toInt()).arg(m_refusedWrites);
    failures << checkSyncWindows(expect.value(QLatin1String("syncWindows")).toArray());
    if (expect.value(QLatin1String("converged")).toBool()) {
        const QString converged = m_simulator->checkConverged();
        if (!converged.isEmpty())
            failures << QStringLiteral("expected every live member to converge: ") + converged;
    }
    return failures;
}

} // namespace zooscope::ui::ensemble
