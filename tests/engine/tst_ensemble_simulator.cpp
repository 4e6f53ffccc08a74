// Election + ZAB (QuorumPeer) driven by the deterministic ensemble simulator: cold start, broadcast
// through leader and followers, the three synchronization modes, observers, minority partitions,
// replay, and a seeded random-fault property test of ZAB's guarantees.

#include "quorum/EnsembleSimulator.h"

#include <QElapsedTimer>
#include <QTest>

using namespace zooscope::quorum;

namespace {

QByteArray traceTail(const EnsembleSimulator &simulator, size_t lines = 80)
{
    const auto &trace = simulator.trace();
    QByteArray text;
    for (size_t i = trace.size() > lines ? trace.size() - lines : 0; i < trace.size(); ++i)
        text += trace[i].toText().toUtf8() + '\n';
    return text;
}

QString memberStates(const EnsembleSimulator &simulator)
{
    QStringList parts;
    for (ServerId sid : simulator.memberIds()) {
        if (!simulator.isUp(sid)) {
            parts << QStringLiteral("%1:down").arg(sid);
            continue;
        }
        const RoleStatus &role = simulator.peer(sid).role();
        parts << QStringLiteral("%1:%2->%3%4 e%5 z0x%6")
                     .arg(sid)
                     .arg(QLatin1String(serverStateName(role.state)))
                     .arg(role.leader == NoServer ? QStringLiteral("-") : QString::number(role.leader))
                     .arg(role.serving ? QStringLiteral("*") : QString())
                     .arg(role.epoch)
                     .arg(QString::number(simulator.peer(sid).lastCommittedZxid(), 16));
    }
    return parts.join(QLatin1Char(' '));
}

bool hasLeader(const EnsembleSimulator &simulator)
{
    return simulator.agreedLeader().has_value();
}

// Writes `count` payloads through `via` (0: the leader), waiting for each to be committed everywhere.
void writeAll(EnsembleSimulator &simulator, int count, const QByteArray &prefix, ServerId via = 0)
{
    for (int i = 0; i < count; ++i) {
        const std::optional<ServerId> leader = simulator.agreedLeader();
        QVERIFY2(leader, qPrintable(QStringLiteral("expected an agreed leader before write %1: %2").arg(i).arg(memberStates(simulator))));
        const std::size_t committedBefore = simulator.committed().size();
        QVERIFY2(simulator.submitWrite(via == 0 ? *leader : via, prefix + QByteArray::number(i)),
                 "expected the write to be accepted");
        QVERIFY2(simulator.runUntil([&](const EnsembleSimulator &s) { return s.committed().size() > committedBefore; }, 5000),
                 qPrintable(QStringLiteral("expected write %1 to commit: %2").arg(i).arg(memberStates(simulator))));
    }
    simulator.runFor(200);
}

QStringList syncModes(const EnsembleSimulator &simulator, ServerId leader, ServerId learner)
{
    QStringList modes;
    for (const TraceEvent &event : simulator.trace()) {
        if (event.kind == TraceKind::SyncModeChosen && event.member == leader && event.peer == learner)
            modes << event.details;
    }
    return modes;
}

} // namespace

