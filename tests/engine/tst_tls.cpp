// TLS of the secure client port and of the client library: key and trust stores as zoo.cfg names
// them (errors naming key and file), certificate subjects printed as Java does (the x509 ids), and
// real handshakes between ZooKeeperClient and TcpServerDriver over loopback, with certificates
// made by openssl when the test starts.

#include "TestCertificates.h"
#include "TestJavaStores.h"
#include "client/ClientTls.h"
#include "client/ZooKeeperClient.h"
#include "quorum/QuorumTransport.h"
#include "server/JavaKeyStore.h"
#include "server/Pkcs12Certificates.h"
#include "server/TcpServerDriver.h"
#include "server/TlsStores.h"
#include "server/X500Name.h"

#include <QFile>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace zooscope;
using zooscope::testing::TestCertificates;
using zooscope::testing::TestJavaStores;

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
        QVERIFY2(TestJavaStores::create(m_certificates, &error), qPrintable(error));
        // Damaged copies: cut in half, and one byte changed inside the protected key.
        const QByteArray jks = readFile(QStringLiteral("server.jks"));
        const QByteArray p12 = readFile(QStringLiteral("trust-keytool.p12"));
        QVERIFY(jks.size() > 1000 && p12.size() > 500);
        QByteArray corrupt = jks;
        corrupt[200] = char(corrupt[200] ^ 0x01);
        writeFile(QStringLiteral("truncated.jks"), jks.first(jks.size() / 2));
        writeFile(QStringLiteral("corrupt.jks"), corrupt);
        writeFile(QStringLiteral("garbage.jks"), QByteArray("not a key store at all\n"));
        writeFile(QStringLiteral("truncated.p12"), p12.first(p12.size() / 2));
        const QList<QSslCertificate> ca = QSslCertificate::fromPath(m_certificates.path(QStringLiteral("ca.crt")));
        QCOMPARE(ca.size(), 1);
        writeFile(QStringLiteral("ca.der"), ca.first().toDer());
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
        QTest::newRow("BCFKS refused") << "server.bcfks"
                                       << ""
                                       << "" << ca << tls12 << QStringList{"ssl.keyStore.type", "BCFKS"};
        const QString jks = QLatin1String(TestJavaStores::StorePassword);
        QTest::newRow("JKS key store with CA chain") << "server.jks"
                                                     << "" << jks << ca << tls12 << QStringList{};
        QTest::newRow("JKS RSA key by keytool") << "server-rsa.jks"
                                                << "" << jks << ca << tls12 << QStringList{};
        QTest::newRow("JKS EC key by keytool") << "server-ec.jks"
                                               << "JKS" << jks << ca << tls12 << QStringList{};
        QTest::newRow("type JKS, PKCS12 bytes (Java reads both)")
            << "server.p12"
            << "JKS" << TestCertificates::P12Password << ca << tls12 << QStringList{};
        QTest::newRow("JKS wrong password")
            << "server.jks"
            << ""
            << "wrong-secret" << ca << tls12 << QStringList{"ssl.keyStore.password", "server.jks"};
        QTest::newRow("JKS key password differs")
            << "server-keypass.jks"
            << "" << jks << ca << tls12 << QStringList{"ssl.keyStore.password", "server-keypass.jks", "'server'"};
        QTest::newRow("JKS truncated") << "truncated.jks"
                                       << "" << jks << ca << tls12
                                       << QStringList{"ssl.keyStore.location", "truncated.jks", "truncated"};
        QTest::newRow("JKS one byte changed")
            << "corrupt.jks"
            << "" << jks << ca << tls12 << QStringList{"ssl.keyStore.location", "corrupt.jks"};
        QTest::newRow("JKS name, not a store")
            << "garbage.jks"
            << "" << jks << ca << tls12 << QStringList{"ssl.keyStore.location", "garbage.jks", "neither"};
        QTest::newRow("JCEKS bytes refused") << "trust.jceks"
                                             << "JKS" << jks << ca << tls12 << QStringList{"JCEKS", "trust.jceks"};
        QTest::newRow("JKS without key entry")
            << "trust.jks"
            << "" << jks << ca << tls12 << QStringList{"No private key entry", "ssl.keyStore.location", "trust.jks"};
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

    void trustStores_data()
    {
        QTest::addColumn<QString>("trustStore");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QStringList>("errorMentions"); // empty: the store loads and holds the test CA

        const QString jks = QLatin1String(TestJavaStores::StorePassword);
        QTest::newRow("JKS trusted certificate") << "trust.jks"
                                                 << "" << jks << QStringList{};
        QTest::newRow("JKS without password (not checked, as Java)") << "trust.jks"
                                                                     << "JKS"
                                                                     << "" << QStringList{};
        QTest::newRow("PKCS12 certificates only, keytool") << "trust-keytool.p12"
                                                           << "" << jks << QStringList{};
        QTest::newRow("PKCS12 certificates only, openssl -nokeys") << "trust-openssl.p12"
                                                                   << "PKCS12" << jks << QStringList{};
        QTest::newRow("type JKS, keytool PKCS12 bytes") << "trust-keytool.p12"
                                                        << "JKS" << jks << QStringList{};
        QTest::newRow("PKCS12 with a key and the CA") << "server.p12"
                                                      << "" << TestCertificates::P12Password << QStringList{};
        QTest::newRow("JKS wrong password") << "trust.jks"
                                            << ""
                                            << "wrong-secret" << QStringList{"ssl.trustStore.password", "trust.jks"};
        QTest::newRow("PKCS12 wrong password")
            << "trust-keytool.p12"
            << ""
            << "wrong-secret" << QStringList{"ssl.trustStore.password", "trust-keytool.p12"};
        QTest::newRow("JKS of a key only")
            << "server.jks"
            << "" << jks << QStringList{"No trusted certificate", "ssl.trustStore.location", "server.jks"};
        QTest::newRow("PKCS12 truncated") << "truncated.p12"
                                          << "" << jks << QStringList{"ssl.trustStore.location", "truncated.p12"};
        QTest::newRow("JKS truncated") << "truncated.jks"
                                       << "" << jks
                                       << QStringList{"ssl.trustStore.location", "truncated.jks", "truncated"};
        QTest::newRow("JCEKS bytes") << "trust.jceks"
                                     << "JKS" << jks << QStringList{"JCEKS", "trust.jceks"};
        QTest::newRow("JCEKS type") << "trust.jceks"
                                    << "JCEKS" << jks << QStringList{"ssl.trustStore.type", "JCEKS"};
    }
    void trustStores()
    {
        QFETCH(QString, trustStore);
        QFETCH(QString, type);
        QFETCH(QString, password);
        QFETCH(QStringList, errorMentions);
        server::TlsStoreSettings store;
        store.location = m_certificates.path(trustStore);
        store.type = type;
        store.password = password;
        QString error;
        const auto certificates = server::loadTrustStore(store, QStringLiteral("ssl.trustStore"), &error);
        if (errorMentions.isEmpty()) {
            QVERIFY2(certificates, qPrintable(error));
            const QList<QSslCertificate> ca = QSslCertificate::fromPath(m_certificates.path(QStringLiteral("ca.crt")));
            QCOMPARE(ca.size(), 1);
            QVERIFY2(certificates->contains(ca.first()), "the test CA must be among the trusted certificates");
            return;
        }
        QVERIFY2(!certificates, "the trust store must be refused");
        for (const QString &mention : errorMentions)
            QVERIFY2(error.contains(mention), qPrintable(QStringLiteral("'%1' must mention '%2'").arg(error, mention)));
    }

    // The sans-IO reader: every prefix and every single changed byte of real stores is refused
    // without a crash, and the whole store gives its entries.
    void javaKeyStoreRefusesDamage_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("decryptKeys");
        QTest::addColumn<int>("keys");
        QTest::addColumn<int>("chainLength");
        QTest::addColumn<int>("trusted");
        QTest::newRow("key store with chain") << "server.jks" << true << 1 << 2 << 0;
        QTest::newRow("EC key store") << "server-ec.jks" << true << 1 << 1 << 0;
        QTest::newRow("trust store") << "trust.jks" << false << 0 << 0 << 1;
    }
    void javaKeyStoreRefusesDamage()
    {
        QFETCH(QString, file);
        QFETCH(bool, decryptKeys);
        QFETCH(int, keys);
        QFETCH(int, chainLength);
        QFETCH(int, trusted);
        const QByteArray bytes = readFile(file);
        const QString password = QLatin1String(TestJavaStores::StorePassword);
        const server::JavaKeyStoreResult whole = server::parseJavaKeyStore(bytes, password, decryptKeys);
        QVERIFY2(whole.store, qPrintable(whole.detail));
        QCOMPARE(int(whole.store->keys.size()), keys);
        QCOMPARE(int(whole.store->trustedCertificates.size()), trusted);
        if (keys > 0) {
            QCOMPARE(whole.store->keys.front().certificateChain.size(), chainLength);
            QVERIFY2(whole.store->keys.front().privateKeyInfo.startsWith('\x30'), "PKCS#8 is a DER SEQUENCE");
        }
        for (qsizetype length = 0; length < bytes.size(); ++length) {
            const server::JavaKeyStoreResult cut = server::parseJavaKeyStore(bytes.first(length), password, true);
            QVERIFY2(!cut.store && cut.error != server::JavaKeyStoreError::None,
                     qPrintable(QStringLiteral("a store cut to %1 bytes must be refused").arg(length)));
        }
        for (qsizetype position = 0; position < bytes.size(); ++position) {
            QByteArray changed = bytes;
            changed[position] = char(changed[position] ^ 0x40);
            const server::JavaKeyStoreResult damaged = server::parseJavaKeyStore(changed, password, true);
            QVERIFY2(!damaged.store, qPrintable(QStringLiteral("a change at byte %1 must be refused").arg(position)));
        }
        const server::JavaKeyStoreResult wrong = server::parseJavaKeyStore(bytes, QStringLiteral("wrong"), true);
        QCOMPARE(wrong.error, server::JavaKeyStoreError::WrongPassword);
    }

    // The libcrypto reader: no prefix of a keytool trust store reads, and a changed byte never yields
    // other certificates (the MAC or the DER structure catches it).
    void pkcs12ReaderRefusesDamage()
    {
        const QByteArray bytes = readFile(QStringLiteral("trust-keytool.p12"));
        const QString password = QLatin1String(TestJavaStores::StorePassword);
        const server::Pkcs12Certificates whole = server::readPkcs12Certificates(bytes, password);
        QCOMPARE(whole.error, server::Pkcs12Error::None);
        QCOMPARE(whole.certificates.size(), 1);
        for (qsizetype length = 0; length < bytes.size(); ++length) {
            const server::Pkcs12Certificates cut = server::readPkcs12Certificates(bytes.first(length), password);
            QVERIFY2(cut.error != server::Pkcs12Error::None && cut.certificates.isEmpty(),
                     qPrintable(QStringLiteral("a store cut to %1 bytes must be refused").arg(length)));
        }
        for (qsizetype position = 0; position < bytes.size(); position += 5) {
            QByteArray changed = bytes;
            changed[position] = char(changed[position] ^ 0x40);
            const server::Pkcs12Certificates damaged = server::readPkcs12Certificates(changed, password);
            if (damaged.error == server::Pkcs12Error::None)
                QVERIFY2(
                    damaged.certificates == whole.certificates,
                    qPrintable(QStringLiteral("a change at byte %1 must not give other certificates").arg(position)));
        }
        QCOMPARE(server::readPkcs12Certificates(bytes, QStringLiteral("wrong")).error,
                 server::Pkcs12Error::WrongPassword);
    }

    // Java stores on a real secure port with ssl.clientAuth=need: the client's certificate must be
    // verified by the trust store, and one from another CA refused.
    void handshakesWithJavaStores_data()
    {
        QTest::addColumn<QString>("keyStore");
        QTest::addColumn<QString>("trustStore");
        QTest::addColumn<QString>("clientCertificate");
        QTest::addColumn<QString>("clientCa"); // the client's CA file: PEM, or a trust store (password StorePassword)
        QTest::addColumn<bool>("connects");
        QTest::newRow("JKS key store, keytool PKCS12 trust store") << "server.jks"
                                                                   << "trust-keytool.p12"
                                                                   << "client"
                                                                   << "ca.crt" << true;
        QTest::newRow("PKCS12 key store, JKS trust store") << "server.p12"
                                                           << "trust.jks"
                                                           << "client"
                                                           << "ca.crt" << true;
        QTest::newRow("openssl -nokeys trust store") << "server.jks"
                                                     << "trust-openssl.p12"
                                                     << "client"
                                                     << "ca.crt" << true;
        QTest::newRow("client trusts the server by a JKS store") << "server.jks"
                                                                 << "trust-keytool.p12"
                                                                 << "client"
                                                                 << "trust.jks" << true;
        QTest::newRow("client trusts the server by a keytool PKCS12") << "server.jks"
                                                                      << "trust.jks"
                                                                      << "client"
                                                                      << "trust-keytool.p12" << true;
        QTest::newRow("untrusted client refused") << "server.jks"
                                                  << "trust-keytool.p12"
                                                  << "rogue"
                                                  << "ca.crt" << false;
    }
    void handshakesWithJavaStores()
    {
        QFETCH(QString, keyStore);
        QFETCH(QString, trustStore);
        QFETCH(QString, clientCertificate);
        QFETCH(QString, clientCa);
        QFETCH(bool, connects);
        server::ServerConfig config;
        config.tickTimeMs = 200;
        config.clientPort = -1;
        config.secureClientPort = 0;
        config.secureClientPortAddress = QStringLiteral("127.0.0.1");
        config.tls.keyStore.location = m_certificates.path(keyStore);
        config.tls.keyStore.password = keyStore.endsWith(QLatin1String(".p12"))
                                           ? QLatin1String(TestCertificates::P12Password)
                                           : QLatin1String(TestJavaStores::StorePassword);
        config.tls.trustStore.location = m_certificates.path(trustStore);
        config.tls.trustStore.password = QLatin1String(TestJavaStores::StorePassword);
        config.tls.clientAuth = server::TlsClientAuth::Need;
        server::TcpServerDriver driver(config);
        QVERIFY2(driver.listen(), qPrintable(driver.errorString()));

        client::ClientOptions options;
        options.sessionTimeoutMs = 4000;
        options.connectTimeoutMs = 3000;
        options.tls.enabled = true;
        options.tls.caCertificateFile = m_certificates.path(clientCa);
        options.tls.caStorePassword = QLatin1String(TestJavaStores::StorePassword);
        options.tls.clientCertificateFile = m_certificates.path(clientCertificate + QStringLiteral(".crt"));
        options.tls.clientKeyFile = m_certificates.path(clientCertificate + QStringLiteral(".key"));
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
        QCOMPARE(reported, QString::fromLatin1(TestCertificates::ClientId));
        client.close();
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

    // The client library takes the CA from PEM, DER or a Java trust store; errors name file and password.
    void clientCaFiles_data()
    {
        QTest::addColumn<QString>("caFile");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QStringList>("errorMentions"); // empty: the test CA is trusted
        const QString jks = QLatin1String(TestJavaStores::StorePassword);
        QTest::newRow("PEM") << "ca.crt"
                             << "" << QStringList{};
        QTest::newRow("DER") << "ca.der"
                             << "" << QStringList{};
        QTest::newRow("JKS, password") << "trust.jks" << jks << QStringList{};
        QTest::newRow("JKS, no password") << "trust.jks"
                                          << "" << QStringList{};
        QTest::newRow("keytool PKCS12") << "trust-keytool.p12" << jks << QStringList{};
        QTest::newRow("openssl PKCS12") << "trust-openssl.p12" << jks << QStringList{};
        QTest::newRow("JKS, wrong password")
            << "trust.jks"
            << "wrong-secret" << QStringList{"trust.jks", "zookeeper.ssl.trustStore.password"};
        QTest::newRow("PKCS12, no password") << "trust-keytool.p12"
                                             << "" << QStringList{"trust-keytool.p12", "password"};
        QTest::newRow("JKS truncated") << "truncated.jks" << jks << QStringList{"truncated.jks", "truncated"};
        QTest::newRow("text") << "garbage.jks" << jks << QStringList{"garbage.jks"};
    }
    void clientCaFiles()
    {
        QFETCH(QString, caFile);
        QFETCH(QString, password);
        QFETCH(QStringList, errorMentions);
        client::ClientTlsOptions options;
        options.enabled = true;
        options.caCertificateFile = m_certificates.path(caFile);
        options.caStorePassword = password;
        QString error;
        const auto configuration = client::clientTlsConfiguration(options, &error);
        if (errorMentions.isEmpty()) {
            QVERIFY2(configuration, qPrintable(error));
            const QList<QSslCertificate> ca = QSslCertificate::fromPath(m_certificates.path(QStringLiteral("ca.crt")));
            QCOMPARE(configuration->caCertificates(), ca);
            return;
        }
        QVERIFY2(!configuration, "the CA file must be refused");
        for (const QString &mention : errorMentions)
            QVERIFY2(error.contains(mention), qPrintable(QStringLiteral("'%1' must mention '%2'").arg(error, mention)));
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
    QByteArray readFile(const QString &name) const
    {
        QFile file(m_certificates.path(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    void writeFile(const QString &name, const QByteArray &bytes) const
    {
        QFile file(m_certificates.path(name));
        QVERIFY2(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size(), qPrintable(name));
    }

    TestCertificates m_certificates;
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
