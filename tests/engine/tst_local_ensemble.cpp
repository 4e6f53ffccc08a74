// The in-process ensemble (LocalEnsemble): real members on loopback threads, driven by the
// engine's own client — election, writes through any member, kill/restart, partition, pause,
// slow links — and the trace feed the studio animates.

#include "client/ZooKeeperClient.h"
#include "ensemble/LocalEnsemble.h"

#include <QElapsedTimer>
#include <QTest>

using namespace zooscope;
using namespace zooscope::client;
using quorum::ServerId;

namespace {

constexpr int ElectionTimeoutMs = 20000;

ensemble::LocalEnsembleOptions fastOptions(int voters = 3, int observers = 0)
{
    ensemble::LocalEnsembleOptions options;
    options.voters = voters;
    options.observers = observers;
    options.tickTimeMs = 200; // failures are noticed within syncLimit * tickTime = 1 s
    return options;
}

QString describe(const ensemble::LocalEnsemble &ensemble)
{
    QStringList parts;
    for (const ensemble::LocalMemberInfo &member : ensemble.members()) {
        parts << QStringLiteral("%1:%2%3%4")
                     .arg(member.sid)
                     .arg(member.running ? QLatin1String(quorum::serverStateName(member.role.state)) : QStringLiteral("down"))
                     .arg(member.role.serving ? QStringLiteral("*") : QString())
                     .arg(member.paused ? QStringLiteral("(paused)") : QString());
    }
    return parts.join(QLatin1Char(' '));
}

// Creates `path` through a client of `connectString` and waits for the answer. ConnectionLoss is
// retried, as applications do: a connect string that lists a dead member fails the attempts on it.
ErrorCode createThrough(const QString &connectString, const QString &path, int timeoutMs = 10000)
{
    ZooKeeperClient client;
    ClientOptions options;
    options.sessionTimeoutMs = 10000;
    client.open(connectString, options);
    QElapsedTimer timer;
    timer.start();
    ErrorCode last = ErrorCode::OperationTimeout;
    while (timer.elapsed() < timeoutMs) {
        auto outcome = std::make_shared<std::optional<ErrorCode>>();
        client.create(path, "x", openAclUnsafe(), CreateMode::Persistent,
                      [outcome](const Result<CreateResult> &result) { *outcome = result.error; });
        (void)QTest::qWaitFor([&] { return outcome->has_value(); }, int(std::max<qint64>(0, timeoutMs - timer.elapsed())));
        const bool retried = last == ErrorCode::ConnectionLoss;
        last = outcome->value_or(ErrorCode::OperationTimeout);
        if (last == ErrorCode::NodeExists && retried)
            return ErrorCode::Ok; // the attempt whose reply was lost went through
        if (last != ErrorCode::ConnectionLoss)
            return last;
    }
    return last;
}

bool existsOn(const ensemble::LocalEnsemble &ensemble, ServerId sid, const QString &path)
{
    // A member may still be rejoining (after a pause or a restart): its client retries ConnectionLoss
    // until the member serves again, then syncs with the leader and reads.
    ZooKeeperClient client;
    client.open(QStringLiteral("127.0.0.1:%1").arg(ensemble.member(sid)->clientPort));
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 15000) {
        auto outcome = std::make_shared<std::optional<ErrorCode>>();
        client.sync(path, [&client, path, outcome](const Result<QString> &synced) {
            if (!synced.ok()) {
                *outcome = synced.error;
                return;
            }
            client.exists(path, Watch::No, [outcome](const Result<Stat> &result) { *outcome = result.error; });
        });
        (void)QTest::qWaitFor([&] { return outcome->has_value(); }, int(std::max<qint64>(0, 15000 - timer.elapsed())));
        if (outcome->value_or(ErrorCode::OperationTimeout) != ErrorCode::ConnectionLoss)
            return outcome->value_or(ErrorCode::OperationTimeout) == ErrorCode::Ok;
        QTest::qWait(50); // the member refused us while rejoining: retrying at once would only be refused again
    }
    return false;
}

} // namespace

