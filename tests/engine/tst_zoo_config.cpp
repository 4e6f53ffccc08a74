// zoo.cfg parsing: Apache ZooKeeper's keys, defaults, and errors that name the key and value.

#include "node/ZooConfig.h"

#include <QTest>

using namespace zooscope::node;

class TestZooConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsZooKeeperKeys()
    {
        const auto result = parseZooConfig("# comment\n"
                                           "tickTime=200\n"
                                           "dataDir=/tmp/zk\n"
                                           "clientPort = 2182\n"
                                           "clientPortAddress=127.0.0.1\n"
                                           "4lw.commands.whitelist=ruok, srvr\n"
                                           "extendedTypesEnabled=true\n"
                                           "enforceQuota=true\n"
                                           "server.1=127.0.0.1:2888:3888\n"
                                           "server.2=127.0.0.1:2889:3889:observer;2183\n");
        QVERIFY2(result.config, qPrintable(result.error));
        const ZooConfig &config = *result.config;
        QCOMPARE(config.server.tickTimeMs, 200);
        QCOMPARE(config.server.clientPort, 2182);
        QCOMPARE(config.server.effectiveMinSessionTimeout(), 400);
        QCOMPARE(config.server.effectiveMaxSessionTimeout(), 4000);
        QVERIFY(config.server.isFourLetterWordAllowed("srvr"));
        QVERIFY(!config.server.isFourLetterWordAllowed("dump"));
        QVERIFY(config.server.extendedTypesEnabled);
        QVERIFY(config.server.enforceQuota);
        QCOMPARE(config.servers.size(), 2);
        QVERIFY(config.servers[1].observer);
        QCOMPARE(config.servers[1].electionPort, 3889);
        QVERIFY(config.warnings.isEmpty());
    }

    void usesZooKeeperDefaults()
    {
        const auto result = parseZooConfig("dataDir=/tmp/zk\n");
        QVERIFY(result.config);
        QCOMPARE(result.config->server.tickTimeMs, 2000);
        QCOMPARE(result.config->server.clientPort, 2181);
        QCOMPARE(result.config->server.maxClientConnectionsPerHost, 60);
        QCOMPARE(result.config->server.juteMaxBuffer, 0xfffff);
        QCOMPARE(result.config->snapCount, 100000);
        QVERIFY(result.config->server.isFourLetterWordAllowed("srvr"));
        QVERIFY(!result.config->server.isFourLetterWordAllowed("ruok"));
    }

    void warnsAboutUnknownKeys()
    {
        const auto result = parseZooConfig("dataDir=/tmp/zk\nnoSuchKey=1\n");
        QVERIFY(result.config);
        QCOMPARE(result.config->warnings.size(), 1);
        QVERIFY(result.config->warnings.first().contains(QStringLiteral("noSuchKey")));
    }

    void rejectsInvalidValues_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("mentioned");
        QTest::newRow("tickTime not a number") << QByteArray("dataDir=/d\ntickTime=fast\n") << QStringLiteral("tickTime");
        QTest::newRow("port out of range") << QByteArray("dataDir=/d\nclientPort=70000\n") << QStringLiteral("70000");
        QTest::newRow("bad boolean") << QByteArray("dataDir=/d\nextendedTypesEnabled=maybe\n") << QStringLiteral("maybe");
        QTest::newRow("bad enforceQuota") << QByteArray("dataDir=/d\nenforceQuota=sometimes\n")
                                          << QStringLiteral("enforceQuota");
        QTest::newRow("bad server line") << QByteArray("dataDir=/d\nserver.1=host:1\n") << QStringLiteral("server.1");
        QTest::newRow("no dataDir") << QByteArray("tickTime=2000\n") << QStringLiteral("dataDir");
        QTest::newRow("bad address") << QByteArray("dataDir=/d\nclientPortAddress=300.1.1.1\n") << QStringLiteral("300.1.1.1");
    }
    void rejectsInvalidValues()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QString, mentioned);
        const auto result = parseZooConfig(contents);
        QVERIFY2(!result.config, "an invalid configuration must not load");
        QVERIFY2(result.error.contains(mentioned),
                 qPrintable(QStringLiteral("the error '%1' must name '%2'").arg(result.error, mentioned)));
    }
};

QTEST_GUILESS_MAIN(TestZooConfig)
#include "tst_zoo_config.moc"
