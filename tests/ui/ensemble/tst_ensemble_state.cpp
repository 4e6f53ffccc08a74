// Folding the trace into the views' state: checked against the simulator's own members (roles,
// serving, committed zxids, epochs), the votes tables, messages in flight, ack counts, the
// invariant monitors on broken traces, the classroom timeline (step, phase, rewind, fork), the
// trace JSON export and the live feed from a LocalEnsemble.

#include "EnsembleTestSupport.h"
#include "LiveEnsembleFeed.h"
#include "SimulationTimeline.h"
#include "TraceJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace zooscope::quorum;
using namespace zooscope::ui::ensemble;
using zooscope::testing::compareWithSimulator;
using zooscope::testing::foldTrace;

namespace {

bool hasLeader(const EnsembleSimulator &simulator)
{
    return simulator.agreedLeader().has_value();
}

int countInState(const EnsembleState &state, ServerState wanted)
{
    int count = 0;
    for (const auto &[sid, member] : state.members())
        count += member.up && member.state == wanted ? 1 : 0;
    return count;
}

QString describe(const EnsembleState &state)
{
    QStringList parts;
    for (const auto &[sid, member] : state.members())
        parts << QStringLiteral("%1:%2%3 e%4 c%5")
                     .arg(sid)
                     .arg(member.up ? QLatin1String(serverStateName(member.state)) : QLatin1String("DOWN"))
                     .arg(member.serving ? QStringLiteral("*") : QString())
                     .arg(member.epoch)
                     .arg(zxidText(member.committedZxid));
    return parts.join(u' ');
}

TraceEvent makeEvent(TraceKind kind, ServerId member, Zxid zxid, std::int64_t epoch, ServerState state, const QString &details = {})
{
    TraceEvent event;
    event.kind = kind;
    event.member = member;
    event.zxid = zxid;
    event.epoch = epoch;
    event.state = state;
    event.leader = member;
    event.details = details;
    return event;
}

} // namespace

Q_DECLARE_METATYPE(zooscope::quorum::TraceEvent)

