#include "ZxidProgressChart.h"

#include <QChart>
#include <QEvent>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace zooscope::ui::ensemble {

namespace {

// Every frame re-strokes each line: 7 members x 1,000 points keeps that within a frame's budget.
constexpr qsizetype MaxPointsPerMember = 1000;
constexpr qint64 MinRedrawMs = 100;

} // namespace

ZxidProgressChart::ZxidProgressChart(QWidget *parent)
    : QChartView(parent)
{
    m_drawLater.setSingleShot(true);
    connect(&m_drawLater, &QTimer::timeout, this, &ZxidProgressChart::drawPending);
    auto *chart = new QChart();
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_timeAxis = new QValueAxis(chart);
    m_timeAxis->setLabelFormat(QStringLiteral("%d"));
    m_countAxis = new QValueAxis(chart);
    m_countAxis->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_countAxis, Qt::AlignLeft);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
    retranslate();
}

void ZxidProgressChart::retranslate()
{
    chart()->setTitle(tr("Committed transactions per member"));
    m_timeAxis->setTitleText(tr("Time (ms)"));
    m_countAxis->setTitleText(tr("Committed, in zxid order"));
    // Qt Charts elides a vertical axis title to a few characters in a narrow dock: the chart's
    // title says the same, and the axis title becomes the view's tooltip.
    m_countAxis->setTitleVisible(false);
    setToolTip(m_countAxis->titleText());
    for (auto &[sid, series] : m_series)
        series->setName(tr("Member %1").arg(sid));
}

void ZxidProgressChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QChartView::changeEvent(event);
}

void ZxidProgressChart::setFeed(EnsembleFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    if (m_feed)
        connect(m_feed, &EnsembleFeed::stateChanged, this, &ZxidProgressChart::refresh);
    rebuild();
}

int ZxidProgressChart::pointCount(ServerId sid) const
{
    const auto found = m_series.find(sid);
    const auto pending = m_pending.find(sid);
    const qsizetype count = (found == m_series.end() ? 0 : found->second->count()) + (pending == m_pending.end() ? 0 : pending->second.size());
    return int(std::min(count, MaxPointsPerMember));
}

QLineSeries *ZxidProgressChart::seriesFor(ServerId sid)
{
    auto found = m_series.find(sid);
    if (found != m_series.end())
        return found->second;
    auto *series = new QLineSeries(this);
    series->setName(tr("Member %1").arg(sid));
    chart()->addSeries(series);
    series->attachAxis(m_timeAxis);
    series->attachAxis(m_countAxis);
    return m_series.emplace(sid, series).first->second;
}

void ZxidProgressChart::addPoint(ServerId sid, qint64 timeMs, Zxid zxid)
{
    auto position = std::lower_bound(m_seenZxids.begin(), m_seenZxids.end(), zxid);
    if (position == m_seenZxids.end() || *position != zxid)
        position = m_seenZxids.insert(position, zxid);
    const double rank = double(std::distance(m_seenZxids.begin(), position) + 1);
    m_pending[sid].append(QPointF(double(timeMs), rank));
    m_maxTime = std::max(m_maxTime, double(timeMs));
    m_maxCount = std::max(m_maxCount, rank);
}

void ZxidProgressChart::rebuild()
{
    for (auto &[sid, series] : m_series)
        series->clear();
    m_pending.clear();
    m_seenZxids.clear();
    m_maxTime = 1;
    m_maxCount = 1;
    m_processedEnd = m_feed ? m_feed->firstEventNumber() : 0;
    refresh();
}

void ZxidProgressChart::refresh()
{
    if (!m_feed)
        return;
    const qint64 end = m_feed->eventNumberEnd();
    if (end < m_processedEnd || m_processedEnd < m_feed->firstEventNumber()) {
        // Scrubbed back (or the live feed dropped old events): start over from what is kept.
        for (auto &[sid, series] : m_series)
            series->clear();
        m_pending.clear();
        m_seenZxids.clear();
        m_maxTime = 1;
        m_maxCount = 1;
        m_processedEnd = m_feed->firstEventNumber();
    }
    for (qint64 number = m_processedEnd; number < end; ++number) {
        const quorum::TraceEvent &event = m_feed->eventAt(number);
        if (event.kind == quorum::TraceKind::Committed)
            addPoint(event.member, event.timeMs, event.zxid);
        else if (event.kind == quorum::TraceKind::SyncModeChosen && event.state != ServerState::Leading &&
                 (event.details == QLatin1String("TRUNC") || event.details == QLatin1String("SNAP")))
            addPoint(event.member, event.timeMs, event.zxid);
    }
    m_processedEnd = end;
    // Re-stroking seven long lines costs a frame's budget: under load the chart redraws ~10 times a second.
    if (!m_lastDrawn.isValid() || m_lastDrawn.elapsed() >= MinRedrawMs)
        drawPending();
    else if (!m_drawLater.isActive())
        m_drawLater.start(int(MinRedrawMs - m_lastDrawn.elapsed()));
}

void ZxidProgressChart::drawPending()
{
    m_drawLater.stop();
    m_lastDrawn.start();
    for (auto &[sid, points] : m_pending) {
        QLineSeries *series = seriesFor(sid);
        // One replace() per frame: append() and removePoints() re-stroke the whole line for every
        // point, which took the UI thread's every millisecond at 2,000 writes/s.
        QList<QPointF> all = series->points();
        all.append(points);
        if (all.size() > MaxPointsPerMember)
            all.remove(0, all.size() - MaxPointsPerMember);
        series->replace(all);
    }
    m_pending.clear();
    m_timeAxis->setRange(0, m_maxTime);
    m_countAxis->setRange(0, m_maxCount + 1);
}

} // namespace zooscope::ui::ensemble
