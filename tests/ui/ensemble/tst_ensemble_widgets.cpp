// The ensemble views offscreen: item models under QAbstractItemModelTester while the classroom
// timeline steps, the circle view rendering and animating, clicks, the election and broadcast
// panels, a leader killed from the UI (simulated and live), presenter mode from the keyboard,
// and the trace / PNG exports.

#include "BroadcastPanel.h"
#include "ElectionPanel.h"
#include "ElectionTableModel.h"
#include "EnsemblePalette.h"
#include "EnsembleStudio.h"
#include "EnsembleView.h"
#include "FaultControls.h"
#include "InvariantPanel.h"
#include "MemberSelector.h"
#include "ProposalHistoryModel.h"
#include "RecipeRunner.h"
#include "SimulationTimeline.h"
#include "TimelineControls.h"
#include "ZxidProgressChart.h"

#include "ensemble/LocalEnsemble.h"
#include "quorum/EnsembleSimulator.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QPainter>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>

using namespace zooscope::ui::ensemble;
using zooscope::quorum::ServerId;
using zooscope::quorum::ServerState;

namespace {

QString scenarioFile(const char *id)
{
    for (const QString &file : scenarioFiles(QStringLiteral(ZOOSCOPE_SCENARIO_DIRECTORY))) {
        if (Scenario::load(file, nullptr).id == QLatin1String(id))
            return file;
    }
    return {};
}

int leadingCount(const EnsembleState &state)
{
    return int(state.leaders().size());
}

bool imageHasContent(const QImage &image)
{
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7) {
            if (image.pixel(x, y) != first)
                return true;
        }
    }
    return false;
}

// A feed that shows a state the test folds itself and counts the writes asked of it.
struct StaticFeed : EnsembleFeed
{
    EnsembleState *shown = nullptr;
    int writes = 0;
    const EnsembleState &state() const override
    {
        static const EnsembleState empty;
        return shown ? *shown : empty;
    }
    std::vector<zooscope::quorum::TraceEvent> events() const override { return {}; }
    qint64 eventNumberEnd() const override { return 0; }
    const zooscope::quorum::TraceEvent &eventAt(qint64) const override
    {
        static zooscope::quorum::TraceEvent none;
        return none;
    }
    bool supports(FaultKind kind) const override { return kind == FaultKind::Write; }
    bool kill(ServerId) override { return false; }
    bool restart(ServerId) override { return false; }
    bool pause(ServerId) override { return false; }
    bool resume(ServerId) override { return false; }
    bool partition(const std::vector<ServerId> &) override { return false; }
    bool heal() override { return false; }
    bool setLinkFault(ServerId, ServerId, const LinkFaultRequest &) override { return false; }
    bool write(ServerId) override { return ++writes > 0; }
    void changed() { Q_EMIT stateChanged(); }
};

// Clicks go to the fault controls the way a user reaches them: on their tab, laid out and visible.
bool showFaultControls(EnsembleStudio &studio)
{
    for (QTabWidget *tabs : studio.findChildren<QTabWidget *>()) {
        for (int index = 0; index < tabs->count(); ++index) {
            if (tabs->widget(index)->isAncestorOf(studio.faultControls())) {
                tabs->setCurrentIndex(index);
                return studio.faultControls()->isVisible();
            }
        }
    }
    return false;
}

} // namespace

