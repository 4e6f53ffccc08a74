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

    void readsTlsKeys()
    {
        const auto result = parseZooConfig("dataDir=/tmp/zk\n"
                                           "clientPort=2181\n"
                                           "secureClientPort=2281\n"
                                           "secureClientPortAddress=127.0.0.1\n"
                                           "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory\n"
                                           "ssl.keyStore.location=/etc/zk/server.p12\n"
                                           "ssl.keyStore.password=secret\n"
                                           "ssl.keyStore.type=pkcs12\n"
                                           "ssl.trustStore.location=/etc/zk/ca.pem\n"
                                           "ssl.trustStore.type=PEM\n"
                                           "ssl.clientAuth=want\n"
                                           "ssl.enabledProtocols=TLSv1.2,TLSv1.3\n"
                                           "ssl.ciphersuites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
                                           "ssl.hostnameVerification=false\n"
                                           "X509AuthenticationProvider.superUser=CN=root,O=Example\n");
        QVERIFY2(result.config, qPrintable(result.error));
        const zooscope::server::ServerConfig &server = result.config->server;
        QCOMPARE(server.clientPort, 2181);
        QCOMPARE(server.secureClientPort, 2281);
        QCOMPARE(server.secureClientPortAddress, QStringLiteral("127.0.0.1"));
        QCOMPARE(server.tls.keyStore.location, QStringLiteral("/etc/zk/server.p12"));
        QCOMPARE(server.tls.keyStore.password, QStringLiteral("secret"));
        QCOMPARE(server.tls.keyStore.type, QStringLiteral("PKCS12"));
        QCOMPARE(server.tls.trustStore.location, QStringLiteral("/etc/zk/ca.pem"));
        QCOMPARE(server.tls.trustStore.type, QStringLiteral("PEM"));
        QCOMPARE(server.tls.clientAuth, zooscope::server::TlsClientAuth::Want);
        QCOMPARE(server.tls.enabledProtocols, (QStringList{"TLSv1.2", "TLSv1.3"}));
        QCOMPARE(server.tls.cipherSuites, QStringList{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
        QVERIFY(!server.tls.hostnameVerification);
        QCOMPARE(server.x509SuperUser, QByteArray("CN=root,O=Example"));
        QVERIFY2(result.config->warnings.isEmpty(), qPrintable(result.config->warnings.join('\n')));
    }

    // ZooKeeper's docs use JKS stores; the type is accepted in any case and kept upper-case.
    void readsJavaStoreTypes()
    {
        const auto result = parseZooConfig("dataDir=/tmp/zk\n"
                                           "ssl.keyStore.location=/etc/zk/server.jks\n"
                                           "ssl.keyStore.type=jks\n"
                                           "ssl.trustStore.location=/etc/zk/truststore.p12\n"
                                           "ssl.trustStore.type=PKCS12\n"
                                           "ssl.quorum.keyStore.location=/etc/zk/member.jks\n"
                                           "ssl.quorum.keyStore.type=JKS\n");
        QVERIFY2(result.config, qPrintable(result.error));
        QCOMPARE(result.config->server.tls.keyStore.type, QStringLiteral("JKS"));
        QCOMPARE(result.config->server.tls.trustStore.type, QStringLiteral("PKCS12"));
        QCOMPARE(result.config->quorumTls.keyStore.type, QStringLiteral("JKS"));
    }

    void tlsPorts_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<int>("clientPort");
        QTest::addColumn<int>("secureClientPort");
        QTest::addColumn<int>("clientAuth");
        QTest::newRow("plain only (defaults)") << QByteArray("dataDir=/d\n") << 2181 << -1 << int(zooscope::server::TlsClientAuth::Need);
        QTest::newRow("secure only") << QByteArray("dataDir=/d\nsecureClientPort=2281\n") << -1 << 2281
                                     << int(zooscope::server::TlsClientAuth::Need);
        QTest::newRow("both") << QByteArray("dataDir=/d\nclientPort=2182\nsecureClientPort=2281\n") << 2182 << 2281
                              << int(zooscope::server::TlsClientAuth::Need);
        QTest::newRow("clientAuth none, any case") << QByteArray("dataDir=/d\nsecureClientPort=1\nssl.clientAuth=NoNe\n")
                                                   << -1 << 1 << int(zooscope::server::TlsClientAuth::None);
    }
    void tlsPorts()
    {
        QFETCH(QByteArray, contents);
        QFETCH(int, clientPort);
        QFETCH(int, secureClientPort);
        QFETCH(int, clientAuth);
        const auto result = parseZooConfig(contents);
        QVERIFY2(result.config, qPrintable(result.error));
        QCOMPARE(result.config->server.clientPort, clientPort);
        QCOMPARE(result.config->server.secureClientPort, secureClientPort);
        QCOMPARE(int(result.config->server.tls.clientAuth), clientAuth);
    }

    void warnsAboutUnsupportedTlsKeys()
    {
        const auto result = parseZooConfig("dataDir=/d\nssl.crl=true\nssl.quorum.ocsp=true\n");
        QVERIFY2(result.config, qPrintable(result.error));
        QCOMPARE(result.config->warnings.size(), 2);
        QVERIFY(result.config->warnings.first().contains(QStringLiteral("ssl.crl")));
        QVERIFY(result.config->warnings.last().contains(QStringLiteral("ssl.quorum.ocsp")));
    }

    void readsQuorumTlsKeys()
    {
        const auto result = parseZooConfig("dataDir=/d\nsslQuorum=true\n"
                                           "ssl.quorum.keyStore.location=/q/member.pem\n"
                                           "ssl.quorum.trustStore.location=/q/ca.pem\n"
                                           "ssl.quorum.trustStore.type=PEM\n"
                                           "ssl.quorum.hostnameVerification=false\n"
                                           "ssl.keyStore.location=/c/server.pem\n");
        QVERIFY2(result.config, qPrintable(result.error));
        QVERIFY(result.config->sslQuorum);
        QCOMPARE(result.config->quorumTls.keyStore.location, QStringLiteral("/q/member.pem"));
        QCOMPARE(result.config->quorumTls.trustStore.location, QStringLiteral("/q/ca.pem"));
        QCOMPARE(result.config->quorumTls.trustStore.type, QStringLiteral("PEM"));
        QVERIFY(!result.config->quorumTls.hostnameVerification);
        QCOMPARE(result.config->server.tls.keyStore.location, QStringLiteral("/c/server.pem"));
        QVERIFY2(result.config->server.tls.hostnameVerification, "ssl.quorum.* must not change ssl.*");
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
        QTest::newRow("secure port out of range") << QByteArray("dataDir=/d\nsecureClientPort=65536\n")
                                                  << QStringLiteral("secureClientPort");
        QTest::newRow("secure address without port") << QByteArray("dataDir=/d\nsecureClientPortAddress=127.0.0.1\n")
                                                     << QStringLiteral("secureClientPort is not set");
        QTest::newRow("bad secure address") << QByteArray("dataDir=/d\nsecureClientPort=1\nsecureClientPortAddress=nowhere\n")
                                            << QStringLiteral("nowhere");
        QTest::newRow("bad clientAuth") << QByteArray("dataDir=/d\nssl.clientAuth=maybe\n") << QStringLiteral("ssl.clientAuth");
        QTest::newRow("BCFKS key store") << QByteArray("dataDir=/d\nssl.keyStore.type=BCFKS\n")
                                         << QStringLiteral("ssl.keyStore.type");
        QTest::newRow("JCEKS trust store") << QByteArray("dataDir=/d\nssl.trustStore.type=jceks\n")
                                           << QStringLiteral("ssl.trustStore.type");
        QTest::newRow("unknown trust store type") << QByteArray("dataDir=/d\nssl.trustStore.type=CMS\n")
                                                  << QStringLiteral("ssl.trustStore.type");
        QTest::newRow("old protocol") << QByteArray("dataDir=/d\nssl.protocol=SSLv3\n") << QStringLiteral("ssl.protocol");
        QTest::newRow("bad enabled protocols") << QByteArray("dataDir=/d\nssl.enabledProtocols=TLSv1.2,TLSv1.1\n")
                                               << QStringLiteral("ssl.enabledProtocols");
        QTest::newRow("bad hostname verification") << QByteArray("dataDir=/d\nssl.hostnameVerification=perhaps\n")
                                                   << QStringLiteral("ssl.hostnameVerification");
        QTest::newRow("unreadable password file") << QByteArray("dataDir=/d\nssl.keyStore.passwordPath=/nonexistent/pw\n")
                                                  << QStringLiteral("/nonexistent/pw");
        QTest::newRow("sslQuorum without key store") << QByteArray("dataDir=/d\nsslQuorum=true\n")
                                                     << QStringLiteral("ssl.quorum.keyStore.location");
        QTest::newRow("bad sslQuorum") << QByteArray("dataDir=/d\nsslQuorum=maybe\n") << QStringLiteral("sslQuorum");
        QTest::newRow("bad quorum clientAuth") << QByteArray("dataDir=/d\nssl.quorum.clientAuth=x\n")
                                               << QStringLiteral("ssl.quorum.clientAuth");
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
