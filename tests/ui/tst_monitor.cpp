// The monitor: mntr parsing, charts filling from zooscope-server and Apache ZooKeeper 3.8, and the
// clear message when a server does not whitelist mntr.

#include "MntrReport.h"
#include "MonitorWidget.h"
#include "TestServers.h"
#include "UiTestSupport.h"

using namespace zooscope;
using namespace zooscope::testing;
using namespace zooscope::ui;

class TestMonitor : public QObject
{
    Q_OBJECT

private:
    TestServers m_servers{QStringLiteral(ZOOSCOPE_SERVER_BINARY)};

private Q_SLOTS:
    void initTestCase() { m_servers.startAll(); }
    void cleanupTestCase() { m_servers.stopAll(); }

    void parse_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<bool>("notWhitelisted");
        QTest::addColumn<QString>("role");
        QTest::addColumn<double>("znodes");
        QTest::newRow("standalone") << QByteArray("zk_version\t3.8.0\nzk_server_state\tstandalone\nzk_znode_count\t5\n")
                                    << false << QStringLiteral("standalone") << 5.0;
        QTest::newRow("refused") << QByteArray("mntr is not executed because it is not in the whitelist.\n") << true
                                 << QString() << -1.0;
    }

    void parse()
    {
        QFETCH(QByteArray, output);
        QFETCH(bool, notWhitelisted);
        QFETCH(QString, role);
        QFETCH(double, znodes);
        const MntrReport report = MntrReport::parse(output);
        QCOMPARE(report.notWhitelisted, notWhitelisted);
        QCOMPARE(report.role(), role);
        QCOMPARE(report.number("zk_znode_count").value_or(-1.0), znodes);
    }

    void chartsFill_data()
    {
        TestServers::addServerRows();
    }

    void chartsFill()
    {
        QFETCH(QString, server);
        const QString problem = m_servers.unavailableReason(server);
        if (!problem.isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 server unavailable: %2").arg(server, problem)));
        const QString address = m_servers.server(server).connectString();
        MonitorWidget monitor(address);
        monitor.setPollInterval(100);
        monitor.start();
        for (const MonitoredMetric &metric : monitoredMetrics()) {
            QTRY_VERIFY2_WITH_TIMEOUT(monitor.pointCount(metric.key, address) >= 2,
                                      qPrintable(QStringLiteral("%1 must be charted; status: %2")
                                                     .arg(metric.key, monitor.statusText())),
                                      ReplyTimeoutMs);
        }
        QCOMPARE(monitor.latestReports().value(address).role(), QStringLiteral("standalone"));
        QVERIFY2(monitor.statusText().contains("standalone"), qPrintable(monitor.statusText()));
        monitor.stop();
    }

    void explainsAMissingWhitelistEntry_data() { chartsFill_data(); }

    void explainsAMissingWhitelistEntry()
    {
        QFETCH(QString, server);
        ServerProcess restricted(server, QStringLiteral(ZOOSCOPE_SERVER_BINARY));
        restricted.setFourLetterWordWhitelist(QStringLiteral("srvr,ruok"));
        QString problem = restricted.unavailableReason();
        if (problem.isEmpty() && restricted.start(&problem))
            restricted.waitUntilReady(60000, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        MonitorWidget monitor(restricted.connectString());
        monitor.setPollInterval(200);
        monitor.start();
        QTRY_VERIFY2_WITH_TIMEOUT(monitor.statusText().contains("whitelist"),
                                  qPrintable("expected a whitelist explanation, got: " + monitor.statusText()),
                                  ReplyTimeoutMs);
        QCOMPARE(monitor.pointCount("zk_znode_count", restricted.connectString()), 0);
        monitor.stop();
        restricted.stop();
    }
};

QTEST_MAIN(TestMonitor)
#include "tst_monitor.moc"
