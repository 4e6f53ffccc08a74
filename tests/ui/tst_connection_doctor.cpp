// The connection doctor step by step: healthy servers (zooscope-server and Apache ZooKeeper 3.8),
// a refused port, a name that does not resolve, a malformed connect string, a server that does not
// whitelist ruok, SASL DIGEST-MD5 logins (right and wrong password, a server without SASL), and the
// dialog that shows the steps. With TLS: the handshake step shows the server certificate, or names the
// failure (untrusted CA, host name, refused handshake, plain port), against an in-process TLS server with
// certificates made by openssl.

#include "ConnectionDialog.h"
#include "ConnectionDoctor.h"
#include "DoctorDialog.h"
#include "TestCertificates.h"
#include "TestServers.h"
#include "UiTestSupport.h"
#include "server/TcpServerDriver.h"

#include <QPushButton>
#include <QTreeWidget>

using namespace zooscope;
using namespace zooscope::testing;
using namespace zooscope::ui;
using Status = ConnectionDoctor::Status;

class TestConnectionDoctor : public QObject
{
    Q_OBJECT

private:
    TestServers m_servers{QStringLiteral(ZOOSCOPE_SERVER_BINARY)};
    QTemporaryDir m_settingsDir;
    TestCertificates m_certificates;

    static QString describe(const ConnectionDoctor &doctor)
    {
        QStringList lines;
        for (const ConnectionDoctor::Step &step : doctor.steps())
            lines.append(QStringLiteral("%1 [%2] %3").arg(step.title).arg(int(step.status)).arg(step.detail));
        return lines.join(u'\n');
    }