class TestEnsembleState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void coldStartShowsExactlyOneLeader_data()
    {
        QTest::addColumn<int>("voters");
        QTest::addColumn<int>("observers");
        QTest::addColumn<quint64>("seed");
        QTest::newRow("1 voter") << 1 << 0 << quint64(3);
        QTest::newRow("3 voters") << 3 << 0 << quint64(1);
        QTest::newRow("5 voters") << 5 << 0 << quint64(2);
        QTest::newRow("3 voters + 2 observers") << 3 << 2 << quint64(4);
        QTest::newRow("7 voters") << 7 << 0 << quint64(5);
    }

    void coldStartShowsExactlyOneLeader()
    {
        QFETCH(int, voters);
        QFETCH(int, observers);
        QFETCH(quint64, seed);
        EnsembleSimulator simulator(EnsembleSimulatorConfig::ensemble(voters, observers, seed));
        simulator.start();
        QVERIFY2(simulator.runUntil(hasLeader, 10000), "expected the simulator to elect a leader");
        const EnsembleState state = foldTrace(simulator);
        QVERIFY2(countInState(state, ServerState::Leading) == 1, qPrintable(QStringLiteral("expected exactly one LEADING: ") + describe(state)));
        QCOMPARE(countInState(state, ServerState::Following), voters - 1);
        QCOMPARE(countInState(state, ServerState::Observing), observers);
        QCOMPARE(state.agreedLeader(), std::optional<ServerId>(voters));
        const QStringList differences = compareWithSimulator(state, simulator);
        QVERIFY2(differences.isEmpty(), qPrintable(differences.join(u'\n')));
        QVERIFY2(state.invariants().allHold(), "expected every invariant to hold after a cold start");
        QCOMPARE(state.member(voters)->epoch, 1);
    }

    void electionTablesShowTheQuorumThatDecided()
    {
        EnsembleSimulator simulator(EnsembleSimulatorConfig::ensemble(3, 0, 1));
        simulator.start();
        QVERIFY(simulator.runUntil([](const EnsembleSimulator &s) {
            return !s.trace().empty() && s.trace().back().kind == TraceKind::QuorumReached;
        }, 10000));
        const EnsembleState state = foldTrace(simulator);
        const ServerId sid = simulator.trace().back().member;
        const MemberState *member = state.member(sid);
        QVERIFY(member);
        QVERIFY2(member->quorumReached, "expected the member to be in its finalize wait");
        QCOMPARE(member->currentVote.leader, simulator.trace().back().leader);
        QVERIFY2(state.agreeingVoters(sid) >= simulator.quorum().quorumSize(),
                 qPrintable(QStringLiteral("expected a quorum of %1 agreeing votes, found %2")
                                .arg(simulator.quorum().quorumSize())
                                .arg(state.agreeingVoters(sid))));
        QVERIFY2(member->receivedVotes.count(sid), "expected the member's own vote in its table");
    }

    void votesTravelAndArrive()
    {
        EnsembleSimulator simulator(EnsembleSimulatorConfig::ensemble(3, 0, 1));
        simulator.start();
        EnsembleState state(simulator.quorum().members());
        for (const TraceEvent &traced : simulator.trace())
            state.apply(traced);
        const auto flying = state.messagesInFlight();
        QVERIFY2(!flying.empty(), "expected the first notifications to be in flight right after the start");
        for (const FlightMessage &message : flying) {
            QCOMPARE(message.type, MessageType::Vote);
            QVERIFY(message.from != message.to);
            QVERIFY2(message.label().startsWith(QLatin1String("VOTE (")), qPrintable(message.label()));
        }
        QVERIFY(simulator.runUntil(hasLeader, 10000));
        simulator.runFor(3000);
        const EnsembleState settled = foldTrace(simulator);
        for (const FlightMessage &message : settled.messagesInFlight())
            QVERIFY2(message.type != MessageType::Vote,
                     qPrintable(QStringLiteral("expected no vote in flight once the ensemble settled: ") + message.label()));
    }

    void proposalsShowAcksAndCommits()
    {
        EnsembleSimulator simulator(EnsembleSimulatorConfig::ensemble(3, 1, 7));
        simulator.start();
        QVERIFY(simulator.runUntil(hasLeader, 10000));
        for (int i = 0; i < 5; ++i)
            QVERIFY(simulator.submitWrite(3, "w" + QByteArray::number(i)));
        simulator.runFor(500);
        const EnsembleState state = foldTrace(simulator);
        const MemberState *leader = state.member(3);
        QCOMPARE(leader->proposals.size(), std::size_t(5));
        for (const auto &[zxid, mark] : leader->proposals) {
            QVERIFY2(mark.proposed && mark.committed, qPrintable(QStringLiteral("expected %1 proposed and committed").arg(zxidText(zxid))));
            QVERIFY2(mark.ackCount >= 2, qPrintable(QStringLiteral("expected a quorum of acks for %1, found %2").arg(zxidText(zxid)).arg(mark.ackCount)));
        }
        for (ServerId sid : {1, 2, 4}) {
            QCOMPARE(state.member(sid)->committedZxid, makeZxid(1, 5));
            QVERIFY2(state.member(sid)->proposals.at(makeZxid(1, 5)).committed, "expected the learner's history to mark commits");
        }
        QVERIFY2(state.member(1)->proposals.at(makeZxid(1, 5)).acked, "expected a follower's proposal to be marked acked");
        QCOMPARE(state.committedZxids().size(), std::size_t(5));
    }

    void leaderCrashShowsANewLeader()
    {
        EnsembleSimulator simulator(EnsembleSimulatorConfig::ensemble(3, 0, 11));
        simulator.start();
        QVERIFY(simulator.runUntil(hasLeader, 10000));
        simulator.crash(3);
        QVERIFY(simulator.runUntil([](const EnsembleSimulator &s) { return s.agreedLeader().value_or(3) != 3; }, 30000));
        const EnsembleState state = foldTrace(simulator);
        QVERIFY2(!state.member(3)->up, "expected the crashed leader to be drawn down");
        QCOMPARE(state.agreedLeader(), std::optional<ServerId>(2));
        QCOMPARE(state.member(2)->epoch, 2);
        QVERIFY2(countInState(state, ServerState::Leading) == 1, qPrintable(describe(state)));
        QVERIFY(state.invariants().allHold());
    }

    void invariantMonitorsTurnRed_data()
    {
        QTest::addColumn<QList<TraceEvent>>("trace");
        QTest::addColumn<int>("invariant");
        QTest::addColumn<int>("offendingEvent");
        const auto leading = [](ServerId sid, std::int64_t epoch) {
            return makeEvent(TraceKind::StateChanged, sid, makeZxid(epoch, 0), epoch, ServerState::Leading, QStringLiteral("serving"));
        };
        QTest::newRow("two leaders in one epoch") << QList<TraceEvent>{leading(1, 1), leading(2, 1)} << int(Invariant::OneLeaderPerEpoch) << 1;
        QTest::newRow("leaders of different epochs are fine") << QList<TraceEvent>{leading(1, 1), leading(2, 2)} << -1 << -1;
        const TraceEvent commit1 = makeEvent(TraceKind::CommitSent, 1, makeZxid(1, 1), 1, ServerState::Leading, QStringLiteral("2 acks"));
        const TraceEvent commit2 = makeEvent(TraceKind::CommitSent, 1, makeZxid(1, 2), 1, ServerState::Leading, QStringLiteral("2 acks"));
        const TraceEvent applied1 = makeEvent(TraceKind::Committed, 2, makeZxid(1, 1), 1, ServerState::Following);
        const TraceEvent applied2 = makeEvent(TraceKind::Committed, 2, makeZxid(1, 2), 1, ServerState::Following);
        QTest::newRow("member skips a committed zxid") << QList<TraceEvent>{commit1, commit2, applied2} << int(Invariant::CommittedPrefixesAgree) << 2;
        QTest::newRow("member applies out of order") << QList<TraceEvent>{applied2, applied1} << int(Invariant::CommittedPrefixesAgree) << 1;
        TraceEvent truncate = makeEvent(TraceKind::SyncModeChosen, 2, makeZxid(1, 1), 1, ServerState::Following, QStringLiteral("TRUNC"));
        QTest::newRow("TRUNC cuts a committed write") << QList<TraceEvent>{applied1, applied2, commit1, commit2, truncate}
                                                      << int(Invariant::NoCommittedWriteLost) << 4;
        QTest::newRow("TRUNC of an uncommitted write is fine") << QList<TraceEvent>{applied1, applied2, commit1, truncate} << -1 << -1;
    }

    void invariantMonitorsTurnRed()
    {
        QFETCH(QList<TraceEvent>, trace);
        QFETCH(int, invariant);
        QFETCH(int, offendingEvent);
        EnsembleState state(QuorumConfig::withVoters(3).members());
        for (const TraceEvent &traced : trace)
            state.apply(traced);
        for (const InvariantStatus &status : state.invariants().statuses()) {
            const bool shouldFail = int(status.invariant) == invariant;
            QVERIFY2(status.holds != shouldFail,
                     qPrintable(QStringLiteral("expected \"%1\" to %2 (%3)")
                                    .arg(invariantTitle(status.invariant), shouldFail ? QStringLiteral("turn red") : QStringLiteral("hold"), status.violation)));
            if (shouldFail) {
                QCOMPARE(status.offendingEvent, qint64(offendingEvent));
                QVERIFY2(!status.offendingEventText.isEmpty(), "expected the offending event's text");
            }
        }
    }

    void timelineStepsRewindsAndForks()
    {
        SimulationTimeline timeline;
        timeline.load(Scenario::load(scenarioFiles(QStringLiteral(ZOOSCOPE_SCENARIO_DIRECTORY)).value(0), nullptr));
        QSignalSpy changed(&timeline, &SimulationTimeline::stateChanged);
        for (int i = 0; i < 10; ++i)
            timeline.stepEvent();
        QCOMPARE(timeline.position(), qint64(10));
        QCOMPARE(changed.count(), 10);
        QVERIFY2(!timeline.caption().isEmpty(), "expected the first step's caption");
        // Play until a leader is established: the phase steps stop at milestones.
        for (int i = 0; i < 200 && !timeline.state().agreedLeader(); ++i)
            timeline.stepPhase();
        QVERIFY2(timeline.state().agreedLeader() == std::optional<ServerId>(3), qPrintable(describe(timeline.state())));
        QVERIFY(SimulationTimeline::isMilestone(timeline.events().back()));
        const qint64 elected = timeline.position();
        const QString atElection = describe(timeline.state());
        // Rewind and come back: the same state, without re-running anything.
        timeline.setPosition(0);
        QCOMPARE(countInState(timeline.state(), ServerState::Leading), 0);
        timeline.setPosition(elected);
        QCOMPARE(describe(timeline.state()), atElection);
        const QByteArray originalFuture = [&] {
            timeline.setPosition(elected + 400);
            QByteArray text;
            for (const TraceEvent &traced : timeline.events())
                text += traced.toText().toUtf8() + '\n';
            return text;
        }();
        // Fork at the election: kill the leader there.
        timeline.setPosition(elected);
        QVERIFY(timeline.kill(3));
        QVERIFY2(!timeline.state().member(3)->up, "expected the kill to show at once");
        for (int i = 0; i < 400 && timeline.state().agreedLeader().value_or(3) == 3; ++i)
            timeline.stepPhase();
        QCOMPARE(timeline.state().agreedLeader(), std::optional<ServerId>(2));
        QByteArray forkedFuture;
        for (const TraceEvent &traced : timeline.events())
            forkedFuture += traced.toText().toUtf8() + '\n';
        QVERIFY2(forkedFuture.left(originalFuture.size()) != originalFuture, "expected the fork to change the future");
        // The fork is part of the timeline now: rewinding and replaying keeps it.
        const qint64 end = timeline.position();
        timeline.setPosition(elected - 5);
        timeline.setPosition(end);
        QCOMPARE(timeline.state().agreedLeader(), std::optional<ServerId>(2));
    }

    void timelineFaultsAndWritesFork_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("expectedCommits");
        QTest::newRow("writes through the leader") << QStringLiteral("write") << 3;
        QTest::newRow("partition the leader away") << QStringLiteral("partition") << 0;
        QTest::newRow("slow link") << QStringLiteral("link") << 3;
    }

    void timelineFaultsAndWritesFork()
    {
        QFETCH(QString, fault);
        QFETCH(int, expectedCommits);
        SimulationTimeline timeline;
        timeline.loadEnsemble(3, 0, 5);
        for (int i = 0; i < 500 && !timeline.state().agreedLeader(); ++i)
            timeline.stepPhase();
        QCOMPARE(timeline.state().agreedLeader(), std::optional<ServerId>(3));
        if (fault == QLatin1String("partition")) {
            QVERIFY(timeline.partition({3}));
            QVERIFY2(timeline.state().links().at({3, 1}).blocked, "expected the partition's links drawn blocked");
        } else if (fault == QLatin1String("link")) {
            QVERIFY(timeline.setLinkFault(3, 1, LinkFaultRequest{false, 40, 0}));
        }
        if (fault != QLatin1String("partition")) {
            for (int i = 0; i < 3; ++i)
                QVERIFY2(timeline.write(NoServer), "expected the write to be accepted by the serving leader");
        }
        for (int i = 0; i < 50; ++i)
            timeline.stepPhase();
        QCOMPARE(int(timeline.state().committedZxids().size()), expectedCommits);
        QVERIFY(timeline.state().invariants().allHold());
        QVERIFY2(!timeline.pause(1), "expected the simulator to refuse pausing");
    }

    void playingFoldsOncePerFrame()
    {
        SimulationTimeline timeline;
        timeline.loadEnsemble(3, 0, 9);
        timeline.setEventsPerSecond(3000);
        QSignalSpy changed(&timeline, &SimulationTimeline::stateChanged);
        timeline.play();
        QVERIFY(timeline.isPlaying());
        QTRY_VERIFY2_WITH_TIMEOUT(timeline.state().agreedLeader().has_value(), "expected playing to elect a leader", 10000);
        timeline.pauseClock();
        QVERIFY2(changed.count() < timeline.position(),
                 qPrintable(QStringLiteral("expected fewer repaints (%1) than events (%2)").arg(changed.count()).arg(timeline.position())));
    }

    void traceJsonRoundTrips()
    {
        EnsembleSimulator simulator(EnsembleSimulatorConfig::ensemble(3, 1, 2));
        simulator.start();
        QVERIFY(simulator.runUntil(hasLeader, 10000));
        const QByteArray json = traceToJson(simulator.trace(), {{QStringLiteral("scenario"), QStringLiteral("test")}});
        const QJsonDocument document = QJsonDocument::fromJson(json);
        QCOMPARE(document.object().value(QLatin1String("format")).toString(), QStringLiteral("zooscope-trace-1"));
        const QJsonArray events = document.object().value(QLatin1String("events")).toArray();
        QCOMPARE(std::size_t(events.size()), simulator.trace().size());
        for (qsizetype i = 0; i < events.size(); ++i) {
            const auto parsed = traceEventFromJson(events[i].toObject());
            QVERIFY2(parsed, qPrintable(QStringLiteral("expected event %1 to parse").arg(i)));
            QCOMPARE(parsed->toText(), simulator.trace()[std::size_t(i)].toText());
        }
    }

    // A reconfiguration that takes effect (ConfigActivated from any member) changes the circle: a new
    // member joins with its kind, a removed one leaves, and its later events do not bring it back.
    void configActivatedChangesTheMembership_data()
    {
        QTest::addColumn<QString>("details");
        QTest::addColumn<QList<qint64>>("voters");
        QTest::addColumn<QList<qint64>>("observers");
        QTest::newRow("voter joins") << QStringLiteral("voters 1,2,3,4; observers none") << QList<qint64>{1, 2, 3, 4} << QList<qint64>{};
        QTest::newRow("observer joins") << QStringLiteral("voters 1,2,3; observers 4") << QList<qint64>{1, 2, 3} << QList<qint64>{4};
        QTest::newRow("member 2 removed") << QStringLiteral("voters 1,3; observers none") << QList<qint64>{1, 3} << QList<qint64>{};
        QTest::newRow("voter becomes observer") << QStringLiteral("voters 1,2; observers 3") << QList<qint64>{1, 2} << QList<qint64>{3};
    }

    void configActivatedChangesTheMembership()
    {
        QFETCH(QString, details);
        QFETCH(QList<qint64>, voters);
        QFETCH(QList<qint64>, observers);
        EnsembleState state(QuorumConfig::withVoters(3).members());
        for (ServerId sid = 1; sid <= 3; ++sid)
            state.apply(makeEvent(TraceKind::ConfigActivated, sid, 0x100000005, 1, ServerState::Following, details));
        QList<qint64> shownVoters;
        QList<qint64> shownObservers;
        for (const auto &[sid, member] : state.members())
            (member.observer ? shownObservers : shownVoters) << qint64(sid);
        QCOMPARE(shownVoters, voters);
        QCOMPARE(shownObservers, observers);
        QCOMPARE(state.activatedConfiguration(), details);
        QCOMPARE(int(state.quorum().voters().size()), int(voters.size()));
        for (ServerId sid = 1; sid <= 3; ++sid) {
            if (voters.contains(qint64(sid)) || observers.contains(qint64(sid))) {
                QCOMPARE(state.member(sid)->activatedConfiguration, details);
                continue;
            }
            QVERIFY2(state.removedMembers().count(sid), "a member left out of the configuration is removed");
            state.apply(makeEvent(TraceKind::RoleLost, sid, 0x100000005, 1, ServerState::Looking, QStringLiteral("removed")));
            state.setMemberStatus(sid, false, false);
            QVERIFY2(!state.member(sid), "a removed member's later events and status must not bring it back");
        }
    }

    void forgottenMemberStaysOutOfTheCircle()
    {
        EnsembleState state(QuorumConfig::withVoters(3).members());
        state.apply(makeEvent(TraceKind::MemberRestarted, 4, 0, 0, ServerState::Looking, QStringLiteral("started")));
        QVERIFY2(state.member(4), "a member that starts to join shows");
        state.forgetMember(4);
        state.apply(makeEvent(TraceKind::MemberCrashed, 4, 0, 0, ServerState::Looking, QStringLiteral("not added")));
        QVERIFY2(!state.member(4), "a member the source gave up on does not come back with its last events");
        QCOMPARE(state.members().size(), std::size_t(3));
    }

    void liveFeedShowsTheLocalEnsemblesLeader()
    {
        zooscope::ensemble::LocalEnsemble ensemble;
        zooscope::ensemble::LocalEnsembleOptions options;
        options.voters = 3;
        options.tickTimeMs = 200;
        QVERIFY2(ensemble.start(options), qPrintable(QStringLiteral("expected the LocalEnsemble to start: ")
                                                     + ensemble.errorString()));
        LiveEnsembleFeed feed(&ensemble);
        QSignalSpy changed(&feed, &EnsembleFeed::stateChanged);
        QTRY_VERIFY2_WITH_TIMEOUT(countInState(feed.state(), ServerState::Leading) == 1 && feed.state().agreedLeader(),
                                  qPrintable(QStringLiteral("expected one serving leader: ") + describe(feed.state())), 30000);
        QVERIFY2(changed.count() > 0, "expected the feed to report changes");
        QVERIFY(feed.state().invariants().allHold());
        // Client writes through a follower's client port reach every member's history.
        const ServerId leader = *feed.state().agreedLeader();
        const ServerId follower = leader == 1 ? 2 : 1;
        QVERIFY(feed.supports(FaultKind::Write));
        int sent = 0;
        QTRY_VERIFY_WITH_TIMEOUT((sent += feed.write(follower) ? 1 : 0) >= 5, 20000);
        QTRY_VERIFY2_WITH_TIMEOUT(feed.state().member(follower)->committedZxid >= feed.state().member(leader)->committedZxid &&
                                      feed.state().committedZxids().size() >= 6,
                                  qPrintable(QStringLiteral("expected the writes (and the znode's creation) to commit: ") + describe(feed.state())), 20000);
        QVERIFY(feed.kill(leader));
        QTRY_VERIFY2_WITH_TIMEOUT(feed.state().agreedLeader().value_or(leader) != leader,
                                  qPrintable(QStringLiteral("expected a new leader after killing %1: ").arg(leader) + describe(feed.state())), 60000);
        ensemble.stop();
    }
};

QTEST_GUILESS_MAIN(TestEnsembleState)
#include "tst_ensemble_state.moc"
