#pragma once
// How far each member has committed over time (Qt Charts): one line per member, its committed
// transactions in zxid order against the trace's clock. Built incrementally from the feed's events,
// and rebuilt when the timeline is scrubbed back, so it always ends at the shown position.

#include "EnsembleFeed.h"

#include <QChartView>
#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

#include <map>
#include <vector>

class QLineSeries;
class QValueAxis;

namespace zooscope::ui::ensemble {

class ZxidProgressChart : public QChartView
{
    Q_OBJECT

public:
    explicit ZxidProgressChart(QWidget *parent = nullptr);
    void setFeed(EnsembleFeed *feed);
    int pointCount(ServerId sid) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void refresh();
    void rebuild();
    void drawPending(); // hands the gathered points to the series (at most ~10 times a second)
    QLineSeries *seriesFor(ServerId sid);
    void addPoint(ServerId sid, qint64 timeMs, Zxid zxid);

    QPointer<EnsembleFeed> m_feed;
    std::map<ServerId, QLineSeries *> m_series;
    std::map<ServerId, QList<QPointF>> m_pending; // points gathered since the series were last drawn
    QElapsedTimer m_lastDrawn;
    QTimer m_drawLater;
    std::vector<Zxid> m_seenZxids; // sorted; zxids mostly arrive in order, so appending is the norm
    qint64 m_processedEnd = 0;
    QValueAxis *m_timeAxis = nullptr;
    QValueAxis *m_countAxis = nullptr;
    double m_maxTime = 1;
    double m_maxCount = 1;
};

} // namespace zooscope::ui::ensemble