    // Runs the doctor; returns the steps' statuses in order.
    static QList<Status> diagnose(ConnectionDoctor &doctor)
    {
        doctor.start();
        (void)QTest::qWaitFor([&] { return doctor.isFinished(); }, 30000);
        QList<Status> statuses;
        for (const ConnectionDoctor::Step &step : doctor.steps())
            statuses.append(step.status);
        return statuses;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_settingsDir.isValid(), "a temporary settings directory is needed");
        isolateSettings(m_settingsDir);
        QString error;
        QVERIFY2(m_certificates.create(&error), qPrintable(error));
        m_servers.startAll();
    }

    void cleanupTestCase() { m_servers.stopAll(); }

    void healthyServers_data()
    {
        TestServers::addServerRows();
    }

    void healthyServers()
    {
        QFETCH(QString, server);
        const QString problem = m_servers.unavailableReason(server);
        if (!problem.isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 server unavailable: %2").arg(server, problem)));
        ConnectionDoctor doctor({.name = "ok", .connectString = m_servers.server(server).connectString(),
                                 .sessionTimeoutMs = 10000});
        const QList<Status> statuses = diagnose(doctor);
        // connect string, resolve, TCP, ruok, srvr, session
        QVERIFY2(statuses == QList<Status>(6, Status::Ok), qPrintable("every step must pass:\n" + describe(doctor)));
        QVERIFY2(doctor.steps().at(4).detail.contains("Mode: standalone"), qPrintable(describe(doctor)));
    }

    void explainsFailures_data()
    {
        QTest::addColumn<QString>("connectString");
        QTest::addColumn<int>("failingStep");
        QTest::addColumn<QString>("detailPart");
        QTest::newRow("malformed") << "127.0.0.1:notaport" << 0 << "not a valid connect string";
        QTest::newRow("unresolvable") << "no-such-host.invalid:2181" << 1 << "does not resolve";
        QTest::newRow("refused") << QStringLiteral("127.0.0.1:%1").arg(freePort()) << 2 << "refused";
    }

    void explainsFailures()
    {
        QFETCH(QString, connectString);
        QFETCH(int, failingStep);
        QFETCH(QString, detailPart);
        ConnectionDoctor doctor({.name = "broken", .connectString = connectString});
        const QList<Status> statuses = diagnose(doctor);
        QVERIFY2(doctor.isFinished(), qPrintable("the doctor must finish:\n" + describe(doctor)));
        QVERIFY2(statuses.size() > failingStep && statuses.at(failingStep) == Status::Failed,
                 qPrintable(QStringLiteral("step %1 must fail:\n%2").arg(failingStep).arg(describe(doctor))));
        QVERIFY2(doctor.steps().at(failingStep).detail.contains(detailPart, Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("expected '%1' in:\n%2").arg(detailPart, describe(doctor))));
        if (failingStep > 0)
            QVERIFY2(statuses.last() == Status::Skipped, qPrintable("no session attempt without a server:\n" + describe(doctor)));
    }

    void warnsAboutTheWhitelist()
    {
        ServerProcess restricted(QStringLiteral("zooscope"), QStringLiteral(ZOOSCOPE_SERVER_BINARY));
        restricted.setFourLetterWordWhitelist(QStringLiteral("srvr"));
        QString problem;
        if (restricted.start(&problem))
            restricted.waitUntilReady(30000, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        ConnectionDoctor doctor({.name = "restricted", .connectString = restricted.connectString(), .sessionTimeoutMs = 10000});
        const QList<Status> statuses = diagnose(doctor);
        QVERIFY2(statuses.size() == 6 && statuses.at(3) == Status::Warning && statuses.at(5) == Status::Ok,
                 qPrintable("ruok must warn, the session must work:\n" + describe(doctor)));
        QVERIFY2(doctor.steps().at(3).detail.contains("whitelist"), qPrintable(describe(doctor)));
        restricted.stop();
    }

    // A ZooScope server in this process with SASL users alice and bob (every four-letter word allowed).
    static std::unique_ptr<server::TcpServerDriver> startSaslServer(bool withUsers)
    {
        server::ServerConfig config;
        config.clientPort = 0;
        config.clientPortAddress = QStringLiteral("127.0.0.1");
        config.fourLetterWordWhitelist = {"*"};
        if (withUsers)
            config.sasl.digestUsers = {{"alice", "alice-secret"}, {"bob", "bob-secret"}};
        auto driver = std::make_unique<server::TcpServerDriver>(config);
        if (!driver->listen())
            qWarning("cannot listen: %s", qPrintable(driver->errorString()));
        return driver;
    }

    void saslLoginStep_data()
    {
        QTest::addColumn<bool>("serverHasSasl");
        QTest::addColumn<QString>("password");
        QTest::addColumn<int>("expected"); // a Status
        QTest::addColumn<QString>("detail");
        QTest::newRow("right password") << true << "alice-secret" << int(Status::Ok)
                                        << "the server knows this session as ip:127.0.0.1, sasl:alice";
        QTest::newRow("wrong password") << true << "guess" << int(Status::Failed)
                                        << "SASL authentication failed: the server answered AUTHFAILED (-115)";
        QTest::newRow("server without SASL") << false << "alice-secret" << int(Status::Failed)
                                             << "SASL authentication failed: the server sent no SASL token";
    }

    void saslLoginStep()
    {
        QFETCH(bool, serverHasSasl);
        QFETCH(QString, password);
        QFETCH(int, expected);
        QFETCH(QString, detail);
        const auto server = startSaslServer(serverHasSasl);
        QVERIFY2(server->port() != 0, qPrintable(server->errorString()));
        ConnectionDoctor doctor({.name = "sasl",
                                 .connectString = QStringLiteral("127.0.0.1:%1").arg(server->port()),
                                 .sessionTimeoutMs = 10000,
                                 .saslUser = "alice",
                                 .saslPassword = password});
        const QList<Status> statuses = diagnose(doctor);
        // connect string, resolve, TCP, ruok, srvr, session, SASL login
        QVERIFY2(statuses.size() == 7, qPrintable("a SASL step follows the session:\n" + describe(doctor)));
        QVERIFY2(statuses.mid(0, 6) == QList<Status>(6, Status::Ok), qPrintable(describe(doctor)));
        QCOMPARE(doctor.steps().last().title, QStringLiteral("SASL login as alice"));
        QVERIFY2(int(statuses.last()) == expected, qPrintable(describe(doctor)));
        QVERIFY2(doctor.steps().last().detail.contains(detail), qPrintable(describe(doctor)));
    }

    void diagnosesTls_data()
    {
        QTest::addColumn<bool>("serverUsesTls");
        QTest::addColumn<QString>("serverKeyStore");
        QTest::addColumn<QString>("caFile");
        QTest::addColumn<QString>("certificateFile");
        QTest::addColumn<Status>("handshake");
        QTest::addColumn<QString>("detailPart");
        QTest::addColumn<Status>("session");

        QTest::newRow("trusted, with client certificate")
            << true << "server.pem" << "ca.crt" << "client.pem" << Status::Ok << "CN=localhost,O=ZooScope Tests"
            << Status::Ok;
        QTest::newRow("untrusted CA") << true << "server.pem" << "rogue-ca.crt" << "client.pem" << Status::Failed
                                      << "not signed by a CA you trust" << Status::Skipped;
        QTest::newRow("host name not in the certificate") << true << "elsewhere.pem" << "ca.crt" << "client.pem"
                                                          << Status::Failed << "elsewhere.example" << Status::Skipped;
        QTest::newRow("handshake refused without client certificate")
            << true << "server.pem" << "ca.crt" << "" << Status::Failed << "refused the TLS handshake" << Status::Skipped;
        QTest::newRow("plain server on the port") << false << "" << "ca.crt" << "client.pem" << Status::Failed
                                                  << "plain (non-TLS)" << Status::Skipped;
    }

    void diagnosesTls()
    {
        QFETCH(bool, serverUsesTls);
        QFETCH(QString, serverKeyStore);
        QFETCH(QString, caFile);
        QFETCH(QString, certificateFile);
        QFETCH(Status, handshake);
        QFETCH(QString, detailPart);
        QFETCH(Status, session);

        server::ServerConfig config;
        config.tickTimeMs = 200;
        config.clientPortAddress = config.secureClientPortAddress = QStringLiteral("127.0.0.1");
        config.clientPort = serverUsesTls ? -1 : 0;
        config.secureClientPort = serverUsesTls ? 0 : -1;
        config.tls.keyStore.location = m_certificates.path(serverKeyStore);
        config.tls.trustStore.location = m_certificates.path(QStringLiteral("ca.crt"));
        config.tls.trustStore.type = QStringLiteral("PEM");
        server::TcpServerDriver driver(config);
        QVERIFY2(driver.listen(), qPrintable(driver.errorString()));
        const quint16 port = serverUsesTls ? driver.securePort() : driver.port();

        ConnectionProfile profile{.name = "tls", .connectString = QStringLiteral("127.0.0.1:%1").arg(port),
                                  .sessionTimeoutMs = 10000};
        profile.tlsEnabled = true;
        profile.tlsCaCertificate = m_certificates.path(caFile);
        profile.tlsClientCertificate = certificateFile.isEmpty() ? QString() : m_certificates.path(certificateFile);
        ConnectionDoctor doctor(profile);
        const QList<Status> statuses = diagnose(doctor);
        // connect string, resolve, TCP, TLS handshake, session
        QVERIFY2(statuses.size() == 5, qPrintable("five steps with TLS:\n" + describe(doctor)));
        QVERIFY2(statuses.mid(0, 3) == QList<Status>(3, Status::Ok), qPrintable(describe(doctor)));
        QVERIFY2(statuses.at(3) == handshake, qPrintable("the handshake step:\n" + describe(doctor)));
        QVERIFY2(doctor.steps().at(3).title.contains("TLS"), qPrintable(describe(doctor)));
        QVERIFY2(doctor.steps().at(3).detail.contains(detailPart),
                 qPrintable(QStringLiteral("expected '%1' in:\n%2").arg(detailPart, describe(doctor))));
        QVERIFY2(statuses.at(4) == session, qPrintable("the session step:\n" + describe(doctor)));
    }

    void dialogShowsTheSteps()
    {
        ConnectionDialog dialog;
        dialog.setProfile({.name = "refused", .connectString = QStringLiteral("127.0.0.1:%1").arg(freePort())});
        dialog.findChild<QPushButton *>("doctorButton")->click();
        auto *doctor = dialog.findChild<DoctorDialog *>();
        QVERIFY2(doctor && doctor->isVisible(), "Doctor... must open the doctor dialog");
        QTRY_VERIFY_WITH_TIMEOUT(doctor->doctor()->isFinished(), ReplyTimeoutMs);
        auto *steps = doctor->findChild<QTreeWidget *>("doctorSteps");
        QCOMPARE(steps->topLevelItemCount(), int(doctor->doctor()->steps().size()));
        QVERIFY2(steps->topLevelItem(2)->text(1).contains("refused", Qt::CaseInsensitive),
                 qPrintable(steps->topLevelItem(2)->text(1)));
    }
};

QTEST_MAIN(TestConnectionDoctor)
#include "tst_connection_doctor.moc"