class TestLocalEnsemble : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startElectsTheHighestVoter_data()
    {
        QTest::addColumn<int>("voters");
        QTest::addColumn<int>("observers");
        QTest::newRow("3 voters") << 3 << 0;
        QTest::newRow("5 voters") << 5 << 0;
        QTest::newRow("3 voters + 1 observer") << 3 << 1;
    }

    void startElectsTheHighestVoter()
    {
        QFETCH(int, voters);
        QFETCH(int, observers);
        // Declared before the ensemble: it must outlive the ensemble's last trace signal.
        std::vector<quorum::TraceEvent> trace;
        ensemble::LocalEnsemble ensemble;
        connect(&ensemble, &ensemble::LocalEnsemble::traced, this, [&trace](const quorum::TraceEvent &event) { trace.push_back(event); });
        QVERIFY2(ensemble.start(fastOptions(voters, observers)), qPrintable(ensemble.errorString()));
        QTRY_VERIFY2_WITH_TIMEOUT(ensemble.servingLeader().has_value(), qPrintable(QStringLiteral("expected one serving leader: ") + describe(ensemble)), ElectionTimeoutMs);
        QCOMPARE(*ensemble.servingLeader(), ServerId(voters));
        QCOMPARE(ensemble.members().size(), std::size_t(voters + observers));
        if (observers > 0)
            QCOMPARE(ensemble.member(voters + 1)->role.state, quorum::ServerState::Observing);
        // The feed carried the election and the synchronization.
        const auto has = [&](quorum::TraceKind kind) {
            return std::any_of(trace.begin(), trace.end(), [kind](const quorum::TraceEvent &e) { return e.kind == kind; });
        };
        QVERIFY2(has(quorum::TraceKind::VoteSent), "expected vote traces");
        QVERIFY2(has(quorum::TraceKind::LeaderEstablished), "expected the leader's establishment in the trace");
        QVERIFY2(has(quorum::TraceKind::SyncModeChosen), "expected a sync mode in the trace");
    }

    void writesThroughAnyMemberReachEveryMember()
    {
        ensemble::LocalEnsemble ensemble;
        QVERIFY2(ensemble.start(fastOptions()), qPrintable(ensemble.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(ensemble.servingLeader().has_value(), ElectionTimeoutMs);
        for (const ensemble::LocalMemberInfo &member : ensemble.members()) {
            const QString path = QStringLiteral("/via-%1").arg(member.sid);
            QCOMPARE(createThrough(QStringLiteral("127.0.0.1:%1").arg(member.clientPort), path), ErrorCode::Ok);
        }
        for (const ensemble::LocalMemberInfo &member : ensemble.members()) {
            for (const ensemble::LocalMemberInfo &writer : ensemble.members())
                QVERIFY2(existsOn(ensemble, member.sid, QStringLiteral("/via-%1").arg(writer.sid)),
                         qPrintable(QStringLiteral("member %1 should hold the write made through %2").arg(member.sid).arg(writer.sid)));
        }
    }

    void killingTheLeaderElectsAnotherAndRestartCatchesUp()
    {
        ensemble::LocalEnsemble ensemble;
        QVERIFY2(ensemble.start(fastOptions()), qPrintable(ensemble.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(ensemble.servingLeader().has_value(), ElectionTimeoutMs);
        const ServerId oldLeader = *ensemble.servingLeader();
        QCOMPARE(createThrough(ensemble.connectString(), "/before"), ErrorCode::Ok);
        ensemble.kill(oldLeader);
        QVERIFY(!ensemble.member(oldLeader)->running);
        QTRY_VERIFY2_WITH_TIMEOUT(ensemble.servingLeader().value_or(oldLeader) != oldLeader,
                                  qPrintable(QStringLiteral("expected a new leader: ") + describe(ensemble)), ElectionTimeoutMs);
        QCOMPARE(createThrough(ensemble.connectString(), "/after"), ErrorCode::Ok);
        QVERIFY(ensemble.restart(oldLeader));
        QTRY_VERIFY2_WITH_TIMEOUT(ensemble.member(oldLeader)->role.serving, qPrintable(describe(ensemble)), ElectionTimeoutMs);
        QVERIFY2(existsOn(ensemble, oldLeader, "/before") && existsOn(ensemble, oldLeader, "/after"),
                 "the restarted member should hold writes from before and after its death");
    }

    void partitionedLeaderStepsDownAndHealingReunites()
    {
        ensemble::LocalEnsemble ensemble;
        QVERIFY2(ensemble.start(fastOptions()), qPrintable(ensemble.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(ensemble.servingLeader().has_value(), ElectionTimeoutMs);
        const ServerId oldLeader = *ensemble.servingLeader();
        ensemble.partition({oldLeader});
        QTRY_VERIFY2_WITH_TIMEOUT(!ensemble.member(oldLeader)->role.serving,
                                  qPrintable(QStringLiteral("a leader cut off from its followers should stop serving: ") + describe(ensemble)),
                                  ElectionTimeoutMs);
        std::vector<ServerId> majority;
        for (const ensemble::LocalMemberInfo &member : ensemble.members()) {
            if (member.sid != oldLeader)
                majority.push_back(member.sid);
        }
        QTRY_VERIFY2_WITH_TIMEOUT(ensemble.member(majority[0])->role.serving && ensemble.member(majority[1])->role.serving,
                                  qPrintable(QStringLiteral("the majority should elect a leader of its own: ") + describe(ensemble)),
                                  ElectionTimeoutMs);
        QCOMPARE(createThrough(QStringLiteral("127.0.0.1:%1").arg(ensemble.member(majority[0])->clientPort), "/majority"), ErrorCode::Ok);
        ensemble.heal();
        QTRY_VERIFY2_WITH_TIMEOUT(ensemble.servingLeader().has_value(), qPrintable(describe(ensemble)), ElectionTimeoutMs);
        QVERIFY(existsOn(ensemble, oldLeader, "/majority"));
    }

    void pausedFollowerCatchesUpAfterResume()
    {
        ensemble::LocalEnsemble ensemble;
        QVERIFY2(ensemble.start(fastOptions()), qPrintable(ensemble.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(ensemble.servingLeader().has_value(), ElectionTimeoutMs);
        const ServerId follower = *ensemble.servingLeader() == 1 ? 2 : 1;
        ensemble.pause(follower);
        QVERIFY(ensemble.member(follower)->paused);
        // Two of three still make a quorum.
        QCOMPARE(createThrough(ensemble.connectString(), "/while-paused"), ErrorCode::Ok);
        ensemble.resume(follower);
        QTRY_VERIFY2_WITH_TIMEOUT(ensemble.servingLeader().has_value(), qPrintable(describe(ensemble)), ElectionTimeoutMs);
        QVERIFY(existsOn(ensemble, follower, "/while-paused"));
    }

    void slowLinkDelaysCommits()
    {
        ensemble::LocalEnsemble ensemble;
        QVERIFY2(ensemble.start(fastOptions()), qPrintable(ensemble.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(ensemble.servingLeader().has_value(), ElectionTimeoutMs);
        const ServerId leader = *ensemble.servingLeader();
        for (const ensemble::LocalMemberInfo &member : ensemble.members()) {
            if (member.sid != leader)
                ensemble.setLinkFault(leader, member.sid, ensemble::LinkFault{false, 150, 0});
        }
        const QString viaLeader = QStringLiteral("127.0.0.1:%1").arg(ensemble.member(leader)->clientPort);
        QCOMPARE(createThrough(viaLeader, "/warm"), ErrorCode::Ok);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(createThrough(viaLeader, "/slow"), ErrorCode::Ok);
        // A proposal needs a follower's ack: at least one delayed hop from the leader.
        QVERIFY2(timer.elapsed() >= 150, qPrintable(QStringLiteral("expected >= 150 ms, took %1 ms").arg(timer.elapsed())));
    }

    // Dynamic reconfiguration through the ensemble's own super user: a new member (voter or observer)
    // joins, the members activate the 4-member configuration, writes go through the new member; then a
    // follower is removed, the rest activate the configuration without it, and the removed one stops.
    void addAndRemoveMembersLive_data()
    {
        QTest::addColumn<bool>("observer");
        QTest::addColumn<QString>("joinedConfiguration");
        QTest::newRow("participant") << false << QStringLiteral("voters 1,2,3,4; observers none");
        QTest::newRow("observer") << true << QStringLiteral("voters 1,2,3; observers 4");
    }

    void addAndRemoveMembersLive()
    {
        QFETCH(bool, observer);
        QFETCH(QString, joinedConfiguration);
        std::map<ServerId, QString> activated; // member -> the last configuration it activated
        std::vector<ServerId> added;
        std::vector<ServerId> removed;
        QStringList failures;
        ensemble::LocalEnsemble ensemble;
        connect(&ensemble, &ensemble::LocalEnsemble::traced, this, [&activated](const quorum::TraceEvent &event) {
            if (event.kind == quorum::TraceKind::ConfigActivated)
                activated[event.member] = event.details;
        });
        connect(&ensemble, &ensemble::LocalEnsemble::memberAdded, this, [&added](ServerId sid) { added.push_back(sid); });
        connect(&ensemble, &ensemble::LocalEnsemble::memberRemoved, this, [&removed](ServerId sid) { removed.push_back(sid); });
        connect(&ensemble, &ensemble::LocalEnsemble::reconfigFailed, this,
                [&failures](ServerId, const QString &message) { failures << message; });
        QVERIFY2(ensemble.start(fastOptions()), qPrintable(ensemble.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(ensemble.servingLeader().has_value(), ElectionTimeoutMs);

        // ACLs stay enforced: a client without the ensemble's credentials may not reconfigure.
        {
            ZooKeeperClient anyone;
            anyone.open(ensemble.connectString());
            auto outcome = std::make_shared<std::optional<ErrorCode>>();
            anyone.reconfig(QByteArray(), "3", QByteArray(), -1,
                            [outcome](const Result<DataResult> &result) { *outcome = result.error; });
            QTRY_VERIFY_WITH_TIMEOUT(outcome->has_value(), 10000);
            QCOMPARE(**outcome, ErrorCode::NoAuth);
        }

        QVERIFY(ensemble.addMember(observer));
        QVERIFY2(!ensemble.addMember(observer), "a second reconfiguration while one is in progress is refused");
        QTRY_VERIFY2_WITH_TIMEOUT(!added.empty() || !failures.isEmpty(), qPrintable(describe(ensemble)), ElectionTimeoutMs);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        QCOMPARE(added, std::vector<ServerId>{4});
        QCOMPARE(ensemble.members().size(), std::size_t(4));
        QCOMPARE(ensemble.member(4)->observer, observer);
        // The members from before activate it; the new one started with it (its zoo.cfg lists itself).
        for (ServerId sid = 1; sid <= 3; ++sid)
            QTRY_COMPARE_WITH_TIMEOUT(activated[sid], joinedConfiguration, ElectionTimeoutMs);
        QTRY_VERIFY2_WITH_TIMEOUT(ensemble.servingLeader().has_value(), qPrintable(describe(ensemble)), ElectionTimeoutMs);
        QCOMPARE(ensemble.member(4)->role.state, observer ? quorum::ServerState::Observing : quorum::ServerState::Following);
        QCOMPARE(createThrough(QStringLiteral("127.0.0.1:%1").arg(ensemble.member(4)->clientPort), "/via-new"), ErrorCode::Ok);
        QVERIFY2(existsOn(ensemble, 1, "/via-new"), "member 1 should hold the write made through the new member");

        const ServerId leader = *ensemble.servingLeader();
        const ServerId leaving = leader == 1 ? 2 : 1;
        QVERIFY(ensemble.removeMember(leaving));
        QTRY_VERIFY2_WITH_TIMEOUT(!removed.empty() || !failures.isEmpty(), qPrintable(describe(ensemble)), ElectionTimeoutMs);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        QCOMPARE(removed, std::vector<ServerId>{leaving});
        QVERIFY2(!ensemble.member(leaving).has_value(), "the removed member is no longer listed");
        QCOMPARE(ensemble.members().size(), std::size_t(3));
        QStringList voters;
        for (ServerId sid = 1; sid <= (observer ? 3 : 4); ++sid) {
            if (sid != leaving)
                voters << QString::number(sid);
        }
        const QString remaining = QStringLiteral("voters %1; observers %2").arg(voters.join(QLatin1Char(',')), observer ? QStringLiteral("4") : QStringLiteral("none"));
        for (const ensemble::LocalMemberInfo &member : ensemble.members())
            QTRY_COMPARE_WITH_TIMEOUT(activated[member.sid], remaining, ElectionTimeoutMs);
        QTRY_VERIFY2_WITH_TIMEOUT(ensemble.servingLeader().has_value(), qPrintable(describe(ensemble)), ElectionTimeoutMs);
        QCOMPARE(createThrough(ensemble.connectString(), "/after-removal"), ErrorCode::Ok);

        // The leader itself leaves: the others elect a leader among themselves and keep the data.
        const ServerId oldLeader = *ensemble.servingLeader();
        QVERIFY(ensemble.removeMember(oldLeader));
        QTRY_VERIFY2_WITH_TIMEOUT(removed.size() == 2 || !failures.isEmpty(), qPrintable(describe(ensemble)), ElectionTimeoutMs);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        QCOMPARE(removed.back(), oldLeader);
        QCOMPARE(ensemble.members().size(), std::size_t(2));
        QTRY_VERIFY2_WITH_TIMEOUT(ensemble.servingLeader().value_or(oldLeader) != oldLeader,
                                  qPrintable(QStringLiteral("expected a new leader without %1: ").arg(oldLeader) + describe(ensemble)),
                                  ElectionTimeoutMs);
        for (const ensemble::LocalMemberInfo &member : ensemble.members())
            QVERIFY2(existsOn(ensemble, member.sid, "/after-removal"), qPrintable(QStringLiteral("member %1 lost a write").arg(member.sid)));
    }

    // Without a quorum the ensemble cannot reconfigure: the member started to join is stopped and
    // unlisted again, and the failure names ZooKeeper's error.
    void memberNotAddedWithoutAQuorumIsUndone()
    {
        QStringList failures;
        std::vector<ServerId> added;
        ensemble::LocalEnsemble ensemble;
        connect(&ensemble, &ensemble::LocalEnsemble::memberAdded, this, [&added](ServerId sid) { added.push_back(sid); });
        connect(&ensemble, &ensemble::LocalEnsemble::reconfigFailed, this,
                [&failures](ServerId, const QString &message) { failures << message; });
        QVERIFY2(ensemble.start(fastOptions()), qPrintable(ensemble.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(ensemble.servingLeader().has_value(), ElectionTimeoutMs);
        ensemble.kill(1);
        ensemble.kill(2);
        QVERIFY(ensemble.addMember(false));
        QTRY_VERIFY2_WITH_TIMEOUT(!failures.isEmpty() || !added.empty(), qPrintable(describe(ensemble)), ElectionTimeoutMs);
        QVERIFY2(added.empty(), "a member cannot be added while two of three voters are down");
        QVERIFY2(failures.front().contains(QStringLiteral("Member 4 was not added")), qPrintable(failures.front()));
        QVERIFY2(!ensemble.member(4).has_value(), "the member that did not join is no longer listed");
        QCOMPARE(ensemble.members().size(), std::size_t(3));
        QVERIFY2(!ensemble.reconfigInProgress(), "the next reconfiguration may start");
    }
};

QTEST_GUILESS_MAIN(TestLocalEnsemble)
#include "tst_local_ensemble.moc"
