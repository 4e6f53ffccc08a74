#include "EnsembleStudio.h"

#include "BroadcastPanel.h"
#include "ElectionPanel.h"
#include "EnsembleView.h"
#include "FaultControls.h"
#include "InvariantPanel.h"
#include "LiveEnsembleFeed.h"
#include "RecipeRunner.h"
#include "SimulationTimeline.h"
#include "TimelineControls.h"
#include "TraceJson.h"

#include <QComboBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace zooscope::ui::ensemble {

EnsembleStudio::EnsembleStudio(QWidget *parent)
    : QWidget(parent)
    , m_timeline(new SimulationTimeline(this))
    , m_sourceBar(new QWidget(this))
    , m_scenarios(new QComboBox(m_sourceBar))
    , m_voters(new QSpinBox(m_sourceBar))
    , m_observers(new QSpinBox(m_sourceBar))
    , m_newEnsemble(new QPushButton(m_sourceBar))
    , m_animationSpeed(new QComboBox(m_sourceBar))
    , m_presenterButton(new QPushButton(m_sourceBar))
    , m_exportTrace(new QPushButton(m_sourceBar))
    , m_exportPng(new QPushButton(m_sourceBar))
    , m_sourceLabel(new QLabel(m_sourceBar))
    , m_chapterList(new QListWidget(this))
    , m_view(new EnsembleView(this))
    , m_invariants(new InvariantPanel(this))
    , m_details(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_election(new ElectionPanel(this))
    , m_broadcast(new BroadcastPanel(this))
    , m_faults(new FaultControls(this))
    , m_timelineControls(new TimelineControls(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
{
    m_recipeBar = new QWidget(this);
    m_recipes = new QComboBox(m_recipeBar);
    m_recipeNext = new QPushButton(m_recipeBar);
    auto *recipeLayout = new QHBoxLayout(m_recipeBar);
    recipeLayout->setContentsMargins(0, 0, 0, 0);
    recipeLayout->addWidget(m_recipes, 1);
    recipeLayout->addWidget(m_recipeNext);
    m_recipeBar->setVisible(false);
    m_recipeFiles = recipeFiles();
    m_voters->setRange(1, 7);
    m_voters->setValue(3);
    m_observers->setRange(0, 7);
    m_presenterButton->setCheckable(true);
    auto *source = new QHBoxLayout(m_sourceBar);
    source->setContentsMargins(0, 0, 0, 0);
    source->addWidget(m_sourceLabel);
    source->addWidget(m_scenarios, 1);
    source->addWidget(m_voters);
    source->addWidget(m_observers);
    source->addWidget(m_newEnsemble);
    source->addWidget(m_animationSpeed);
    source->addWidget(m_presenterButton);
    source->addWidget(m_exportTrace);
    source->addWidget(m_exportPng);

    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto *centre = new QWidget(this);
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->addWidget(m_invariants);
    centreLayout->addWidget(m_view, 1);
    centreLayout->addWidget(m_details);
    m_tabs->addTab(m_election, QString());
    m_tabs->addTab(m_broadcast, QString());
    m_tabs->addTab(m_faults, QString());
    m_chapterList->setVisible(false);
    // Chapter captions are sentences: wrap them instead of scrolling sideways.
    m_chapterList->setWordWrap(true);
    m_chapterList->setTextElideMode(Qt::ElideNone);
    m_chapterList->setResizeMode(QListView::Adjust);
    m_chapterList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_splitter->addWidget(m_chapterList);
    m_splitter->addWidget(centre);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 2);
    // The panels' tables need ~600 px for every column; the circle keeps the larger share.
    m_splitter->setSizes({0, 860, 640});

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_sourceBar);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_timelineControls);
    layout->addWidget(m_recipeBar);

    m_scenarioFiles = scenarioFiles();
    connect(m_scenarios, &QComboBox::activated, this, &EnsembleStudio::scenarioChosen);
    connect(m_newEnsemble, &QPushButton::clicked, this, [this] { loadSimulatedEnsemble(m_voters->value(), m_observers->value()); });
    connect(m_presenterButton, &QPushButton::toggled, this, &EnsembleStudio::setPresenterMode);
    for (double factor : {0.25, 0.5, 1.0, 2.0, 4.0})
        m_animationSpeed->addItem(QString(), factor);
    m_animationSpeed->setCurrentIndex(2);
    connect(m_animationSpeed, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_view->setAnimationSpeed(m_animationSpeed->itemData(index).toDouble()); });
    connect(m_exportTrace, &QPushButton::clicked, this, &EnsembleStudio::chooseExportTrace);
    connect(m_exportPng, &QPushButton::clicked, this, &EnsembleStudio::chooseExportPng);
    connect(m_view, &EnsembleView::memberClicked, this, &EnsembleStudio::memberSelected);
    connect(m_view, &EnsembleView::selectionChanged, m_details, &QLabel::setText);
    connect(m_invariants, &InvariantPanel::offendingEventRequested, this, [this](qint64 index) {
        if (m_feed == m_timeline && index >= 0)
            m_timeline->setPosition(index + 1);
    });
    connect(m_chapterList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row != m_timeline->currentStep() && m_feed == m_timeline)
            m_timeline->goToStep(row);
    });
    connect(m_timeline, &EnsembleFeed::problem, this, &EnsembleStudio::statusMessage);
    connect(m_recipes, &QComboBox::activated, this, &EnsembleStudio::recipeChosen);
    connect(m_recipeNext, &QPushButton::clicked, this, &EnsembleStudio::recipeStep);
    m_timelineControls->setTimeline(m_timeline);
    buildShortcuts();
    retranslate();
    if (!m_scenarioFiles.isEmpty())
        loadScenarioFile(m_scenarioFiles.front());
    setFeed(m_timeline);
}

