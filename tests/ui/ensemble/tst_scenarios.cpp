// Every shipped scenario, run headless through the simulator: its script completes, its declared
// outcome holds (who leads, which sync mode, which zxids commit, which writes are refused), the
// trace-folded view agrees with the simulator, and no invariant monitor turns red.

#include "EnsembleTestSupport.h"
#include "Scenario.h"
#include "ScenarioRunner.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace zooscope::ui::ensemble;

class TestScenarios : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shipsTheScenariosOfIssue6()
    {
        QStringList ids;
        for (const QString &file : scenarioFiles(QStringLiteral(ZOOSCOPE_SCENARIO_DIRECTORY))) {
            QString error;
            ids << Scenario::load(file, &error).id;
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
        for (const char *wanted : {"cold-start", "leader-crash", "crash-before-commit", "minority-partition", "rejoin-diff",
                                   "rejoin-trunc", "rejoin-snap", "observer-joins",
                                   // the late-joiner cases of zookeeper-specifications/protocol-spec/issues.md
                                   "late-joiner-write-during-sync", "late-joiner-outstanding", "late-joiner-uptodate-carries-commits"})
            QVERIFY2(ids.contains(QLatin1String(wanted)), qPrintable(QStringLiteral("expected a scenario \"%1\" among %2").arg(QLatin1String(wanted), ids.join(u','))));
    }

    void scenarioMeetsItsExpectations_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = scenarioFiles(QStringLiteral(ZOOSCOPE_SCENARIO_DIRECTORY));
        QVERIFY2(!files.isEmpty(), "expected scenario files in " ZOOSCOPE_SCENARIO_DIRECTORY);
        for (const QString &file : files)
            QTest::newRow(qPrintable(QFileInfo(file).completeBaseName())) << file;
    }

    void scenarioMeetsItsExpectations()
    {
        QFETCH(QString, file);
        QString error;
        const Scenario scenario = Scenario::load(file, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(!scenario.expect.isEmpty(), "expected the scenario to declare its outcome (\"expect\")");
        ScenarioRunner runner(scenario);
        QVERIFY2(runner.runScript(), qPrintable(runner.error()));
        const QStringList failures = runner.checkExpectations();
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));

        const EnsembleState state = zooscope::testing::foldTrace(runner.simulator());
        const QStringList differences = zooscope::testing::compareWithSimulator(state, runner.simulator());
        QVERIFY2(differences.isEmpty(), qPrintable(differences.join(u'\n')));
        for (const InvariantStatus &status : state.invariants().statuses())
            QVERIFY2(status.holds, qPrintable(status.violation + QStringLiteral(" at ") + status.offendingEventText));
        QCOMPARE(state.agreedLeader(), runner.simulator().agreedLeader());
    }

    void everyCaptionIsInEnglishAndChinese_data() { scenarioMeetsItsExpectations_data(); }

    void everyCaptionIsInEnglishAndChinese()
    {
        QFETCH(QString, file);
        const Scenario scenario = Scenario::load(file, nullptr);
        QVERIFY2(!scenario.title.english.isEmpty() && !scenario.title.chinese.isEmpty(), "expected a title in en and zh_CN");
        QVERIFY2(!scenario.summary.english.isEmpty() && !scenario.summary.chinese.isEmpty(), "expected a summary in en and zh_CN");
        for (std::size_t i = 0; i < scenario.steps.size(); ++i) {
            const LocalizedText &caption = scenario.steps[i].caption;
            QVERIFY2(!caption.english.isEmpty() && !caption.chinese.isEmpty(),
                     qPrintable(QStringLiteral("expected step %1 to have a caption in en and zh_CN").arg(i + 1)));
        }
        QCOMPARE(scenario.title.text(QLocale(QLocale::Chinese, QLocale::China)), scenario.title.chinese);
        QCOMPARE(scenario.title.text(QLocale(QLocale::English)), scenario.title.english);
    }

    // Each late-joiner case asserts what the joiner saw between its sync and UPTODATE; a wrong claim
    // about that window must fail, or the scenarios would prove nothing.
    void syncWindowExpectationsRejectWrongClaims_data()
    {
        QTest::addColumn<QString>("scenarioId");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("claim");
        QTest::addColumn<QString>("expectedFailure");
        QTest::newRow("a proposal it never received") << QStringLiteral("late-joiner-write-during-sync") << QStringLiteral("receivedWhileSyncing")
                                                      << QJsonValue(QJsonArray{QStringLiteral("1/1")}) << QStringLiteral("receive the PROPOSAL of 1/1");
        QTest::newRow("a commit that came after UPTODATE") << QStringLiteral("late-joiner-outstanding") << QStringLiteral("committedWhileSyncing")
                                                           << QJsonValue(QJsonArray{QStringLiteral("1/3")}) << QStringLiteral("commit 1/3");
        QTest::newRow("a commit the leader made after the ack") << QStringLiteral("late-joiner-uptodate-carries-commits") << QStringLiteral("committedByLeaderBeforeAck")
                                                                << QJsonValue(QJsonArray{QStringLiteral("1/4")}) << QStringLiteral("commit 1/4 before member 1 acked NEWLEADER");
    }

    void syncWindowExpectationsRejectWrongClaims()
    {
        QFETCH(QString, scenarioId);
        QFETCH(QString, key);
        QFETCH(QJsonValue, claim);
        QFETCH(QString, expectedFailure);
        Scenario scenario;
        for (const QString &file : scenarioFiles(QStringLiteral(ZOOSCOPE_SCENARIO_DIRECTORY))) {
            if (Scenario::load(file, nullptr).id == scenarioId)
                scenario = Scenario::load(file, nullptr);
        }
        QVERIFY2(scenario.id == scenarioId, qPrintable(QStringLiteral("expected a scenario \"%1\"").arg(scenarioId)));
        QJsonArray windows = scenario.expect.value(QLatin1String("syncWindows")).toArray();
        QVERIFY2(!windows.isEmpty(), "expected the scenario to declare a sync window");
        QJsonObject window = windows.first().toObject();
        window.insert(key, claim);
        windows.replace(0, window);
        scenario.expect.insert(QStringLiteral("syncWindows"), windows);
        ScenarioRunner runner(scenario);
        QVERIFY2(runner.runScript(), qPrintable(runner.error()));
        const QString failures = runner.checkExpectations().join(u'\n');
        QVERIFY2(failures.contains(expectedFailure),
                 qPrintable(QStringLiteral("expected a failure saying \"%1\", got \"%2\"").arg(expectedFailure, failures)));
    }

    void sameScenarioGivesTheSameTrace()
    {
        const QString file = scenarioFiles(QStringLiteral(ZOOSCOPE_SCENARIO_DIRECTORY)).value(1);
        ScenarioRunner first(Scenario::load(file, nullptr));
        ScenarioRunner second(Scenario::load(file, nullptr));
        QVERIFY(first.runScript());
        QVERIFY(second.runScript());
        QVERIFY2(first.simulator().traceText() == second.simulator().traceText(), "expected a byte-identical replay");
    }

    void brokenScenarioReportsTheFailingStep()
    {
        QString error;
        Scenario scenario = Scenario::fromJson(QJsonObject{{QStringLiteral("id"), QStringLiteral("broken")},
                                                           {QStringLiteral("voters"), 3},
                                                           {QStringLiteral("steps"), QJsonArray{QJsonObject{{QStringLiteral("do"), QStringLiteral("fly")}}}}},
                                               &error);
        QVERIFY(error.isEmpty());
        ScenarioRunner runner(scenario);
        QVERIFY(!runner.runScript());
        QVERIFY2(runner.error().contains(QLatin1String("step 1")), qPrintable(runner.error()));
    }
};

QTEST_GUILESS_MAIN(TestScenarios)
#include "tst_scenarios.moc"
