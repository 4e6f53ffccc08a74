#include "TimelineControls.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

namespace zooscope::ui::ensemble {

TimelineControls::TimelineControls(QWidget *parent)
    : QWidget(parent)
    , m_back(new QPushButton(this))
    , m_step(new QPushButton(this))
    , m_phase(new QPushButton(this))
    , m_play(new QPushButton(this))
    , m_rewind(new QPushButton(this))
    , m_speed(new QSpinBox(this))
    , m_scrub(new QSlider(Qt::Horizontal, this))
    , m_position(new QLabel(this))
    , m_chapters(new QComboBox(this))
    , m_caption(new QLabel(this))
{
    m_speed->setRange(1, 5000);
    m_speed->setValue(20);
    retranslate();
    m_caption->setWordWrap(true);
    m_caption->setTextFormat(Qt::PlainText);

    auto *buttons = new QHBoxLayout();
    for (QWidget *widget : std::initializer_list<QWidget *>{m_rewind, m_back, m_step, m_phase, m_play, m_speed})
        buttons->addWidget(widget);
    buttons->addWidget(m_chapters, 1);
    auto *scrubRow = new QHBoxLayout();
    scrubRow->addWidget(m_scrub, 1);
    scrubRow->addWidget(m_position);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addLayout(scrubRow);
    layout->addWidget(m_caption);
    setEnabled(false);

    // The buttons act on whichever timeline is set.
    const auto onTimeline = [this](void (SimulationTimeline::*action)()) {
        return [this, action] {
            if (m_timeline)
                (m_timeline->*action)();
        };
    };
    connect(m_back, &QPushButton::clicked, this, onTimeline(&SimulationTimeline::stepBack));
    connect(m_step, &QPushButton::clicked, this, onTimeline(&SimulationTimeline::stepEvent));
    connect(m_phase, &QPushButton::clicked, this, onTimeline(&SimulationTimeline::stepPhase));
    connect(m_rewind, &QPushButton::clicked, this, onTimeline(&SimulationTimeline::restartFromBeginning));
    connect(m_play, &QPushButton::clicked, this, &TimelineControls::togglePlay);
    connect(m_speed, &QSpinBox::valueChanged, this, [this](int value) {
        if (m_timeline)
            m_timeline->setEventsPerSecond(value);
    });
    connect(m_scrub, &QSlider::valueChanged, this, [this](int value) {
        if (!m_updating && m_timeline)
            m_timeline->setPosition(value);
    });
    connect(m_chapters, &QComboBox::activated, this, [this](int index) {
        if (m_timeline)
            m_timeline->goToStep(index);
    });
}

void TimelineControls::retranslate()
{
    m_back->setText(tr("\u25C0 Back"));
    m_step->setText(tr("Step \u25B6"));
    m_phase->setText(tr("Next phase \u00BB"));
    m_rewind->setText(tr("Rewind"));
    m_play->setText(m_timeline && m_timeline->isPlaying() ? tr("Pause") : tr("Play"));
    m_back->setToolTip(tr("One event back (Left)"));
    m_step->setToolTip(tr("One event forward (Right)"));
    m_phase->setToolTip(tr("Forward to the next milestone: an election decided, a leader established, a sync, a commit, a fault (Shift+Right)"));
    m_play->setToolTip(tr("Play or pause (Space)"));
    m_rewind->setToolTip(tr("Back to the start (Home)"));
    m_speed->setSuffix(tr(" events/s"));
    m_speed->setToolTip(tr("Playing speed"));
    m_scrub->setToolTip(tr("Scrub along the timeline; a fault injected in the past forks a new future"));
    m_chapters->setToolTip(tr("Chapters: the scenario's steps (Page Up / Page Down)"));
    refreshChapters();
    refresh();
}

void TimelineControls::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TimelineControls::setTimeline(SimulationTimeline *timeline)
{
    if (m_timeline)
        disconnect(m_timeline, nullptr, this, nullptr);
    m_timeline = timeline;
    setEnabled(m_timeline != nullptr);
    if (!m_timeline)
        return;
    connect(m_timeline, &SimulationTimeline::stateChanged, this, &TimelineControls::refresh);
    connect(m_timeline, &SimulationTimeline::lengthChanged, this, &TimelineControls::refresh);
    connect(m_timeline, &SimulationTimeline::playingChanged, this, &TimelineControls::refresh);
    m_timeline->setEventsPerSecond(m_speed->value());
    refreshChapters();
    refresh();
}

void TimelineControls::refreshChapters()
{
    m_chapters->clear();
    if (!m_timeline)
        return;
    const Scenario &scenario = m_timeline->scenario();
    for (std::size_t i = 0; i < scenario.steps.size(); ++i) {
        QString text = scenario.steps[i].caption.text(QLocale());
        if (text.size() > 60)
            text = text.left(57) + QStringLiteral("...");
        m_chapters->addItem(tr("%1. %2").arg(i + 1).arg(text));
    }
    m_chapters->setVisible(!scenario.steps.empty());
}

void TimelineControls::refresh()
{
    if (!m_timeline)
        return;
    if (m_chapters->count() != int(m_timeline->scenario().steps.size()))
        refreshChapters();
    m_updating = true;
    m_scrub->setRange(0, int(std::min<qint64>(m_timeline->knownLength(), std::numeric_limits<int>::max())));
    m_scrub->setValue(int(m_timeline->position()));
    const int step = m_timeline->currentStep();
    if (step >= 0 && step < m_chapters->count())
        m_chapters->setCurrentIndex(step);
    m_updating = false;
    m_play->setText(m_timeline->isPlaying() ? tr("Pause") : tr("Play"));
    m_position->setText(positionText());
    QString caption = m_timeline->caption();
    if (!m_timeline->scriptError().isEmpty())
        caption += QLatin1Char('\n') + tr("Script stopped: %1").arg(m_timeline->scriptError());
    m_caption->setText(caption);
}

QString TimelineControls::captionText() const
{
    return m_caption->text();
}

QString TimelineControls::positionText() const
{
    if (!m_timeline)
        return {};
    return tr("event %1 of %2 \u00B7 %3 ms")
        .arg(m_timeline->position())
        .arg(m_timeline->knownLength())
        .arg(m_timeline->state().nowMs());
}

void TimelineControls::nextChapter()
{
    if (m_timeline && m_timeline->currentStep() + 1 < int(m_timeline->scenario().steps.size()))
        m_timeline->goToStep(m_timeline->currentStep() + 1);
}

void TimelineControls::previousChapter()
{
    if (m_timeline && m_timeline->currentStep() > 0)
        m_timeline->goToStep(m_timeline->currentStep() - 1);
}

void TimelineControls::togglePlay()
{
    if (!m_timeline)
        return;
    if (m_timeline->isPlaying())
        m_timeline->pauseClock();
    else
        m_timeline->play();
}

} // namespace zooscope::ui::ensemble