EnsembleStudio::~EnsembleStudio() = default;

void EnsembleStudio::retranslate()
{
    m_sourceLabel->setText(tr("Classroom:"));
    m_voters->setPrefix(tr("voters: "));
    m_observers->setPrefix(tr("observers: "));
    m_newEnsemble->setText(tr("New simulated ensemble"));
    for (int index = 0; index < m_animationSpeed->count(); ++index)
        m_animationSpeed->setItemText(index, tr("Animation \u00D7%1").arg(m_animationSpeed->itemData(index).toDouble()));
    m_animationSpeed->setToolTip(tr("How fast messages travel on screen"));
    m_presenterButton->setText(tr("Presenter mode"));
    m_presenterButton->setToolTip(tr("Large fonts, captions and chapters; keyboard only (F5, Esc to leave)"));
    m_exportTrace->setText(tr("Export trace\u2026"));
    m_exportPng->setText(tr("Export PNG\u2026"));
    m_recipeNext->setText(tr("Recipe step \u25B6"));
    m_recipeNext->setToolTip(tr("Run the recipe's next client operation against the live ensemble (N)"));
    m_recipes->clear();
    m_recipes->addItem(tr("Choose a recipe\u2026"));
    for (const QString &file : m_recipeFiles)
        m_recipes->addItem(Recipe::load(file, nullptr).title.text(QLocale()));
    m_tabs->setTabText(0, tr("Election"));
    m_tabs->setTabText(1, tr("Broadcast"));
    m_tabs->setTabText(2, tr("Faults"));
    const int current = m_scenarios->currentIndex();
    m_scenarios->clear();
    for (const QString &file : m_scenarioFiles) {
        const Scenario scenario = Scenario::load(file, nullptr);
        m_scenarios->addItem(scenario.title.text(QLocale()));
        m_scenarios->setItemData(m_scenarios->count() - 1, scenario.summary.text(QLocale()), Qt::ToolTipRole);
    }
    m_scenarios->setCurrentIndex(current);
    refreshChapters();
    if (m_feed)
        feedChanged(); // the caption in the new language
}

