#include "InvariantPanel.h"

#include "EngineTexts.h"

#include <QEvent>

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>

namespace zooscope::ui::ensemble {

void InvariantPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        showStatuses(true);
    QWidget::changeEvent(event);
}

InvariantPanel::InvariantPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < InvariantCount; ++i) {
        auto *label = new QLabel(this);
        label->setWordWrap(true);
        label->setMargin(4);
        label->setAutoFillBackground(true);
        layout->addWidget(label, 1);
        m_labels.push_back(label);
    }
    showStatuses(true);
}

void InvariantPanel::setFeed(EnsembleFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    if (m_feed)
        connect(m_feed, &EnsembleFeed::stateChanged, this, &InvariantPanel::refresh);
    showStatuses(true);
}

bool InvariantPanel::allGreen() const
{
    return std::all_of(m_statuses.begin(), m_statuses.end(), [](const InvariantStatus &status) { return status.holds; });
}

QString InvariantPanel::monitorText(Invariant invariant) const
{
    return m_labels[std::size_t(invariant)]->text();
}

namespace {

bool sameStatus(const InvariantStatus &a, const InvariantStatus &b)
{
    return a.holds == b.holds && a.violationKind == b.violationKind && a.violationArguments == b.violationArguments &&
           a.violation == b.violation && a.offendingEvent == b.offendingEvent;
}

} // namespace

void InvariantPanel::refresh()
{
    showStatuses(false);
}

void InvariantPanel::showStatuses(bool evenIfSame)
{
    std::vector<InvariantStatus> statuses = m_feed ? m_feed->state().invariants().statuses() : InvariantMonitor().statuses();
    // Setting a style sheet re-polishes the label and relayouts the row: under write load this ran
    // 30 times a second for monitors that stay green.
    const bool same = statuses.size() == m_statuses.size() &&
                      std::equal(statuses.begin(), statuses.end(), m_statuses.begin(), sameStatus);
    if (same && !evenIfSame)
        return;
    m_statuses = std::move(statuses);
    for (const InvariantStatus &status : m_statuses) {
        QLabel *label = m_labels[std::size_t(status.invariant)];
        const QString title = invariantTitle(status.invariant);
        if (status.holds) {
            label->setText(tr("\u2714 %1").arg(title));
            label->setToolTip(tr("Holds so far."));
            label->setStyleSheet(QStringLiteral("background:#d7f2d7; color:#14501e; border-radius:4px;"));
        } else {
            label->setText(tr("\u2716 %1: %2 (event %3)").arg(title, invariantViolationDisplayText(status)).arg(status.offendingEvent));
            label->setToolTip(status.offendingEventText);
            label->setStyleSheet(QStringLiteral("background:#f6c9c9; color:#7a0b0b; border-radius:4px; font-weight:bold;"));
        }
    }
}

void InvariantPanel::mousePressEvent(QMouseEvent *event)
{
    for (const InvariantStatus &status : m_statuses) {
        if (!status.holds && m_labels[std::size_t(status.invariant)]->geometry().contains(event->position().toPoint())) {
            Q_EMIT offendingEventRequested(status.offendingEvent);
            return;
        }
    }
    QWidget::mousePressEvent(event);
}

} // namespace zooscope::ui::ensemble
