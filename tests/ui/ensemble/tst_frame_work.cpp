// The per-frame work of the ensemble views stays bounded under write load (issue 6: 60 frames per
// second with 7 members under 2,000 writes/s): the circle aggregates messages into a fixed number of
// dots per link and says so, the transaction history grows by inserted rows instead of resets, and
// monitors that stay green are not restyled on every frame.

#include "EnsembleView.h"
#include "InvariantPanel.h"
#include "ProposalHistoryModel.h"
#include "StateFeed.h"

#include "quorum/EnsembleSimulator.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace zooscope::ui::ensemble;
using zooscope::quorum::EnsembleSimulator;
using zooscope::quorum::EnsembleSimulatorConfig;
using zooscope::quorum::ServerId;
using zooscope::testing::StateFeed;

namespace {

// A simulated 7-member ensemble under write load, folded frame by frame as the live feed does.
class LoadedEnsemble
{
public:
    LoadedEnsemble()
        : simulator(EnsembleSimulatorConfig::ensemble(7, 0, 3))
        , state(simulator.quorum().members())
        , feed(&state)
    {
    }

    bool elect()
    {
        simulator.start();
        if (!simulator.runUntil([](const EnsembleSimulator &s) { return s.agreedLeader().has_value(); }, 30000))
            return false;
        leader = *simulator.agreedLeader();
        fold();
        return true;
    }

    // One 1/60 s frame with `writes` client writes submitted to the leader.
    void frame(int writes)
    {
        for (int i = 0; i < writes; ++i)
            simulator.submitWrite(leader, "load" + QByteArray::number(m_written++));
        simulator.runFor(1000 / 60);
        fold();
        feed.changed();
    }

    EnsembleSimulator simulator;
    EnsembleState state;
    StateFeed feed;
    ServerId leader = 0;

private:
    void fold()
    {
        for (; m_folded < simulator.trace().size(); ++m_folded)
            state.apply(simulator.trace()[m_folded]);
        state.advanceTo(simulator.nowMs()); // as the live feed does: messages lost in transit expire
    }

    std::size_t m_folded = 0;
    int m_written = 0;
};

// Counts the style changes (a style sheet set) its watched widgets receive.
class StyleChangeCounter : public QObject
{
public:
    int count = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::StyleChange)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

class TestFrameWork : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void viewAggregatesMessagesUnderLoad_data()
    {
        QTest::addColumn<int>("writesPerFrame");
        QTest::addColumn<bool>("aggregated");
        QTest::newRow("one write: every message labelled") << 1 << false;
        QTest::newRow("2,000 writes/s: dots per link") << 34 << true;
    }

    void viewAggregatesMessagesUnderLoad()
    {
        QFETCH(int, writesPerFrame);
        QFETCH(bool, aggregated);
        LoadedEnsemble ensemble;
        QVERIFY2(ensemble.elect(), "expected the simulated 7-member ensemble to elect a leader");
        EnsembleView view;
        view.resize(800, 700);
        view.setFeed(&ensemble.feed);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // The election's messages arrive and finish their trip first (votes the election made moot
        // stay in flight): only the write load counts.
        for (int frame = 0; frame < 60; ++frame)
            ensemble.frame(0);
        QTRY_VERIFY2_WITH_TIMEOUT(view.animatedMessageCount() <= int(ensemble.state.messagesInFlight().size()),
                                  "expected the election's delivered messages to finish animating", 5000);
        for (int frame = 0; frame < 20; ++frame) {
            ensemble.frame(frame == 0 || writesPerFrame > 1 ? writesPerFrame : 0);
            view.repaint();
        }
        QCOMPARE(view.aggregatingMessages(), aggregated);
        if (!aggregated)
            return;
        QVERIFY2(view.animatedMessageCount() > 60,
                 qPrintable(QStringLiteral("expected a heavy load to keep many messages in flight, found %1").arg(view.animatedMessageCount())));
        const int directedLinks = 7 * 6;
        QVERIFY2(view.drawnDotCount() > 0 && view.drawnDotCount() <= directedLinks * EnsembleView::DotSlotsPerLink,
                 qPrintable(QStringLiteral("expected between 1 and %1 dots for %2 messages, drew %3")
                                .arg(directedLinks * EnsembleView::DotSlotsPerLink)
                                .arg(view.animatedMessageCount())
                                .arg(view.drawnDotCount())));
        QVERIFY2(view.drawnDotCount() < view.animatedMessageCount(),
                 qPrintable(QStringLiteral("expected fewer dots (%1) than messages (%2)").arg(view.drawnDotCount()).arg(view.animatedMessageCount())));
    }

    void historyGrowsByInsertedRowsNotResets()
    {
        LoadedEnsemble ensemble;
        QVERIFY2(ensemble.elect(), "expected the simulated 7-member ensemble to elect a leader");
        ProposalHistoryModel history;
        QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        history.setFeed(&ensemble.feed);
        history.setMember(ensemble.leader);
        QSignalSpy resets(&history, &QAbstractItemModel::modelReset);
        QSignalSpy inserts(&history, &QAbstractItemModel::rowsInserted);
        QSignalSpy removals(&history, &QAbstractItemModel::rowsRemoved);
        for (int frame = 0; frame < 240; ++frame) // 4 s at 2,000 writes/s: past the 400-row history limit
            ensemble.frame(34);
        QVERIFY2(inserts.count() > 0, "expected new proposals to arrive as inserted rows");
        QVERIFY2(removals.count() > 0, "expected the oldest proposals to leave as removed rows once the history is full");
        QVERIFY2(resets.count() <= 1,
                 qPrintable(QStringLiteral("expected no model resets while writes stream in, saw %1").arg(resets.count())));
        // The rows are still the member's history, newest first.
        const MemberState *leader = ensemble.state.member(ensemble.leader);
        QCOMPARE(history.rowCount(), int(leader->proposals.size()));
        QCOMPARE(history.index(0, ProposalHistoryModel::ZxidColumn).data().toString(), zxidText(leader->proposals.rbegin()->first));
        QCOMPARE(history.index(history.rowCount() - 1, ProposalHistoryModel::ZxidColumn).data().toString(),
                 zxidText(leader->proposals.begin()->first));
    }

    void greenMonitorsAreNotRestyledEveryFrame()
    {
        LoadedEnsemble ensemble;
        QVERIFY2(ensemble.elect(), "expected the simulated 7-member ensemble to elect a leader");
        InvariantPanel panel;
        panel.setFeed(&ensemble.feed);
        StyleChangeCounter counter;
        for (QLabel *label : panel.findChildren<QLabel *>())
            label->installEventFilter(&counter);
        for (int frame = 0; frame < 30; ++frame)
            ensemble.frame(34);
        QVERIFY2(panel.allGreen(), "expected the invariants to hold under plain write load");
        QVERIFY2(counter.count == 0,
                 qPrintable(QStringLiteral("expected no style changes while the monitors stay green, saw %1").arg(counter.count)));
    }
};

QTEST_MAIN(TestFrameWork)
#include "tst_frame_work.moc"