void EnsembleStudio::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void EnsembleStudio::buildShortcuts()
{
    struct Binding
    {
        QKeySequence keys;
        std::function<void()> action;
    };
    const std::vector<Binding> bindings{
        {QKeySequence(Qt::Key_Space), [this] { m_timelineControls->togglePlay(); }},
        {QKeySequence(Qt::Key_Right), [this] { m_timeline->stepEvent(); }},
        {QKeySequence(Qt::SHIFT | Qt::Key_Right), [this] { m_timeline->stepPhase(); }},
        {QKeySequence(Qt::Key_Left), [this] { m_timeline->stepBack(); }},
        {QKeySequence(Qt::Key_Home), [this] { m_timeline->restartFromBeginning(); }},
        {QKeySequence(Qt::Key_PageDown), [this] { m_timelineControls->nextChapter(); }},
        {QKeySequence(Qt::Key_PageUp), [this] { m_timelineControls->previousChapter(); }},
        {QKeySequence(Qt::Key_K), [this] { m_faults->killLeader(); }},
        {QKeySequence(Qt::Key_N), [this] { recipeStep(); }},
        {QKeySequence(Qt::Key_F5), [this] { setPresenterMode(!m_presenter); }},
        {QKeySequence(Qt::Key_Escape), [this] { setPresenterMode(false); }},
    };
    for (const Binding &binding : bindings) {
        auto *shortcut = new QShortcut(binding.keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        const bool timelineKey = binding.keys != QKeySequence(Qt::Key_K) && binding.keys != QKeySequence(Qt::Key_F5) &&
                                 binding.keys != QKeySequence(Qt::Key_Escape) && binding.keys != QKeySequence(Qt::Key_N);
        connect(shortcut, &QShortcut::activated, this, [this, action = binding.action, timelineKey] {
            if (!timelineKey || m_feed == m_timeline)
                action();
        });
    }
}

bool EnsembleStudio::loadScenarioFile(const QString &path)
{
    QString error;
    const Scenario scenario = Scenario::load(path, &error);
    if (!error.isEmpty()) {
        Q_EMIT statusMessage(tr("Cannot load the scenario: %1").arg(error));
        return false;
    }
    m_timeline->load(scenario);
    // The ensemble boxes show the scenario's members (they size the next "New simulated ensemble").
    m_voters->setValue(scenario.voters);
    m_observers->setValue(scenario.observers);
    // The chooser names the scenario whether it came from the embedded copy or a file on disk.
    const QString name = QFileInfo(path).fileName();
    for (int index = 0; index < m_scenarioFiles.size(); ++index) {
        if (QFileInfo(m_scenarioFiles[index]).fileName() == name) {
            const QSignalBlocker blocker(m_scenarios);
            m_scenarios->setCurrentIndex(index);
        }
    }
    showSimulation();
    m_timelineControls->setTimeline(m_timeline);
    refreshChapters();
    feedChanged();
    return true;
}

void EnsembleStudio::loadSimulatedEnsemble(int voters, int observers, quint64 seed)
{
    m_timeline->loadEnsemble(voters, observers, seed);
    showSimulation();
    m_timelineControls->setTimeline(m_timeline);
    refreshChapters();
    feedChanged();
}

void EnsembleStudio::scenarioChosen(int index)
{
    if (index >= 0 && index < m_scenarioFiles.size())
        loadScenarioFile(m_scenarioFiles[index]);
}

void EnsembleStudio::recipeChosen(int index)
{
    if (index >= 1 && index <= m_recipeFiles.size())
        startRecipe(m_recipeFiles[index - 1]);
}

bool EnsembleStudio::startRecipe(const QString &path)
{
    if (!isLive() || !m_liveEnsemble) {
        Q_EMIT statusMessage(tr("Recipes run against a live ensemble."));
        return false;
    }
    QString error;
    const Recipe recipe = Recipe::load(path, &error);
    if (!error.isEmpty()) {
        Q_EMIT statusMessage(tr("Cannot load the recipe: %1").arg(error));
        return false;
    }
    m_recipeRunner = std::make_unique<RecipeRunner>(recipe, m_liveEnsemble->connectString());
    connect(m_recipeRunner.get(), &RecipeRunner::stepFinished, this, [this](int step, const QString &outcome) {
        const RecipeStep &done = m_recipeRunner->recipe().steps[std::size_t(step)];
        m_recipeCaption = done.caption.text(QLocale()) + QLatin1Char('\n') + outcome;
        m_details->setText(m_recipeRunner->log().join(QLatin1Char('\n')));
        if (!m_recipeRunner->error().isEmpty())
            Q_EMIT statusMessage(tr("The recipe stopped: %1").arg(m_recipeRunner->error()));
        m_recipeNext->setEnabled(!m_recipeRunner->isFinished() && m_recipeRunner->error().isEmpty());
        feedChanged();
    });
    m_recipeCaption = recipe.summary.text(QLocale());
    m_recipeNext->setEnabled(true);
    feedChanged();
    return true;
}

void EnsembleStudio::recipeStep()
{
    if (m_recipeRunner)
        m_recipeRunner->runNextStep();
}

void EnsembleStudio::attachLiveEnsemble(::zooscope::ensemble::LocalEnsemble *ensemble)
{
    m_liveEnsemble = ensemble;
    m_recipeRunner.reset();
    m_recipeCaption.clear();
    delete m_live;
    m_live = new LiveEnsembleFeed(ensemble, this);
    connect(m_live, &EnsembleFeed::problem, this, &EnsembleStudio::statusMessage);
    connect(m_live, &EnsembleFeed::notice, this, &EnsembleStudio::statusMessage);
    m_timeline->pauseClock();
    setFeed(m_live);
}

void EnsembleStudio::showSimulation()
{
    if (m_feed != m_timeline)
        setFeed(m_timeline);
}

bool EnsembleStudio::isLive() const
{
    return m_feed && m_feed == m_live;
}

void EnsembleStudio::setFeed(EnsembleFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    m_view->setFeed(feed);
    m_election->setFeed(feed);
    m_broadcast->setFeed(feed);
    m_invariants->setFeed(feed);
    m_faults->setFeed(feed);
    m_timelineControls->setVisible(feed == m_timeline);
    m_recipeBar->setVisible(feed && feed == m_live && !m_recipeFiles.isEmpty());
    if (m_feed)
        connect(m_feed, &EnsembleFeed::stateChanged, this, &EnsembleStudio::feedChanged);
    feedChanged();
}

void EnsembleStudio::feedChanged()
{
    if (!m_feed)
        return;
    m_view->setCaption(isLive() ? m_recipeCaption : m_feed->caption());
    if (m_feed == m_timeline && m_chapterList->count() > 0) {
        const int step = m_timeline->currentStep();
        if (step >= 0 && step < m_chapterList->count() && m_chapterList->currentRow() != step) {
            const QSignalBlocker blocker(m_chapterList);
            m_chapterList->setCurrentRow(step);
        }
    }
}

void EnsembleStudio::refreshChapters()
{
    const QSignalBlocker blocker(m_chapterList);
    m_chapterList->clear();
    const Scenario &scenario = m_timeline->scenario();
    for (std::size_t i = 0; i < scenario.steps.size(); ++i)
        m_chapterList->addItem(tr("%1. %2").arg(i + 1).arg(scenario.steps[i].caption.text(QLocale())));
    for (int row = 0; row < m_chapterList->count(); ++row)
        m_chapterList->item(row)->setToolTip(m_chapterList->item(row)->text());
}

void EnsembleStudio::memberSelected(ServerId sid)
{
    m_election->showMember(sid);
    m_broadcast->showMember(sid);
    m_faults->selectMember(sid);
}

void EnsembleStudio::setPresenterMode(bool presenter)
{
    if (presenter == m_presenter)
        return;
    m_presenter = presenter;
    {
        const QSignalBlocker blocker(m_presenterButton);
        m_presenterButton->setChecked(presenter);
    }
    m_view->setPresenterMode(presenter);
    m_sourceBar->setVisible(!presenter);
    m_tabs->setVisible(!presenter);
    m_details->setVisible(!presenter);
    m_chapterList->setVisible(presenter && m_chapterList->count() > 0);
    QFont large = font();
    if (presenter)
        large.setPointSizeF(font().pointSizeF() * 1.6);
    m_timelineControls->setFont(presenter ? large : QFont());
    m_chapterList->setFont(presenter ? large : QFont());
    m_invariants->setFont(presenter ? large : QFont());
    if (presenter && m_chapterList->isVisible())
        m_splitter->setSizes({width() / 4, width() - width() / 4, 0});
    else if (!presenter)
        m_splitter->setSizes({0, width() * 56 / 100, width() * 44 / 100});
    feedChanged();
    setFocus();
    Q_EMIT presenterModeChanged(presenter);
}

bool EnsembleStudio::exportTrace(const QString &path) const
{
    if (!m_feed)
        return false;
    QJsonObject metadata;
    metadata.insert(QStringLiteral("source"), isLive() ? QStringLiteral("live") : QStringLiteral("simulator"));
    if (!isLive()) {
        metadata.insert(QStringLiteral("scenario"), m_timeline->scenario().id);
        metadata.insert(QStringLiteral("seed"), qint64(m_timeline->scenario().seed));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(traceToJson(m_feed->events(), metadata));
    return file.commit();
}

QImage EnsembleStudio::renderImage()
{
    return grab().toImage();
}

bool EnsembleStudio::exportPng(const QString &path)
{
    return renderImage().save(path, "PNG");
}

void EnsembleStudio::chooseExportTrace()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export trace"), QStringLiteral("zooscope-trace.json"), tr("JSON files (*.json)"));
    if (path.isEmpty())
        return;
    Q_EMIT statusMessage(exportTrace(path) ? tr("Trace written to %1").arg(path) : tr("Could not write %1").arg(path));
}

void EnsembleStudio::chooseExportPng()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export PNG"), QStringLiteral("zooscope-ensemble.png"), tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    Q_EMIT statusMessage(exportPng(path) ? tr("Image written to %1").arg(path) : tr("Could not write %1").arg(path));
}

} // namespace zooscope::ui::ensemble
