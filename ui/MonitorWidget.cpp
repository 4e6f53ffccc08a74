#include "MonitorWidget.h"

#include "client/FourLetterWord.h"

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QDateTime>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QScrollArea>
#include <QValueAxis>
#include <QVBoxLayout>

namespace zooscope::ui {

namespace {
constexpr int DefaultPollIntervalMs = 2000;
}

MonitorWidget::MonitorWidget(const QString &connectString, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("monitor"));
    if (const auto parsed = client::ConnectString::parse(connectString))
        m_servers = parsed->servers();
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("monitorStatusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *grid = new QGridLayout;
    int position = 0;
    for (const MonitoredMetric &metric : monitoredMetrics()) {
        Chart chart;
        chart.key = QString::fromLatin1(metric.key);
        chart.chart = new QChart;
        chart.chart->legend()->setAlignment(Qt::AlignBottom);
        chart.chart->setMargins(QMargins(2, 2, 2, 2));
        chart.timeAxis = new QValueAxis(chart.chart);
        chart.timeAxis->setLabelFormat(QStringLiteral("%d"));
        chart.valueAxis = new QValueAxis(chart.chart);
        chart.valueAxis->setLabelFormat(QStringLiteral("%g"));
        chart.chart->addAxis(chart.timeAxis, Qt::AlignBottom);
        chart.chart->addAxis(chart.valueAxis, Qt::AlignLeft);
        auto *view = new QChartView(chart.chart, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(140);
        grid->addWidget(view, position / 3, position % 3);
        m_views.append(view);
        m_charts.append(chart);
        ++position;
    }
    // The charts scroll: the monitor never forces its height on the rest of the window.
    auto *chartsPane = new QWidget(this);
    chartsPane->setLayout(grid);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(chartsPane);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_statusLabel);
    layout->addWidget(scroll, 1);

    m_timer.setInterval(DefaultPollIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &MonitorWidget::pollNow);
    m_startMs = QDateTime::currentMSecsSinceEpoch();
    retranslateUi();
}

void MonitorWidget::setPollInterval(int milliseconds)
{
    m_timer.setInterval(milliseconds);
}

void MonitorWidget::start()
{
    m_wantRunning = true;
    if (!m_timer.isActive()) {
        m_timer.start();
        pollNow();
    }
}

void MonitorWidget::stop()
{
    m_wantRunning = false;
    m_timer.stop();
}

void MonitorWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    start(); // polls only while someone looks
}

void MonitorWidget::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}

void MonitorWidget::pollNow()
{
    for (const client::ServerAddress &address : std::as_const(m_servers)) {
        const QString server = address.toString();
        client::fourLetterWord(address.host, address.port, "mntr", this,
                               [this, server](const client::FourLetterWordReply &reply) {
                                   onReply(server, reply.output, reply.error);
                               });
    }
}

QLineSeries *MonitorWidget::seriesFor(Chart &chart, const QString &server)
{
    QLineSeries *series = chart.seriesByServer.value(server);
    if (series)
        return series;
    series = new QLineSeries(chart.chart);
    series->setName(server);
    chart.chart->addSeries(series);
    series->attachAxis(chart.timeAxis);
    series->attachAxis(chart.valueAxis);
    chart.seriesByServer.insert(server, series);
    return series;
}

void MonitorWidget::onReply(const QString &server, const QByteArray &output, const QString &error)
{
    if (!error.isEmpty()) {
        m_errors.insert(server, error);
        m_latest.remove(server);
        updateStatus();
        Q_EMIT polled(server);
        return;
    }
    m_errors.remove(server);
    const MntrReport report = MntrReport::parse(output);
    m_latest.insert(server, report);
    if (!report.notWhitelisted) {
        const double seconds = (QDateTime::currentMSecsSinceEpoch() - m_startMs) / 1000.0;
        for (Chart &chart : m_charts) {
            const auto value = report.number(chart.key);
            if (!value)
                continue;
            QLineSeries *series = seriesFor(chart, server);
            series->append(seconds, *value);
            if (series->count() > MaxPoints)
                series->removePoints(0, series->count() - MaxPoints);
            // Axes follow the data of every server in this chart.
            double minimumTime = seconds, maximumValue = 1;
            for (QLineSeries *each : std::as_const(chart.seriesByServer)) {
                if (each->count() > 0)
                    minimumTime = std::min(minimumTime, each->at(0).x());
                for (const QPointF &point : each->points())
                    maximumValue = std::max(maximumValue, point.y());
            }
            chart.timeAxis->setRange(minimumTime, std::max(seconds, minimumTime + 1));
            chart.valueAxis->setRange(0, maximumValue * 1.1);
        }
    }
    updateStatus();
    Q_EMIT polled(server);
}

int MonitorWidget::pointCount(const QString &metricKey, const QString &server) const
{
    for (const Chart &chart : m_charts) {
        if (chart.key == metricKey) {
            const QLineSeries *series = chart.seriesByServer.value(server);
            return series ? int(series->count()) : 0;
        }
    }
    return 0;
}

QString MonitorWidget::statusText() const
{
    return m_statusLabel->text();
}

void MonitorWidget::updateStatus()
{
    QStringList lines;
    for (const client::ServerAddress &address : std::as_const(m_servers)) {
        const QString server = address.toString();
        if (m_errors.contains(server)) {
            lines.append(tr("%1: unreachable (%2)").arg(server, m_errors.value(server)));
        } else if (m_latest.contains(server)) {
            const MntrReport &report = m_latest[server];
            if (report.notWhitelisted)
                lines.append(tr("%1: mntr is not in the server's four-letter-word whitelist; add it with "
                                "4lw.commands.whitelist=mntr,srvr,ruok in zoo.cfg to see figures.")
                                 .arg(server));
            else
                lines.append(tr("%1: %2").arg(server, report.role().isEmpty() ? tr("unknown role") : report.role()));
        } else {
            lines.append(tr("%1: waiting for mntr...").arg(server));
        }
    }
    m_statusLabel->setText(lines.join(u'\n'));
}

void MonitorWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void MonitorWidget::retranslateUi()
{
    for (int i = 0; i < m_charts.size(); ++i) {
        m_charts[i].chart->setTitle(QCoreApplication::translate("MonitorWidget", monitoredMetrics().at(i).title));
        m_charts[i].timeAxis->setTitleText(tr("seconds"));
    }
    updateStatus();
}

} // namespace zooscope::ui
