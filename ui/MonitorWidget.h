#pragma once
// The monitor of a connection: polls "mntr" on every server of the connect string (each on its own
// short connection, never blocking) and charts latency, outstanding requests, packets, znodes,
// watches and connections over time, with each server's role. Says clearly when a server does not
// whitelist mntr.

#include "MntrReport.h"

#include "client/ConnectString.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

class QLabel;

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace zooscope::ui {

class MonitorWidget : public QWidget
{
    Q_OBJECT

public:
    static constexpr int MaxPoints = 150; // 5 minutes at the default interval

    explicit MonitorWidget(const QString &connectString, QWidget *parent = nullptr);

    void setPollInterval(int milliseconds);
    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }
    // The latest report per server ("host:port"), for tests and the status line.
    QHash<QString, MntrReport> latestReports() const { return m_latest; }
    // Points charted so far for a metric and server.
    int pointCount(const QString &metricKey, const QString &server) const;
    QString statusText() const;

public Q_SLOTS:
    void pollNow();

Q_SIGNALS:
    void polled(const QString &server);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    struct Chart
    {
        QString key;
        QChart *chart = nullptr;
        QValueAxis *timeAxis = nullptr;
        QValueAxis *valueAxis = nullptr;
        QHash<QString, QLineSeries *> seriesByServer;
    };

    void retranslateUi();
    void onReply(const QString &server, const QByteArray &output, const QString &error);
    QLineSeries *seriesFor(Chart &chart, const QString &server);
    void updateStatus();

    QList<client::ServerAddress> m_servers;
    QTimer m_timer;
    qint64 m_startMs = 0;
    QList<Chart> m_charts;
    QList<QChartView *> m_views;
    QLabel *m_statusLabel = nullptr;
    QHash<QString, MntrReport> m_latest;
    QHash<QString, QString> m_errors;
    bool m_wantRunning = false;
};

} // namespace zooscope::ui
