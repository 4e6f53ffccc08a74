// Renders the ensemble studio's views for docs/screenshots (run by docs/screenshots/make-screenshots.sh):
// the circle, the election panel, the broadcast panel with its zxid chart, the invariant monitors,
// and presenter mode, each in English and Simplified Chinese, from shipped scenarios stepped by the
// classroom timeline (deterministic: the same pictures every run).
//
//     QT_QPA_PLATFORM=offscreen ensemble_screenshots docs/screenshots

#include "BroadcastPanel.h"
#include "ElectionPanel.h"
#include "EnsembleStudio.h"
#include "EnsembleView.h"
#include "InvariantPanel.h"
#include "Scenario.h"
#include "SimulationTimeline.h"

#include "quorum/QuorumConfig.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>

#include <cstdio>

using namespace zooscope::ui::ensemble;
using zooscope::quorum::ServerId;

namespace {

QString scenarioFile(const QString &id)
{
    for (const QString &file : scenarioFiles(QStringLiteral(ZOOSCOPE_SCENARIO_DIRECTORY))) {
        if (Scenario::load(file, nullptr).id == id)
            return file;
    }
    return {};
}

// Steps the loaded scenario to the start of script step `step`, then `events` trace events further,
// and lets the view's animation run for a moment so messages are drawn on their way.
void showMoment(EnsembleStudio &studio, int step, int events)
{
    SimulationTimeline *timeline = studio.timeline();
    timeline->goToStep(step);
    for (int i = 0; i < events; ++i)
        timeline->stepEvent();
    QTest::qWait(450); // messages that arrived during the jump shrink to dots; those in flight stay labelled
}

// A feed showing a fixed state: the invariant panel with a violation, which no correct run produces.
class FixedFeed : public EnsembleFeed
{
public:
    explicit FixedFeed(EnsembleState state) : m_state(std::move(state)) {}
    const EnsembleState &state() const override { return m_state; }
    std::vector<zooscope::quorum::TraceEvent> events() const override { return {}; }
    qint64 eventNumberEnd() const override { return 0; }
    const zooscope::quorum::TraceEvent &eventAt(qint64) const override
    {
        static const zooscope::quorum::TraceEvent none;
        return none;
    }
    bool supports(FaultKind) const override { return false; }
    bool kill(ServerId) override { return false; }
    bool restart(ServerId) override { return false; }
    bool pause(ServerId) override { return false; }
    bool resume(ServerId) override { return false; }
    bool partition(const std::vector<ServerId> &) override { return false; }
    bool heal() override { return false; }
    bool setLinkFault(ServerId, ServerId, const LinkFaultRequest &) override { return false; }
    bool write(ServerId) override { return false; }

private:
    EnsembleState m_state;
};

// Two members leading epoch 1: "one leader per epoch" turns red with the offending step.
EnsembleState twoLeadersInOneEpoch()
{
    EnsembleState state(zooscope::quorum::QuorumConfig::withVoters(3).members());
    for (ServerId sid : {ServerId(1), ServerId(2)}) {
        zooscope::quorum::TraceEvent leading;
        leading.kind = zooscope::quorum::TraceKind::StateChanged;
        leading.timeMs = 400 + 10 * sid;
        leading.member = leading.leader = sid;
        leading.zxid = zooscope::quorum::makeZxid(1, 0);
        leading.epoch = 1;
        leading.state = zooscope::quorum::ServerState::Leading;
        leading.details = QStringLiteral("serving");
        state.apply(leading);
    }
    return state;
}

bool save(const QPixmap &pixmap, const QDir &directory, const QString &name, const QString &language)
{
    const QString path = directory.filePath(QStringLiteral("%1-%2.png").arg(name, language));
    const bool saved = pixmap.save(path);
    std::printf("%s %s (%dx%d)\n", saved ? "wrote" : "FAILED to write", qPrintable(path), pixmap.width(), pixmap.height());
    return saved;
}

bool renderLanguage(const QDir &directory, const QString &language)
{
    bool ok = true;
    EnsembleStudio studio;
    studio.resize(1500, 940);
    studio.show();
    if (!QTest::qWaitForWindowExposed(&studio))
        return false;

    // The circle and the broadcast panel: five voters and an observer while writes are acknowledged.
    if (!studio.loadScenarioFile(scenarioFile(QStringLiteral("observer-joins"))))
        return false;
    showMoment(studio, 5, 8);
    ok &= save(studio.view()->grab(), directory, QStringLiteral("ensemble-view"), language);
    auto *tabs = studio.findChild<QTabWidget *>();
    if (tabs)
        tabs->setCurrentWidget(studio.broadcastPanel());
    QTest::qWait(50); // a screenshot tool, not a test: the newly shown tab lays out and its chart paints
    ok &= save(studio.broadcastPanel()->grab(), directory, QStringLiteral("broadcast-panel"), language);
    if (tabs)
        tabs->setCurrentWidget(studio.electionPanel());
    ok &= save(studio.invariantPanel()->grab(), directory, QStringLiteral("invariants"), language);
    {
        FixedFeed broken(twoLeadersInOneEpoch());
        InvariantPanel panel;
        panel.setFeed(&broken);
        panel.setFixedWidth(studio.invariantPanel()->width());
        panel.show();
        QTest::qWait(50); // laid out at its fixed width first, so the violation text wraps
        panel.adjustSize(); // the wrapped violation text sets the height
        QTest::qWait(50); // and painted at that height
        ok &= save(panel.grab(), directory, QStringLiteral("invariants-violated"), language);
    }
    ok &= save(studio.grab(), directory, QStringLiteral("ensemble-studio"), language);

    // The election panel: the votes a member received after a leader crash, with the deciding field.
    if (!studio.loadScenarioFile(scenarioFile(QStringLiteral("leader-crash"))))
        return false;
    showMoment(studio, 4, 24); // mid-election: member 2's stronger vote has just reached member 1
    ok &= save(studio.electionPanel()->grab(), directory, QStringLiteral("election-panel"), language);

    // Presenter mode: large type and the scenario's caption.
    if (!studio.loadScenarioFile(scenarioFile(QStringLiteral("late-joiner-write-during-sync"))))
        return false;
    studio.setPresenterMode(true);
    studio.resize(1600, 900);
    showMoment(studio, 7, 6);
    ok &= save(studio.grab(), directory, QStringLiteral("presenter-mode"), language);
    studio.setPresenterMode(false);
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    const QDir directory(arguments.value(1, QStringLiteral(".")));
    if (!directory.exists()) {
        std::fprintf(stderr, "usage: ensemble_screenshots <existing output directory>\n");
        return 2;
    }
    bool ok = true;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    ok &= renderLanguage(directory, QStringLiteral("en"));

    QTranslator translator;
    if (!translator.load(QStringLiteral(":/i18n/zooscope_zh_CN.qm"))) {
        std::fprintf(stderr, "the Chinese translation is not embedded\n");
        return 1;
    }
    QCoreApplication::installTranslator(&translator);
    QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
    ok &= renderLanguage(directory, QStringLiteral("zh_CN"));
    return ok ? 0 : 1;
}
