#pragma once
// The classroom clock's controls: step one event, step to the next phase, step back, play/pause at
// a chosen speed, scrub along the computed timeline (rewind), chapters (the scenario's steps) and
// the current caption. Faults injected while scrubbed back fork a new future (see FaultControls).

#include "SimulationTimeline.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace zooscope::ui::ensemble {

class TimelineControls : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineControls(QWidget *parent = nullptr);
    void setTimeline(SimulationTimeline *timeline);
    SimulationTimeline *timeline() const { return m_timeline; }
    QString captionText() const;
    QString positionText() const;

public Q_SLOTS:
    void nextChapter();
    void previousChapter();
    void togglePlay();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void refresh();
    void refreshChapters();

    QPointer<SimulationTimeline> m_timeline;
    QPushButton *m_back = nullptr;
    QPushButton *m_step = nullptr;
    QPushButton *m_phase = nullptr;
    QPushButton *m_play = nullptr;
    QPushButton *m_rewind = nullptr;
    QSpinBox *m_speed = nullptr;
    QSlider *m_scrub = nullptr;
    QLabel *m_position = nullptr;
    QComboBox *m_chapters = nullptr;
    QLabel *m_caption = nullptr;
    bool m_updating = false;
};

} // namespace zooscope::ui::ensemble