class TestEnsembleWidgets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelsStayConsistentWhileStepping_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<qint64>("member");
        QTest::newRow("cold start, follower 1") << QStringLiteral("cold-start") << qint64(1);
        QTest::newRow("cold start, leader 3") << QStringLiteral("cold-start") << qint64(3);
        QTest::newRow("leader crash, member 2") << QStringLiteral("leader-crash") << qint64(2);
        QTest::newRow("observer joins, observer 4") << QStringLiteral("observer-joins") << qint64(4);
    }

    void modelsStayConsistentWhileStepping()
    {
        QFETCH(QString, scenario);
        QFETCH(qint64, member);
        SimulationTimeline timeline;
        timeline.load(Scenario::load(scenarioFile(scenario.toLatin1().constData()), nullptr));
        ElectionTableModel election;
        ProposalHistoryModel history;
        QAbstractItemModelTester electionTester(&election, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester historyTester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        election.setFeed(&timeline);
        election.setMember(member);
        history.setFeed(&timeline);
        history.setMember(member);
        int sawVotes = 0;
        for (int i = 0; i < 1500; ++i) {
            const qint64 before = timeline.position();
            timeline.stepEvent();
            sawVotes = std::max(sawVotes, election.rowCount());
            if (timeline.position() == before)
                break; // the ensemble settled and the script is done
        }
        timeline.setPosition(timeline.position() / 2); // rewinding resets rows too
        timeline.setPosition(timeline.knownLength());
        QVERIFY2(sawVotes > 0, "expected the election table to list received votes at some point");
        QVERIFY2(history.rowCount() > 0, "expected the member's transaction history to fill");
        QCOMPARE(history.columnCount(), int(ProposalHistoryModel::ColumnCount));
    }

    void electionTableHighlightsTheDecidingField()
    {
        SimulationTimeline timeline;
        timeline.load(Scenario::load(scenarioFile("cold-start"), nullptr));
        ElectionPanel panel;
        panel.setFeed(&timeline);
        panel.showMember(1);
        // Step until member 1's table holds a vote that differs from its own.
        bool highlighted = false;
        for (int i = 0; i < 400 && !highlighted; ++i) {
            timeline.stepEvent();
            ElectionTableModel *model = panel.model();
            for (int row = 0; row < model->rowCount(); ++row) {
                const int deciding = model->index(row, 0).data(ElectionTableModel::DecidingColumnRole).toInt();
                if (deciding >= 0) {
                    highlighted = true;
                    QVERIFY(model->index(row, deciding).data(Qt::BackgroundRole).isValid());
                }
            }
        }
        QVERIFY2(highlighted, "expected a received vote whose deciding field is highlighted");
        QVERIFY2(panel.tallyText().contains(QLatin1String("quorum")), qPrintable(panel.tallyText()));
        QVERIFY2(panel.voteText().contains(QLatin1String("member")), qPrintable(panel.voteText()));
    }

    void viewRendersAndAnimatesAStep()
    {
        SimulationTimeline timeline;
        timeline.load(Scenario::load(scenarioFile("cold-start"), nullptr));
        EnsembleView view;
        view.resize(600, 500);
        view.setFeed(&timeline);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY2(imageHasContent(view.grab().toImage()), "expected the members to be drawn");
        for (int i = 0; i < 5; ++i)
            timeline.stepEvent();
        QVERIFY2(view.animatedMessageCount() > 0, "expected votes in flight to be animated after a few steps");
        // Messages finish their trip and disappear once delivered.
        timeline.setPosition(4000);
        QTRY_VERIFY2_WITH_TIMEOUT(view.animatedMessageCount() < 20, "expected delivered messages to finish animating", 5000);
    }

    void clickingAMemberSelectsIt()
    {
        SimulationTimeline timeline;
        timeline.load(Scenario::load(scenarioFile("cold-start"), nullptr));
        timeline.setPosition(2000);
        EnsembleView view;
        view.resize(600, 500);
        view.setFeed(&timeline);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy clicked(&view, &EnsembleView::memberClicked);
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.memberCenter(3).toPoint());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.first().first().value<ServerId>(), ServerId(3));
        QVERIFY2(view.selectionDetails().contains(QLatin1String("Member 3")), qPrintable(view.selectionDetails()));
        QVERIFY2(view.selectionDetails().contains(QLatin1String("LEADING")), qPrintable(view.selectionDetails()));
    }

    void clickingAMessageShowsItsDetails()
    {
        SimulationTimeline timeline;
        timeline.load(Scenario::load(scenarioFile("cold-start"), nullptr));
        EnsembleView view;
        view.resize(600, 500);
        view.setFeed(&timeline);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        for (int i = 0; i < 5; ++i)
            timeline.stepEvent();
        // Find a spot where a message is drawn (they wait near their receiver while in flight).
        QTest::qWait(700);
        std::optional<QPoint> spot;
        for (int y = 0; y < view.height() && !spot; y += 3) {
            for (int x = 0; x < view.width() && !spot; x += 3) {
                if (view.messageAt(QPointF(x, y)) && !view.memberAt(QPointF(x, y)))
                    spot = QPoint(x, y);
            }
        }
        QVERIFY2(spot, "expected a vote drawn in flight");
        QSignalSpy clicked(&view, &EnsembleView::messageClicked);
        QTest::mouseClick(&view, Qt::LeftButton, {}, *spot);
        QCOMPARE(clicked.count(), 1);
        const QString details = clicked.first().first().toString();
        QVERIFY2(details.startsWith(QLatin1String("VOTE (")) && details.contains(QLatin1String("From member")), qPrintable(details));
    }

    void frameTimeWithSevenMembersUnderWriteLoad()
    {
        // 7 voters, 2,000 writes per (virtual) second; each frame folds 16 ms of events and paints.
        zooscope::quorum::EnsembleSimulator simulator(zooscope::quorum::EnsembleSimulatorConfig::ensemble(7, 0, 3));
        simulator.start();
        QVERIFY(simulator.runUntil([](const auto &s) { return s.agreedLeader().has_value(); }, 10000));
        const ServerId leader = *simulator.agreedLeader();
        EnsembleState state(simulator.quorum().members());
        std::size_t folded = 0;
        for (; folded < simulator.trace().size(); ++folded)
            state.apply(simulator.trace()[folded]);
        QImage canvas(1280, 900, QImage::Format_ARGB32_Premultiplied);
        StaticFeed feed;
        feed.shown = &state;
        EnsembleView view;
        view.resize(canvas.size());
        view.setFeed(&feed);
        int writes = 0;
        qint64 totalNs = 0;
        qint64 worstNs = 0;
        qint64 foldNs = 0;
        const int frames = 60;
        for (int frame = 0; frame < frames; ++frame) {
            for (int i = 0; i < 32; ++i) // 2,000 writes/s = 32 per 16 ms frame
                simulator.submitWrite(leader, "load" + QByteArray::number(writes++));
            simulator.runFor(16);
            QElapsedTimer timer;
            timer.start();
            for (; folded < simulator.trace().size(); ++folded)
                state.apply(simulator.trace()[folded]);
            foldNs += timer.nsecsElapsed();
            feed.changed();
            QPainter painter(&canvas);
            view.render(&painter);
            painter.end();
            const qint64 ns = timer.nsecsElapsed();
            totalNs += ns;
            worstNs = std::max(worstNs, ns);
        }
        const double averageMs = double(totalNs) / frames / 1e6;
        qInfo("frame time, 7 members at 2000 writes/s: average %.2f ms (folding %.2f ms), worst %.2f ms (%d trace events per frame)",
              averageMs, double(foldNs) / frames / 1e6, double(worstNs) / 1e6, int(folded / frames));
        QVERIFY2(state.invariants().allHold(), "expected every invariant to hold under load");
        // No bound on the time here (a loaded CI machine would make it flaky): the frame time is measured
        // by the benchmark executable bench_ensemble_view (docs/performance.md).
        Q_UNUSED(averageMs);
    }

    // The fault controls' write load must reach the rate it shows, 2,000 writes/s included (one timer
    // shot per write stops near 1,000/s).
    // Discovery and synchronization are drawn message by message, each with its own label, a colour
    // for its phase and a details line saying what it is for; each arrives where it was sent.
    void discoveryAndSyncMessagesAreTyped_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<bool>("fromLeader");
        QTest::addColumn<QString>("labelStart");
        QTest::newRow("LEARNERINFO") << int(MessageType::LearnerInfo) << false << QStringLiteral("LEARNERINFO");
        QTest::newRow("LEADERINFO") << int(MessageType::LeaderInfo) << true << QStringLiteral("LEADERINFO 0x100000000");
        QTest::newRow("ACKEPOCH") << int(MessageType::AckEpoch) << false << QStringLiteral("ACKEPOCH 0x");
        QTest::newRow("DIFF") << int(MessageType::Sync) << true << QStringLiteral("DIFF 0x");
        QTest::newRow("NEWLEADER") << int(MessageType::NewLeader) << true << QStringLiteral("NEWLEADER 0x100000000");
        QTest::newRow("ACK(NEWLEADER)") << int(MessageType::NewLeaderAck) << false << QStringLiteral("ACK(NEWLEADER)");
        QTest::newRow("UPTODATE") << int(MessageType::UpToDate) << true << QStringLiteral("UPTODATE");
    }

    void discoveryAndSyncMessagesAreTyped()
    {
        QFETCH(int, type);
        QFETCH(bool, fromLeader);
        QFETCH(QString, labelStart);
        zooscope::quorum::EnsembleSimulator simulator(zooscope::quorum::EnsembleSimulatorConfig::ensemble(3, 0, 1));
        simulator.start();
        QVERIFY(simulator.runUntil([](const auto &s) { return s.agreedLeader().has_value(); }, 10000));
        simulator.runFor(500);
        const ServerId leader = *simulator.agreedLeader();
        // Fold event by event and keep the last copy of every message (delivered ones expire later).
        EnsembleState state(simulator.quorum().members());
        std::map<quint64, FlightMessage> seen;
        for (const auto &traced : simulator.trace()) {
            state.apply(traced);
            for (const FlightMessage &message : state.messages())
                seen[message.id] = message;
        }
        int found = 0;
        for (const auto &[id, message] : seen) {
            if (int(message.type) != type)
                continue;
            ++found;
            QVERIFY2(message.label().startsWith(labelStart),
                     qPrintable(QStringLiteral("expected a label starting \"%1\", got \"%2\"").arg(labelStart, message.label())));
            QCOMPARE(fromLeader ? message.from : message.to, leader);
            QVERIFY2(message.deliveredMs.has_value(), qPrintable(QStringLiteral("expected %1 to arrive").arg(message.label())));
            const QString details = EnsemblePalette::messageDetails(message);
            QVERIFY2(details.contains(EnsemblePalette::messagePurpose(message.type)) && !EnsemblePalette::messagePurpose(message.type).isEmpty(),
                     qPrintable(QStringLiteral("expected the details to say what the message is for: ") + details));
        }
        QVERIFY2(found >= 2, qPrintable(QStringLiteral("expected one %1 per follower, found %2").arg(labelStart).arg(found)));
        // Discovery, the end of synchronization and the sync modes each have their colour.
        FlightMessage probe;
        probe.type = MessageType(type);
        probe.syncMode = QStringLiteral("DIFF");
        const QColor colour = EnsemblePalette::messageColor(probe);
        for (MessageType other : {MessageType::Vote, MessageType::Proposal, MessageType::Ack, MessageType::Commit}) {
            FlightMessage broadcast;
            broadcast.type = other;
            QVERIFY2(EnsemblePalette::messageColor(broadcast) != colour,
                     qPrintable(QStringLiteral("expected %1 to be coloured unlike %2").arg(labelStart, QLatin1String(messageTypeName(other)))));
        }
    }

    void writeLoadKeepsTheChosenRate_data()
    {
        QTest::addColumn<int>("writesPerSecond");
        QTest::newRow("20 writes/s") << 20;
        QTest::newRow("500 writes/s") << 500;
        QTest::newRow("2000 writes/s") << 2000;
    }

    void writeLoadKeepsTheChosenRate()
    {
        QFETCH(int, writesPerSecond);
        StaticFeed feed;
        FaultControls controls;
        controls.setFeed(&feed);
        QElapsedTimer elapsed;
        controls.setWriteRate(writesPerSecond);
        elapsed.start();
        QTest::qWait(1000);
        controls.setWriteRate(0);
        const double expected = writesPerSecond * elapsed.elapsed() / 1000.0;
        const int afterStop = feed.writes;
        QVERIFY2(feed.writes >= expected * 0.8 && feed.writes <= expected * 1.05 + 1,
                 qPrintable(QStringLiteral("expected about %1 writes in %2 ms at %3/s, counted %4")
                                .arg(expected, 0, 'f', 0)
                                .arg(elapsed.elapsed())
                                .arg(writesPerSecond)
                                .arg(feed.writes)));
        QTest::qWait(50);
        QCOMPARE(feed.writes, afterStop); // "off" stops the load
    }

    void killingTheLeaderFromTheUiElectsANewOne()
    {
        EnsembleStudio studio;
        studio.resize(1200, 800);
        studio.loadSimulatedEnsemble(3, 0, 11);
        studio.show();
        QVERIFY(QTest::qWaitForWindowExposed(&studio));
        SimulationTimeline *timeline = studio.timeline();
        timeline->setEventsPerSecond(5000);
        timeline->play();
        QTRY_VERIFY2_WITH_TIMEOUT(timeline->state().agreedLeader() == std::optional<ServerId>(3),
                                  "expected member 3 to lead after the cold start", 10000);
        studio.faultControls()->killLeader();
        QVERIFY2(!timeline->state().member(3)->up, "expected the killed leader to be drawn down at once");
        QTRY_VERIFY2_WITH_TIMEOUT(timeline->state().agreedLeader() == std::optional<ServerId>(2),
                                  "expected member 2 to take over after the leader was killed", 20000);
        timeline->pauseClock();
        QCOMPARE(leadingCount(timeline->state()), 1);
        QVERIFY(studio.invariantPanel()->allGreen());
        QCOMPARE(timeline->state().member(2)->epoch, 2);
    }

    void broadcastChartFollowsTheTimeline()
    {
        SimulationTimeline timeline;
        timeline.load(Scenario::load(scenarioFile("rejoin-diff"), nullptr));
        BroadcastPanel panel;
        panel.setFeed(&timeline);
        panel.showMember(3);
        timeline.goToStep(6); // the last step: every write done
        timeline.stepPhase();
        const int points = panel.chart()->pointCount(3);
        QVERIFY2(points >= 5, qPrintable(QStringLiteral("expected at least 5 committed points for the leader, found %1").arg(points)));
        QVERIFY2(panel.model()->rowCount() >= 5, "expected the leader's history to list the writes");
        timeline.setPosition(0);
        QCOMPARE(panel.chart()->pointCount(3), 0);
    }

    // The classroom clock from its buttons: step one message, back, one phase, scrub, rewind, and
    // play at a chosen speed then pause.
    void timelineControlsDriveTheClassroomClock()
    {
        SimulationTimeline timeline;
        timeline.load(Scenario::load(scenarioFile("leader-crash"), nullptr));
        TimelineControls controls;
        controls.setTimeline(&timeline);
        controls.show();
        QVERIFY(QTest::qWaitForWindowExposed(&controls));
        const auto button = [&](const QString &text) {
            const auto buttons = controls.findChildren<QPushButton *>();
            const auto found = std::find_if(buttons.begin(), buttons.end(), [&](QPushButton *candidate) { return candidate->text() == text; });
            return found == buttons.end() ? nullptr : *found;
        };
        for (const QString &text : {QStringLiteral("Step \u25B6"), QStringLiteral("\u25C0 Back"), QStringLiteral("Next phase \u00BB"),
                                    QStringLiteral("Rewind"), QStringLiteral("Play")})
            QVERIFY2(button(text), qPrintable(QStringLiteral("expected a \"%1\" button").arg(text)));

        for (int i = 0; i < 5; ++i)
            QTest::mouseClick(button(QStringLiteral("Step \u25B6")), Qt::LeftButton);
        QCOMPARE(timeline.position(), qint64(5));
        QTest::mouseClick(button(QStringLiteral("\u25C0 Back")), Qt::LeftButton);
        QCOMPARE(timeline.position(), qint64(4));
        QTest::mouseClick(button(QStringLiteral("Next phase \u00BB")), Qt::LeftButton);
        QVERIFY2(timeline.position() > 4 && SimulationTimeline::isMilestone(timeline.events().back()),
                 qPrintable(QStringLiteral("expected Next phase to stop after a milestone, at %1").arg(timeline.position())));
        auto *scrub = controls.findChild<QSlider *>();
        QVERIFY2(scrub, "expected a scrub slider");
        scrub->setValue(2);
        QCOMPARE(timeline.position(), qint64(2));
        QTest::mouseClick(button(QStringLiteral("Rewind")), Qt::LeftButton);
        QCOMPARE(timeline.position(), qint64(0));

        auto *speed = controls.findChild<QSpinBox *>();
        QVERIFY2(speed, "expected a speed box");
        speed->setValue(200);
        QElapsedTimer playing;
        QTest::mouseClick(button(QStringLiteral("Play")), Qt::LeftButton);
        playing.start();
        QVERIFY(timeline.isPlaying());
        QTest::qWait(500);
        QTest::mouseClick(button(QStringLiteral("Pause")), Qt::LeftButton);
        const double expected = 200.0 * playing.elapsed() / 1000.0;
        QVERIFY2(!timeline.isPlaying(), "expected Pause to stop the clock");
        QVERIFY2(timeline.position() >= expected * 0.6 && timeline.position() <= expected * 1.2 + 10,
                 qPrintable(QStringLiteral("expected about %1 events at 200 events/s, played %2").arg(expected, 0, 'f', 0).arg(timeline.position())));
        const qint64 paused = timeline.position();
        QTest::qWait(100);
        QCOMPARE(timeline.position(), paused);
    }

    void presenterModeIsKeyboardDriven()
    {
        EnsembleStudio studio;
        studio.resize(1200, 800);
        QVERIFY(studio.loadScenarioFile(scenarioFile("leader-crash")));
        studio.show();
        QVERIFY(QTest::qWaitForWindowExposed(&studio));
        studio.activateWindow();
        studio.setFocus();
        QTest::keyClick(&studio, Qt::Key_F5);
        QVERIFY2(studio.presenterMode(), "expected F5 to enter presenter mode");
        const qint64 before = studio.timeline()->position();
        QTest::keyClick(&studio, Qt::Key_Right);
        QCOMPARE(studio.timeline()->position(), before + 1);
        QTest::keyClick(&studio, Qt::Key_PageDown);
        QVERIFY2(studio.timeline()->currentStep() >= 1, "expected Page Down to go to the next chapter");
        QVERIFY2(!studio.timeline()->caption().isEmpty(), "expected a caption in presenter mode");
        QTest::keyClick(&studio, Qt::Key_Escape);
        QVERIFY2(!studio.presenterMode(), "expected Escape to leave presenter mode");
    }

    void exportsTraceAndPng()
    {
        QTemporaryDir directory;
        EnsembleStudio studio;
        studio.resize(1000, 700);
        QVERIFY(studio.loadScenarioFile(scenarioFile("cold-start")));
        studio.timeline()->setPosition(300);
        studio.show();
        QVERIFY(QTest::qWaitForWindowExposed(&studio));
        const QString tracePath = directory.filePath(QStringLiteral("trace.json"));
        QVERIFY(studio.exportTrace(tracePath));
        QFile file(tracePath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject document = QJsonDocument::fromJson(file.readAll()).object();
        QVERIFY(studio.timeline()->position() > 50);
        QCOMPARE(document.value(QLatin1String("events")).toArray().size(), studio.timeline()->position());
        QCOMPARE(document.value(QLatin1String("scenario")).toString(), QStringLiteral("cold-start"));
        const QString pngPath = directory.filePath(QStringLiteral("ensemble.png"));
        QVERIFY(studio.exportPng(pngPath));
        QImage image(pngPath);
        QVERIFY2(!image.isNull() && image.width() > 100, "expected a PNG of the studio");
        QVERIFY(imageHasContent(image));
    }

    void chineseTranslationIsCompleteAndSwitchesAtRunTime()
    {
        QFile ts(QStringLiteral(ZOOSCOPE_SOURCE_DIR "/translations/zooscope_zh_CN.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QByteArray text = ts.readAll();
        QVERIFY2(!text.contains("type=\"unfinished\""), "expected every entry of zooscope_zh_CN.ts to be translated");
        QTranslator translator;
        QVERIFY2(translator.load(QStringLiteral(":/i18n/zooscope_zh_CN.qm")), "expected the compiled Chinese translation");
        EnsembleStudio studio;
        studio.show();
        QVERIFY(QTest::qWaitForWindowExposed(&studio));
        const auto hasButton = [&](const QString &label) {
            const auto buttons = studio.findChildren<QPushButton *>();
            return std::any_of(buttons.begin(), buttons.end(), [&](QPushButton *button) { return button->text() == label; });
        };
        QVERIFY(hasButton(QStringLiteral("Presenter mode")));
        QCoreApplication::installTranslator(&translator);
        QTRY_VERIFY2(hasButton(QStringLiteral("演示模式")), "expected the studio to switch to Chinese at run time");
        QVERIFY(hasButton(QStringLiteral("终止领导者")));
        QCOMPARE(EnsemblePalette::stateName(ServerState::Leading), QStringLiteral("LEADING（领导者）"));
        QCoreApplication::removeTranslator(&translator);
        QTRY_VERIFY2(hasButton(QStringLiteral("Presenter mode")), "expected the studio to switch back to English");
    }

    void recipeStepsFromThePresenterKeyboard()
    {
        zooscope::ensemble::LocalEnsemble ensemble;
        zooscope::ensemble::LocalEnsembleOptions options;
        options.voters = 3;
        options.tickTimeMs = 200;
        QVERIFY2(ensemble.start(options), qPrintable(QStringLiteral("expected the local ensemble to start: ") + ensemble.errorString()));
        EnsembleStudio studio;
        studio.resize(1000, 700);
        studio.attachLiveEnsemble(&ensemble);
        studio.show();
        QVERIFY(QTest::qWaitForWindowExposed(&studio));
        QTRY_VERIFY_WITH_TIMEOUT(studio.feed()->state().agreedLeader().has_value(), 30000);
        const QStringList recipes = recipeFiles(QStringLiteral(ZOOSCOPE_SCENARIO_DIRECTORY "/recipes"));
        QVERIFY(!recipes.isEmpty());
        QVERIFY(studio.startRecipe(recipes.front()));
        studio.setPresenterMode(true);
        RecipeRunner *runner = studio.recipeRunner();
        for (int step = 0; step < int(runner->recipe().steps.size()); ++step) {
            QTest::keyClick(&studio, Qt::Key_N);
            QTRY_VERIFY2_WITH_TIMEOUT(runner->nextStep() > step || !runner->error().isEmpty(),
                                      qPrintable(QStringLiteral("expected recipe step %1 to finish").arg(step + 1)), 20000);
        }
        QVERIFY2(runner->isFinished() && runner->error().isEmpty(), qPrintable(runner->error()));
        QVERIFY2(studio.feed()->state().committedZxids().size() >= 4, "expected the recipe's transactions as commits");
        ensemble.stop();
    }

    void liveMembersAddedAndRemovedFromTheUi_data()
    {
        QTest::addColumn<QString>("button");
        QTest::addColumn<bool>("observer");
        QTest::addColumn<QString>("configuration");
        QTest::newRow("add member") << QStringLiteral("addMemberButton") << false << QStringLiteral("voters 1,2,3,4; observers none");
        QTest::newRow("add observer") << QStringLiteral("addObserverButton") << true << QStringLiteral("voters 1,2,3; observers 4");
    }

    void liveMembersAddedAndRemovedFromTheUi()
    {
        QFETCH(QString, button);
        QFETCH(bool, observer);
        QFETCH(QString, configuration);
        zooscope::ensemble::LocalEnsemble ensemble;
        zooscope::ensemble::LocalEnsembleOptions options;
        options.voters = 3;
        options.tickTimeMs = 200;
        QVERIFY2(ensemble.start(options), qPrintable(ensemble.errorString()));
        EnsembleStudio studio;
        studio.resize(1000, 700);
        studio.attachLiveEnsemble(&ensemble);
        studio.show();
        QVERIFY(QTest::qWaitForWindowExposed(&studio));
        QStringList status;
        connect(&studio, &EnsembleStudio::statusMessage, this, [&status](const QString &message) { status << message; });
        QTRY_VERIFY2_WITH_TIMEOUT(studio.feed()->state().agreedLeader().has_value(), "expected the live ensemble to elect a leader", 30000);
        auto *addMember = studio.faultControls()->findChild<QPushButton *>(button);
        auto *removeMember = studio.faultControls()->findChild<QPushButton *>(QStringLiteral("removeMemberButton"));
        QVERIFY(addMember && removeMember);
        QVERIFY2(addMember->isEnabled(), "a live ensemble can be reconfigured");
        QVERIFY2(showFaultControls(studio), "expected the fault controls on a tab of the studio");
        const auto selectorHas = [&](ServerId sid) {
            const auto selectors = studio.faultControls()->findChildren<MemberSelector *>();
            return !selectors.isEmpty() && selectors.front()->findData(qint64(sid)) >= 0;
        };
        QVERIFY(!selectorHas(4));
        QTest::mouseClick(addMember, Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(studio.feed()->state().activatedConfiguration() == configuration,
                                  qPrintable(QStringLiteral("expected member 4 to join; status: ") + status.join(QStringLiteral(" | "))), 30000);
        QVERIFY(studio.feed()->state().member(4));
        QCOMPARE(studio.feed()->state().quorum().isVoter(4), !observer);
        QCOMPARE(studio.feed()->state().member(4)->observer, observer);
        QTRY_VERIFY2(selectorHas(4), "expected the member selector to offer member 4");
        QVERIFY2(studio.view()->membershipChangesNoted() >= 1, "the circle should draw member 4 joining");
        QTRY_VERIFY2_WITH_TIMEOUT(studio.feed()->state().agreedLeader().has_value(), "expected four members serving", 30000);
        QVERIFY2(EnsemblePalette::memberDetails(*studio.feed()->state().member(1)).contains(configuration),
                 "expected the member's details to name the configuration it activated");

        const ServerId leaving = *studio.feed()->state().agreedLeader() == 1 ? 2 : 1;
        studio.faultControls()->selectMember(leaving);
        QTest::mouseClick(removeMember, Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(!studio.feed()->state().member(leaving) && !ensemble.member(leaving),
                                  qPrintable(QStringLiteral("expected member %1 to leave; status: ").arg(leaving) + status.join(QStringLiteral(" | "))),
                                  30000);
        QTRY_VERIFY2(!selectorHas(leaving), "expected the member selector to drop the removed member");
        QTRY_VERIFY2(studio.view()->membershipChangesNoted() >= 2, "the circle should draw the member leaving");
        QCOMPARE(studio.feed()->state().members().size(), std::size_t(3));
        studio.showSimulation();
        ensemble.stop();
    }

    void liveEnsembleLeaderKilledFromTheUi()
    {
        zooscope::ensemble::LocalEnsemble ensemble;
        zooscope::ensemble::LocalEnsembleOptions options;
        options.voters = 3;
        options.tickTimeMs = 200;
        QVERIFY2(ensemble.start(options), qPrintable(QStringLiteral("expected the local ensemble to start: ") + ensemble.errorString()));
        EnsembleStudio studio;
        studio.resize(1000, 700);
        studio.attachLiveEnsemble(&ensemble);
        studio.show();
        QVERIFY(QTest::qWaitForWindowExposed(&studio));
        QVERIFY(studio.isLive());
        QVERIFY2(!studio.timelineControls()->isVisible(), "expected no timeline for a live ensemble");
        QTRY_VERIFY2_WITH_TIMEOUT(studio.feed()->state().agreedLeader().has_value(), "expected the live ensemble to elect a leader", 30000);
        const ServerId leader = *studio.feed()->state().agreedLeader();
        studio.faultControls()->killLeader();
        QTRY_VERIFY2_WITH_TIMEOUT(studio.feed()->state().agreedLeader().value_or(leader) != leader,
                                  qPrintable(QStringLiteral("expected a new leader after killing %1").arg(leader)), 60000);
        QVERIFY(studio.invariantPanel()->allGreen());
        // Pause a member and partition it: both show in the view's state.
        const ServerId other = *studio.feed()->state().agreedLeader() == 1 ? 2 : 1;
        QVERIFY(studio.feed()->pause(other));
        QTRY_VERIFY2_WITH_TIMEOUT(studio.feed()->state().member(other)->paused, "expected the paused member to be drawn paused", 10000);
        QVERIFY(studio.feed()->resume(other));
        QTRY_VERIFY2_WITH_TIMEOUT(!studio.feed()->state().member(other)->paused, "expected the member to resume", 10000);
        QVERIFY(studio.feed()->partition({other}));
        const auto blockedLinkOf = [&](ServerId sid) {
            const auto &links = studio.feed()->state().links();
            return std::any_of(links.begin(), links.end(), [sid](const auto &link) {
                return link.second.blocked && (link.first.first == sid || link.first.second == sid);
            });
        };
        QTRY_VERIFY2_WITH_TIMEOUT(blockedLinkOf(other), "expected blocked links to show after a partition", 10000);
        QVERIFY(studio.feed()->heal());
        QTRY_VERIFY2_WITH_TIMEOUT(!blockedLinkOf(other), "expected healed links to show open", 10000);
        studio.showSimulation();
        ensemble.stop();
    }
};

QTEST_MAIN(TestEnsembleWidgets)
#include "tst_ensemble_widgets.moc"