class TestEnsembleSimulator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void coldStartElectsOneLeader_data()
    {
        QTest::addColumn<int>("voters");
        QTest::addColumn<int>("observers");
        QTest::addColumn<quint64>("seed");
        QTest::newRow("3 voters") << 3 << 0 << quint64(1);
        QTest::newRow("5 voters") << 5 << 0 << quint64(2);
        QTest::newRow("3 voters + 2 observers") << 3 << 2 << quint64(3);
        QTest::newRow("1 voter") << 1 << 0 << quint64(4);
        QTest::newRow("7 voters") << 7 << 0 << quint64(5);
    }

    void coldStartElectsOneLeader()
    {
        QFETCH(int, voters);
        QFETCH(int, observers);
        QFETCH(quint64, seed);
        EnsembleSimulator simulator(EnsembleSimulatorConfig::ensemble(voters, observers, seed));
        simulator.start();
        QVERIFY2(simulator.runUntil(hasLeader, 10000),
                 qPrintable(QStringLiteral("expected every member to serve one leader: ") + memberStates(simulator)));
        // With empty logs the highest voter id wins, in epoch 1.
        QCOMPARE(*simulator.agreedLeader(), ServerId(voters));
        QCOMPARE(simulator.peer(voters).role().epoch, 1);
        QVERIFY2(simulator.violation().isEmpty(), qPrintable(simulator.violation()));
    }

    void writesCommitEverywhere_data()
    {
        QTest::addColumn<ServerId>("via");
        QTest::newRow("through the leader") << ServerId(0);
        QTest::newRow("through a follower") << ServerId(1);
        QTest::newRow("through an observer") << ServerId(4);
    }

    void writesCommitEverywhere()
    {
        QFETCH(ServerId, via);
        EnsembleSimulator simulator(EnsembleSimulatorConfig::ensemble(3, 1, 7));
        simulator.start();
        QVERIFY(simulator.runUntil(hasLeader, 10000));
        writeAll(simulator, 20, "w", via);
        QCOMPARE(simulator.committed().size(), std::size_t(20));
        const QString converged = simulator.checkConverged();
        QVERIFY2(converged.isEmpty(), qPrintable(converged));
        QCOMPARE(simulator.state(4).size(), std::size_t(20)); // the observer too
        // zxids are epoch 1, counters 1..20, in order.
        QCOMPARE(simulator.state(1).front().zxid, makeZxid(1, 1));
        QCOMPARE(simulator.state(1).back().zxid, makeZxid(1, 20));
        QVERIFY2(simulator.violation().isEmpty(), qPrintable(simulator.violation()));
    }

    void leaderCrashKeepsCommittedWrites()
    {
        EnsembleSimulator simulator(EnsembleSimulatorConfig::ensemble(3, 0, 11));
        simulator.start();
        QVERIFY(simulator.runUntil(hasLeader, 10000));
        writeAll(simulator, 10, "before");
        const ServerId oldLeader = *simulator.agreedLeader();
        simulator.crash(oldLeader);
        QVERIFY2(simulator.runUntil([&](const EnsembleSimulator &s) { return s.agreedLeader().value_or(oldLeader) != oldLeader; }, 10000),
                 qPrintable(memberStates(simulator)));
        const ServerId newLeader = *simulator.agreedLeader();
        QVERIFY(newLeader != oldLeader);
        QCOMPARE(simulator.peer(newLeader).role().epoch, 2);
        writeAll(simulator, 10, "after");
        simulator.restart(oldLeader);
        QVERIFY2(simulator.runUntil(hasLeader, 10000), qPrintable(memberStates(simulator)));
        simulator.runFor(500);
        const QString converged = simulator.checkConverged();
        QVERIFY2(converged.isEmpty(), qPrintable(converged + QLatin1Char('\n') + QString::fromUtf8(traceTail(simulator))));
        QCOMPARE(simulator.state(oldLeader).size(), std::size_t(20));
        QVERIFY2(syncModes(simulator, newLeader, oldLeader).last().startsWith(QLatin1String("DIFF")),
                 qPrintable(syncModes(simulator, newLeader, oldLeader).join(u';')));
        QVERIFY2(simulator.violation().isEmpty(), qPrintable(simulator.violation()));
    }

    void followerRejoinsBySnapWhenFarBehind()
    {
        EnsembleSimulatorConfig config = EnsembleSimulatorConfig::ensemble(3, 0, 12);
        config.timing.historyLimit = 5;
        EnsembleSimulator simulator(config);
        simulator.start();
        QVERIFY(simulator.runUntil(hasLeader, 10000));
        const ServerId leader = *simulator.agreedLeader();
        const ServerId follower = leader == 1 ? 2 : 1;
        simulator.crash(follower);
        writeAll(simulator, 12, "w");
        simulator.restart(follower);
        QVERIFY2(simulator.runUntil(hasLeader, 10000), qPrintable(memberStates(simulator)));
        QVERIFY2(syncModes(simulator, leader, follower).last().startsWith(QLatin1String("SNAP")),
                 qPrintable(syncModes(simulator, leader, follower).join(u';')));
        QCOMPARE(simulator.state(follower).size(), std::size_t(12));
        QVERIFY2(simulator.checkConverged().isEmpty(), qPrintable(simulator.checkConverged()));
    }

    void leaderWithUncommittedProposalIsTruncatedOnRejoin()
    {
        EnsembleSimulator simulator(EnsembleSimulatorConfig::ensemble(3, 0, 13));
        simulator.start();
        QVERIFY(simulator.runUntil(hasLeader, 10000));
        writeAll(simulator, 3, "w");
        const ServerId oldLeader = *simulator.agreedLeader();
        // The leader logs a proposal nobody else receives, then dies.
        for (ServerId other : simulator.memberIds()) {
            if (other != oldLeader)
                simulator.blockLink(oldLeader, other);
        }
        QVERIFY(simulator.submitWrite(oldLeader, "lost"));
        simulator.runFor(20); // long enough for its own fsync
        QCOMPARE(simulator.peer(oldLeader).durableZxid(), makeZxid(1, 4));
        simulator.crash(oldLeader);
        simulator.healPartitions();
        QVERIFY2(simulator.runUntil(hasLeader, 10000), qPrintable(memberStates(simulator)));
        const ServerId newLeader = *simulator.agreedLeader();
        writeAll(simulator, 2, "new");
        simulator.restart(oldLeader);
        QVERIFY2(simulator.runUntil(hasLeader, 10000), qPrintable(memberStates(simulator)));
        simulator.runFor(500);
        const QStringList modes = syncModes(simulator, newLeader, oldLeader);
        QVERIFY2(!modes.isEmpty() && modes.last().startsWith(QLatin1String("TRUNC")), qPrintable(modes.join(u';')));
        QVERIFY2(simulator.checkConverged().isEmpty(), qPrintable(simulator.checkConverged()));
        for (const Proposal &proposal : simulator.state(oldLeader))
            QVERIFY2(proposal.payload != "lost", "expected the uncommitted proposal to be truncated away");
        QVERIFY2(simulator.violation().isEmpty(), qPrintable(simulator.violation()));
    }

    void minorityRefusesWrites()
    {
        EnsembleSimulator simulator(EnsembleSimulatorConfig::ensemble(5, 0, 14));
        simulator.start();
        QVERIFY(simulator.runUntil(hasLeader, 10000));
        const ServerId leader = *simulator.agreedLeader();
        const ServerId partner = leader == 1 ? 2 : 1;
        simulator.partition({leader, partner});
        // The old leader loses its quorum within syncLimit ticks and stops serving.
        QVERIFY2(simulator.runUntil([&](const EnsembleSimulator &s) {
                     return !s.peer(leader).role().serving && !s.peer(partner).role().serving;
                 }, 30000),
                 qPrintable(memberStates(simulator)));
        QVERIFY(!simulator.submitWrite(leader, "minority"));
        QVERIFY(!simulator.submitWrite(partner, "minority"));
        // The majority elects a leader of its own and keeps committing.
        QVERIFY2(simulator.runUntil([&](const EnsembleSimulator &s) {
                     for (ServerId sid : s.memberIds()) {
                         if (sid != leader && sid != partner && s.peer(sid).role().state == ServerState::Leading && s.peer(sid).role().serving)
                             return true;
                     }
                     return false;
                 }, 30000),
                 qPrintable(memberStates(simulator)));
        simulator.healPartitions();
        QVERIFY2(simulator.runUntil(hasLeader, 30000), qPrintable(memberStates(simulator)));
        writeAll(simulator, 5, "healed");
        QVERIFY2(simulator.checkConverged().isEmpty(), qPrintable(simulator.checkConverged()));
        QVERIFY2(simulator.violation().isEmpty(), qPrintable(simulator.violation()));
    }

    void clientHistoryCatchesStaleReadsAndReorderedWrites_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<bool>("linearizable");
        QTest::newRow("writes in order") << QStringLiteral("w1 w2") << true;
        QTest::newRow("write older than an acknowledged one") << QStringLiteral("w2 w1") << false;
        QTest::newRow("read sees the acknowledged write") << QStringLiteral("w1 r1") << true;
        QTest::newRow("stale read") << QStringLiteral("w2 r1") << false;
        QTest::newRow("overlapping operations may go either way") << QStringLiteral("overlap") << true;
    }

    void clientHistoryCatchesStaleReadsAndReorderedWrites()
    {
        QFETCH(QString, scenario);
        QFETCH(bool, linearizable);
        ClientHistory history;
        using Kind = ClientOperation::Kind;
        if (scenario == QLatin1String("overlap")) {
            const int a = history.invoke(Kind::Write, 1, 0);
            const int b = history.invoke(Kind::Write, 2, 1);
            history.complete(b, 5, makeZxid(1, 1));
            history.complete(a, 6, makeZxid(1, 2));
        } else {
            qint64 now = 0;
            for (const QString &step : scenario.split(u' ')) {
                const Kind kind = step.startsWith(u'w') ? Kind::Write : Kind::SyncRead;
                const int operation = history.invoke(kind, 1, now++);
                history.complete(operation, now++, makeZxid(1, step.mid(1).toInt()));
            }
        }
        QCOMPARE(history.check().isEmpty(), linearizable);
    }

    void sameSeedSameTrace()
    {
        auto run = [] {
            EnsembleSimulator simulator(EnsembleSimulatorConfig::ensemble(3, 1, 99));
            simulator.start();
            simulator.runUntil(hasLeader, 10000);
            writeAll(simulator, 5, "x", 2);
            simulator.crash(*simulator.agreedLeader());
            simulator.runFor(3000);
            return simulator.traceText();
        };
        const QByteArray first = run();
        QVERIFY(first.size() > 1000);
        QCOMPARE(run(), first);
    }

    // ZAB's guarantees under random crashes, restarts, partitions, loss and reordering with client
    // writes through random members. ZOOSCOPE_ZAB_SEEDS=N runs more; a failing seed is printed.
    void randomFaultsKeepZabGuarantees()
    {
        // Without ZOOSCOPE_ZAB_SEEDS: a time budget (at least 1000 seeds, then more until a minute passed).
        const bool fixedCount = qEnvironmentVariableIsSet("ZOOSCOPE_ZAB_SEEDS");
        const int seeds = fixedCount ? qEnvironmentVariableIntValue("ZOOSCOPE_ZAB_SEEDS") : 1000000;
        QElapsedTimer budget;
        budget.start();
        const quint64 firstSeed = qEnvironmentVariableIsSet("ZOOSCOPE_ZAB_FIRST_SEED") ? qEnvironmentVariable("ZOOSCOPE_ZAB_FIRST_SEED").toULongLong() : 1;
        int converged = 0;
        std::size_t completedOperations = 0;
        for (quint64 seed = firstSeed; seed < firstSeed + quint64(seeds); ++seed) {
            SimulationRandom random(seed * 7919);
            const int voters = random.chance(500000) ? 3 : 5;
            const int observers = int(random.below(2));
            EnsembleSimulatorConfig config = EnsembleSimulatorConfig::ensemble(voters, observers, seed);
            config.timing.tickTimeMs = 200;
            config.timing.historyLimit = 20 + random.below(40);
            config.link.maxDelayMs = 1 + random.below(30);
            config.link.inOrder = random.chance(500000);
            config.link.lossPerMillion = std::uint32_t(random.below(20000));
            config.link.duplicatePerMillion = std::uint32_t(random.below(20000));
            EnsembleSimulator simulator(config);
            const bool replaying = seeds == 1;
            simulator.setTraceEnabled(replaying);
            simulator.start();
            const std::vector<ServerId> members = simulator.memberIds();
            int written = 0;
            for (int round = 0; round < 40 && simulator.violation().isEmpty(); ++round) {
                const int action = int(random.below(100));
                const ServerId target = members[random.below(members.size())];
                if (action < 8)
                    simulator.crash(target);
                else if (action < 20)
                    simulator.restart(target);
                else if (action < 26) {
                    std::vector<ServerId> side;
                    for (ServerId sid : members) {
                        if (random.chance(400000))
                            side.push_back(sid);
                    }
                    simulator.partition(side);
                } else if (action < 34)
                    simulator.healPartitions();
                for (int i = 0; i < 5; ++i) {
                    simulator.submitWrite(members[random.below(members.size())], "s" + QByteArray::number(seed) + "-" + QByteArray::number(written++));
                    if (random.chance(400000))
                        simulator.submitSyncRead(members[random.below(members.size())]);
                    simulator.runFor(random.below(20));
                }
                simulator.runFor(random.between(10, 800));
            }
            // Heal everything and check that the ensemble converges on every committed write.
            simulator.healPartitions();
            simulator.setAllLinks(LinkBehaviour{});
            for (ServerId sid : members) {
                if (!simulator.isUp(sid))
                    simulator.restart(sid);
            }
            const bool agreed = simulator.runUntil(hasLeader, 120000);
            if (agreed) {
                simulator.submitWrite(*simulator.agreedLeader(), "final");
                simulator.runFor(1000);
            }
            QString check = simulator.violation();
            if (check.isEmpty())
                check = agreed ? simulator.checkConverged() : QStringLiteral("no leader agreed after healing: ") + memberStates(simulator);
            if (check.isEmpty())
                check = simulator.clientHistory().check();
            completedOperations += simulator.clientHistory().completedCount();
            if (!check.isEmpty() && replaying)
                qInfo().noquote() << simulator.traceText();
            if (!check.isEmpty())
                QFAIL(qPrintable(QStringLiteral("seed %1 (ZOOSCOPE_ZAB_FIRST_SEED=%1 ZOOSCOPE_ZAB_SEEDS=1 replays it): %2").arg(seed).arg(check)));
            converged += 1;
            // At most 60,000: the seeds verified offline (1–70,000), so CI stays deterministic on fast machines.
            if (!fixedCount && converged >= 1000 && (budget.elapsed() > 60000 || converged >= 60000))
                break;
        }
        qInfo("%d seeds from %llu held every guarantee, %zu client operations checked", converged,
              static_cast<unsigned long long>(firstSeed), completedOperations);
        QVERIFY2(converged >= std::min(seeds, 1000), "expected at least 1000 seeds to run");
        // The linearizability check had something to check.
        QVERIFY2(completedOperations > std::size_t(converged) * 20,
                 qPrintable(QStringLiteral("expected client operations to complete, got %1").arg(completedOperations)));
    }
};

QTEST_GUILESS_MAIN(TestEnsembleSimulator)
#include "tst_ensemble_simulator.moc"
