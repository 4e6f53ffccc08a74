// TLS of the secure client port and of the client library: key and trust stores as zoo.cfg names
// them (errors naming key and file), certificate subjects printed as Java does (the x509 ids), and
// real handshakes between ZooKeeperClient and TcpServerDriver over loopback, with certificates
// made by openssl when the test starts.

#include "TestCertificates.h"
#include "client/ZooKeeperClient.h"
#include "quorum/QuorumTransport.h"
#include "server/TcpServerDriver.h"
#include "server/TlsStores.h"
#include "server/X500Name.h"

#include <QFile>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace zooscope;
using zooscope::testing::TestCertificates;

namespace {

server::TlsSettings pemSettings(const TestCertificates &certificates)
{
    server::TlsSettings settings;
    settings.keyStore.location = certificates.path(QStringLiteral("server.pem"));
    settings.trustStore.location = certificates.path(QStringLiteral("ca.crt"));
    settings.trustStore.type = QStringLiteral("PEM");
    return settings;
}

} // namespace

class TestTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_certificates.create(&error), qPrintable(error));
    }

    void subjectIsPrintedAsJavaDoes_data()
    {
        QTest::addColumn<QString>("certificate");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("email as OID and hex") << "client.crt" << QByteArray(TestCertificates::ClientId);
        QTest::newRow("escaped characters") << "other.crt" << QByteArray(TestCertificates::OtherId);
        QTest::newRow("server") << "server.crt" << QByteArray("CN=localhost,O=ZooScope Tests");
    }
    void subjectIsPrintedAsJavaDoes()
    {
        QFETCH(QString, certificate);
        QFETCH(QByteArray, expected);
        const QList<QSslCertificate> loaded = QSslCertificate::fromPath(m_certificates.path(certificate));
        QCOMPARE(loaded.size(), 1);
        const auto subject = server::rfc2253SubjectOfCertificate(loaded.first().toDer());
        QVERIFY2(subject, "a well-formed certificate must have a subject");
        QCOMPARE(*subject, expected);
    }

    void malformedDerHasNoSubject()
    {
        QVERIFY(!server::rfc2253SubjectOfCertificate(QByteArray()));
        QVERIFY(!server::rfc2253SubjectOfCertificate(QByteArray("\x30\x82\xff\xff", 4)));
        QVERIFY(!server::rfc2253SubjectOfCertificate(QByteArray("\x30\x03\x30\x01\x02", 5)));
    }

    void serverStores_data()
    {
        QTest::addColumn<QString>("keyStore");
        QTest::addColumn<QString>("keyStoreType");
        QTest::addColumn<QString>("keyStorePassword");
        QTest::addColumn<QString>("trustStore");
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<QStringList>("errorMentions"); // empty: the configuration loads

        const QString ca = QStringLiteral("ca.crt");
        const QString tls12 = QStringLiteral("TLSv1.2");
        QTest::newRow("PEM key store") << "server.pem"
                                       << ""
                                       << "" << ca << tls12 << QStringList{};
        QTest::newRow("PKCS12 key store") << "server.p12"
                                          << "" << TestCertificates::P12Password << ca << tls12 << QStringList{};
        QTest::newRow("encrypted PEM key") << "server-encrypted.pem"
                                           << "PEM" << TestCertificates::PemPassword << ca << tls12 << QStringList{};
        QTest::newRow("TLS 1.3") << "server.pem"
                                 << ""
                                 << "" << ca << "TLSv1.3" << QStringList{};
        QTest::newRow("PKCS12 wrong password")
            << "server.p12"
            << ""
            << "wrong" << ca << tls12 << QStringList{"ssl.keyStore.password", "server.p12"};
        QTest::newRow("encrypted PEM wrong password")
            << "server-encrypted.pem"
            << ""
            << "wrong" << ca << tls12 << QStringList{"ssl.keyStore.password", "server-encrypted.pem"};
        QTest::newRow("missing key store") << "absent.pem"
                                           << ""
                                           << "" << ca << tls12 << QStringList{"ssl.keyStore.location", "absent.pem"};
        QTest::newRow("certificate without key") << "ca.crt"
                                                 << "PEM"
                                                 << "" << ca << tls12 << QStringList{"ssl.keyStore.location", "ca.crt"};
        QTest::newRow("JKS refused") << "server.jks"
                                     << ""
                                     << "" << ca << tls12 << QStringList{"ssl.keyStore.type", "JKS"};
        QTest::newRow("type not guessable") << "server.key"
                                            << ""
                                            << "" << ca << tls12 << QStringList{"ssl.keyStore.type", "server.key"};
        QTest::newRow("missing trust store")
            << "server.pem"
            << ""
            << ""
            << "absent-ca.pem" << tls12 << QStringList{"ssl.trustStore.location", "absent-ca.pem"};
        QTest::newRow("old protocol") << "server.pem"
                                      << ""
                                      << "" << ca << "TLSv1" << QStringList{"ssl.protocol", "TLSv1"};
    }
    void serverStores()
    {
        QFETCH(QString, keyStore);
        QFETCH(QString, keyStoreType);
        QFETCH(QString, keyStorePassword);
        QFETCH(QString, trustStore);
        QFETCH(QString, protocol);
        QFETCH(QStringList, errorMentions);
        server::TlsSettings settings = pemSettings(m_certificates);
        settings.keyStore.location = m_certificates.path(keyStore);
        settings.keyStore.type = keyStoreType;
        settings.keyStore.password = keyStorePassword;
        settings.trustStore.location = m_certificates.path(trustStore);
        settings.protocol = protocol;
        QString error;
        const auto configuration = server::serverTlsConfiguration(settings, &error);
        if (errorMentions.isEmpty()) {
            QVERIFY2(configuration, qPrintable(error));
            QVERIFY(!configuration->privateKey().isNull());
            QCOMPARE(configuration->localCertificate().subjectInfo(QSslCertificate::CommonName),
                     QStringList{QStringLiteral("localhost")});
            QCOMPARE(configuration->peerVerifyMode(), QSslSocket::VerifyPeer);
            return;
        }
        QVERIFY2(!configuration, "the store must be refused");
        for (const QString &mention : errorMentions)
            QVERIFY2(error.contains(mention), qPrintable(QStringLiteral("'%1' must mention '%2'").arg(error, mention)));
    }

    void handshakes_data()
    {
        QTest::addColumn<server::TlsClientAuth>("clientAuth");
        QTest::addColumn<bool>("clientUsesTls");
        QTest::addColumn<QString>("caFile");
        QTest::addColumn<QString>("certificateFile");
        QTest::addColumn<QString>("keyFile");
        QTest::addColumn<bool>("connects");
        QTest::addColumn<QString>("x509Id"); // what whoAmI reports for scheme x509; empty: no such identity

        using Auth = server::TlsClientAuth;
        QTest::newRow("client certificate") << Auth::Need << true << "ca.crt"
                                            << "client.crt"
                                            << "client.key" << true << QString::fromLatin1(TestCertificates::ClientId);
        QTest::newRow("certificate and key in one file")
            << Auth::Need << true << "ca.crt"
            << "other.pem"
            << "" << true << QString::fromLatin1(TestCertificates::OtherId);
        QTest::newRow("need without certificate") << Auth::Need << true << "ca.crt"
                                                  << ""
                                                  << "" << false << "";
        QTest::newRow("want without certificate") << Auth::Want << true << "ca.crt"
                                                  << ""
                                                  << "" << true << "";
        QTest::newRow("want with untrusted certificate") << Auth::Want << true << "ca.crt"
                                                         << "rogue.crt"
                                                         << "rogue.key" << false << "";
        QTest::newRow("none ignores the certificate") << Auth::None << true << "ca.crt"
                                                      << "client.crt"
                                                      << "client.key" << true << "";
        QTest::newRow("untrusted server") << Auth::None << true << "rogue-ca.crt"
                                          << ""
                                          << "" << false << "";
        QTest::newRow("plain client on the TLS port") << Auth::None << false << ""
                                                      << ""
                                                      << "" << false << "";
    }
    void handshakes()
    {
        QFETCH(server::TlsClientAuth, clientAuth);
        QFETCH(bool, clientUsesTls);
        QFETCH(QString, caFile);
        QFETCH(QString, certificateFile);
        QFETCH(QString, keyFile);
        QFETCH(bool, connects);
        QFETCH(QString, x509Id);

        server::ServerConfig config;
        config.tickTimeMs = 200;
        config.clientPort = -1;
        config.secureClientPort = 0;
        config.secureClientPortAddress = QStringLiteral("127.0.0.1");
        config.tls = pemSettings(m_certificates);
        config.tls.clientAuth = clientAuth;
        server::TcpServerDriver driver(config);
        QVERIFY2(driver.listen(), qPrintable(driver.errorString()));
        QCOMPARE(driver.port(), quint16(0));
        QVERIFY(driver.securePort() != 0);

        client::ClientOptions options;
        options.sessionTimeoutMs = 4000;
        options.connectTimeoutMs = 3000;
        options.tls.enabled = clientUsesTls;
        auto path = [this](const QString &name) { return name.isEmpty() ? QString() : m_certificates.path(name); };
        options.tls.caCertificateFile = path(caFile);
        options.tls.clientCertificateFile = path(certificateFile);
        options.tls.clientKeyFile = path(keyFile);
        client::ZooKeeperClient client;
        QVERIFY2(client.open(QStringLiteral("127.0.0.1:%1").arg(driver.securePort()), options),
                 qPrintable(client.errorString()));
        if (!connects) {
            QTRY_VERIFY_WITH_TIMEOUT(!client.errorString().isEmpty(), 10000);
            QVERIFY2(!client.isConnected(), "the handshake must fail");
            QCOMPARE(driver.service().connectionCount(), 0);
            return;
        }
        QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 10000);
        std::optional<std::vector<client::ClientIdentity>> identities;
        client.whoAmI([&identities](const client::Result<std::vector<client::ClientIdentity>> &result) {
            identities = result.value;
        });
        QTRY_VERIFY(identities.has_value());
        QString reported;
        for (const client::ClientIdentity &identity : *identities) {
            if (identity.scheme == QLatin1String("x509"))
                reported = identity.user;
        }
        QCOMPARE(reported, x509Id);
        client.close();
    }

    void clientFileErrorsNameTheFile_data()
    {
        QTest::addColumn<QString>("caFile");
        QTest::addColumn<QString>("certificateFile");
        QTest::addColumn<QString>("keyFile");
        QTest::addColumn<QString>("mentioned");
        QTest::newRow("missing CA") << "absent.crt"
                                    << ""
                                    << ""
                                    << "absent.crt";
        QTest::newRow("CA not PEM") << "client.ext"
                                    << ""
                                    << ""
                                    << "client.ext";
        QTest::newRow("key without certificate") << "ca.crt"
                                                 << ""
                                                 << "client.key"
                                                 << "client.key";
        QTest::newRow("certificate without key") << "ca.crt"
                                                 << "client.crt"
                                                 << ""
                                                 << "client.crt";
    }
    void clientFileErrorsNameTheFile()
    {
        QFETCH(QString, caFile);
        QFETCH(QString, certificateFile);
        QFETCH(QString, keyFile);
        QFETCH(QString, mentioned);
        auto path = [this](const QString &name) { return name.isEmpty() ? QString() : m_certificates.path(name); };
        client::ClientOptions options;
        options.tls.enabled = true;
        options.tls.caCertificateFile = path(caFile);
        options.tls.clientCertificateFile = path(certificateFile);
        options.tls.clientKeyFile = path(keyFile);
        client::ZooKeeperClient client;
        QVERIFY2(!client.open(QStringLiteral("127.0.0.1:1"), options), "unusable TLS files must fail open()");
        QVERIFY2(client.errorString().contains(mentioned), qPrintable(client.errorString()));
        QCOMPARE(client.state(), client::ZooKeeperClient::State::Closed);
    }

    // sslQuorum: two members link over TLS, each presenting and checking a member certificate.
    void quorumLinkOverTls()
    {
        server::TlsSettings settings;
        settings.keyStore.location = m_certificates.path(QStringLiteral("member.pem"));
        settings.trustStore.location = m_certificates.path(QStringLiteral("ca.crt"));
        settings.trustStore.type = QStringLiteral("PEM");
        QString error;
        const auto tls = server::serverTlsConfiguration(settings, &error, QStringLiteral("ssl.quorum"));
        QVERIFY2(tls, qPrintable(error));
        auto freePort = [] {
            QTcpServer probe;
            return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : quint16(0);
        };
        const std::map<quorum::ServerId, quorum::PeerAddress> peers{{1, {QStringLiteral("127.0.0.1"), freePort()}},
                                                                    {2, {QStringLiteral("127.0.0.1"), freePort()}}};
        std::map<quorum::ServerId, std::unique_ptr<quorum::QuorumTransport>> members;
        std::vector<std::pair<quorum::ServerId, quorum::Notification>> receivedByLow;
        for (const quorum::ServerId sid : {quorum::ServerId(1), quorum::ServerId(2)}) {
            members[sid] = std::make_unique<quorum::QuorumTransport>(sid, peers);
            members[sid]->setTls(*tls, true);
            QVERIFY2(members[sid]->listen(QHostAddress::LocalHost, peers.at(sid).port),
                     qPrintable(members[sid]->errorString()));
        }
        connect(members[1].get(), &quorum::QuorumTransport::notificationReceived,
                [&receivedByLow](quorum::ServerId from, const quorum::Notification &notification) {
                    receivedByLow.emplace_back(from, notification);
                });
        for (auto &[sid, member] : members)
            member->start();
        quorum::Notification vote;
        vote.leader = 2;
        vote.zxid = 0x100000005;
        members[2]->sendNotification(1, vote);
        QTRY_COMPARE_WITH_TIMEOUT(receivedByLow.size(), size_t(1), 10000);
        QCOMPARE(receivedByLow.front().first, quorum::ServerId(2));
        QCOMPARE(receivedByLow.front().second.zxid, vote.zxid);
        QVERIFY(members[2]->isConnected(1));
    }

private:
    TestCertificates m_certificates;
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
