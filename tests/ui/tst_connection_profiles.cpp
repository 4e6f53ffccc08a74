// Connection profiles: the QSettings round trip (credentials only when asked, TLS files always) and
// the dialog that edits them.

#include "ConnectionDialog.h"
#include "ConnectionProfile.h"
#include "UiTestSupport.h"

#include <QApplication>
#include <QCheckBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTest>

using namespace zooscope::ui;

class TestConnectionProfiles : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_settingsDir.isValid(), "a temporary settings directory is needed");
        zooscope::testing::isolateSettings(m_settingsDir);
    }

    void init() { QSettings().clear(); }

    void roundTrip_data()
    {
        QTest::addColumn<ConnectionProfile>("saved");
        QTest::addColumn<ConnectionProfile>("expected");

        ConnectionProfile plain{.name = "local", .connectString = "127.0.0.1:2181"};
        QTest::newRow("plain") << plain << plain;

        ConnectionProfile remembered{.name = "prod",
                                     .connectString = "zk1:2181,zk2:2181/app",
                                     .sessionTimeoutMs = 15000,
                                     .digestUser = "admin",
                                     .digestPassword = "secret",
                                     .rememberCredentials = true};
        QTest::newRow("credentials remembered") << remembered << remembered;

        ConnectionProfile forgotten = remembered;
        forgotten.rememberCredentials = false;
        ConnectionProfile forgottenLoaded = forgotten;
        forgottenLoaded.digestUser.clear();
        forgottenLoaded.digestPassword.clear();
        QTest::newRow("credentials not remembered") << forgotten << forgottenLoaded;

        ConnectionProfile readOnly{.name = "ro", .connectString = "h:1", .readOnly = true};
        QTest::newRow("read-only") << readOnly << readOnly;

        ConnectionProfile saslRemembered{.name = "sasl",
                                         .connectString = "zk:2181",
                                         .rememberCredentials = true,
                                         .saslUser = "alice",
                                         .saslPassword = "alice-secret"};
        QTest::newRow("SASL credentials remembered") << saslRemembered << saslRemembered;

        ConnectionProfile saslForgotten = saslRemembered;
        saslForgotten.rememberCredentials = false;
        ConnectionProfile saslForgottenLoaded = saslForgotten;
        saslForgottenLoaded.saslUser.clear();
        saslForgottenLoaded.saslPassword.clear();
        QTest::newRow("SASL credentials not remembered") << saslForgotten << saslForgottenLoaded;

        ConnectionProfile tls{.name = "secure", .connectString = "zk1:2281"};
        tls.tlsEnabled = true;
        tls.tlsCaCertificate = "/etc/zk/ca.pem";
        tls.tlsClientCertificate = "/home/me/alice.crt";
        tls.tlsClientKey = "/home/me/alice.key";
        QTest::newRow("TLS") << tls << tls;

        ConnectionProfile trustStore = tls;
        trustStore.tlsCaCertificate = "/etc/zk/truststore.jks";
        trustStore.tlsCaStorePassword = "store-secret";
        trustStore.rememberCredentials = true;
        QTest::newRow("JKS trust store, password remembered") << trustStore << trustStore;

        ConnectionProfile trustStoreForgotten = trustStore;
        trustStoreForgotten.rememberCredentials = false;
        ConnectionProfile trustStoreForgottenLoaded = trustStoreForgotten;
        trustStoreForgottenLoaded.tlsCaStorePassword.clear();
        QTest::newRow("trust store password not remembered") << trustStoreForgotten << trustStoreForgottenLoaded;

        ConnectionProfile tlsOff = tls;
        tlsOff.tlsEnabled = false; // the files stay for when TLS is switched on again
        QTest::newRow("TLS files kept while off") << tlsOff << tlsOff;
    }

    void roundTrip()
    {
        QFETCH(ConnectionProfile, saved);
        QFETCH(ConnectionProfile, expected);
        {
            QSettings settings;
            ProfileStore::save(settings, {saved});
        }
        QSettings settings;
        const QList<ConnectionProfile> loaded = ProfileStore::load(settings);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.first().name, expected.name);
        QCOMPARE(loaded.first().connectString, expected.connectString);
        QCOMPARE(loaded.first().sessionTimeoutMs, expected.sessionTimeoutMs);
        QCOMPARE(loaded.first().digestUser, expected.digestUser);
        QCOMPARE(loaded.first().digestPassword, expected.digestPassword);
        QCOMPARE(loaded.first().readOnly, expected.readOnly);
        QCOMPARE(loaded.first().saslUser, expected.saslUser);
        QCOMPARE(loaded.first().saslPassword, expected.saslPassword);
        QCOMPARE(loaded.first().tlsEnabled, expected.tlsEnabled);
        QCOMPARE(loaded.first().tlsCaCertificate, expected.tlsCaCertificate);
        QCOMPARE(loaded.first().tlsClientCertificate, expected.tlsClientCertificate);
        QCOMPARE(loaded.first().tlsClientKey, expected.tlsClientKey);
        QCOMPARE(loaded.first().tlsCaStorePassword, expected.tlsCaStorePassword);
        QVERIFY2(loaded.first() == expected, "every field must survive the round trip");
        if (!saved.rememberCredentials) {
            const QString keys = QSettings().allKeys().join(u' ');
            QVERIFY2(!keys.contains(QLatin1String("digestPassword")) && !keys.contains(QLatin1String("saslPassword")) &&
                         !keys.contains(QLatin1String("tlsCaStorePassword")),
                     "a password must not reach the settings file unless the user asked");
        }
    }

    void dialogSavesSelectsAndDeletesProfiles()
    {
        {
            ConnectionDialog dialog;
            QCOMPARE(dialog.profiles().size(), 0);
            dialog.findChild<QLineEdit *>("nameEdit")->setText("staging");
            dialog.findChild<QLineEdit *>("connectStringEdit")->setText("10.0.0.1:2181/chroot");
            dialog.findChild<QSpinBox *>("timeoutSpin")->setValue(20000);
            dialog.findChild<QCheckBox *>("readOnlyCheck")->setChecked(true);
            QTest::mouseClick(dialog.findChild<QPushButton *>("saveProfileButton"), Qt::LeftButton);
            QCOMPARE(dialog.findChild<QListWidget *>("profileList")->count(), 1);
        }
        ConnectionDialog reopened;
        auto *list = reopened.findChild<QListWidget *>("profileList");
        QCOMPARE(list->count(), 1);
        QCOMPARE(list->item(0)->text(), QStringLiteral("staging"));
        const ConnectionProfile profile = reopened.profile();
        QCOMPARE(profile.connectString, QStringLiteral("10.0.0.1:2181/chroot"));
        QCOMPARE(profile.sessionTimeoutMs, 20000);
        QVERIFY2(profile.readOnly, "the read-only flag must survive a restart");

        QTest::mouseClick(reopened.findChild<QPushButton *>("deleteProfileButton"), Qt::LeftButton);
        QCOMPARE(list->count(), 0);
        QSettings settings;
        QCOMPARE(ProfileStore::load(settings).size(), 0);
    }

    void dialogEditsSaslCredentials()
    {
        {
            ConnectionDialog dialog;
            dialog.findChild<QLineEdit *>("nameEdit")->setText("secured");
            dialog.findChild<QLineEdit *>("connectStringEdit")->setText("127.0.0.1:2181");
            auto *saslPassword = dialog.findChild<QLineEdit *>("saslPasswordEdit");
            QVERIFY2(saslPassword, "the dialog has a SASL password field");
            QCOMPARE(saslPassword->echoMode(), QLineEdit::Password);
            dialog.findChild<QLineEdit *>("saslUserEdit")->setText("alice");
            saslPassword->setText("alice-secret");
            dialog.findChild<QCheckBox *>("rememberCheck")->setChecked(true);
            const ConnectionProfile edited = dialog.profile();
            QCOMPARE(edited.saslUser, QStringLiteral("alice"));
            QCOMPARE(edited.saslPassword, QStringLiteral("alice-secret"));
            QVERIFY(edited.hasSaslCredentials());
            QTest::mouseClick(dialog.findChild<QPushButton *>("saveProfileButton"), Qt::LeftButton);
        }
        ConnectionDialog reopened;
        QCOMPARE(reopened.findChild<QLineEdit *>("saslUserEdit")->text(), QStringLiteral("alice"));
        QCOMPARE(reopened.findChild<QLineEdit *>("saslPasswordEdit")->text(), QStringLiteral("alice-secret"));
        reopened.setProfile(ConnectionProfile{});
        QVERIFY2(!reopened.profile().hasSaslCredentials(), "a profile without SASL user has no SASL login");
    }

    void dialogEditsTlsFields()
    {
        {
            ConnectionDialog dialog;
            auto *tlsCheck = dialog.findChild<QCheckBox *>("tlsCheck");
            auto *caEdit = dialog.findChild<QLineEdit *>("tlsCaEdit");
            QVERIFY2(tlsCheck && caEdit, "the dialog must have the TLS fields");
            QVERIFY2(!caEdit->isEnabled(), "the TLS files are disabled while TLS is off");
            tlsCheck->setChecked(true);
            QVERIFY2(caEdit->isEnabled(), "ticking TLS enables its files");
            dialog.findChild<QLineEdit *>("nameEdit")->setText("secure");
            dialog.findChild<QLineEdit *>("connectStringEdit")->setText("127.0.0.1:2281");
            auto *caPasswordEdit = dialog.findChild<QLineEdit *>("tlsCaPasswordEdit");
            QVERIFY2(caPasswordEdit && caPasswordEdit->isEnabled(), "TLS has a trust store password field");
            QCOMPARE(caPasswordEdit->echoMode(), QLineEdit::Password);
            caEdit->setText("/tmp/truststore.p12");
            caPasswordEdit->setText("store-secret");
            dialog.findChild<QCheckBox *>("rememberCheck")->setChecked(true);
            dialog.findChild<QLineEdit *>("tlsCertificateEdit")->setText("/tmp/client.crt");
            dialog.findChild<QLineEdit *>("tlsKeyEdit")->setText("/tmp/client.key");
            QTest::mouseClick(dialog.findChild<QPushButton *>("saveProfileButton"), Qt::LeftButton);
        }
        ConnectionDialog reopened;
        const ConnectionProfile profile = reopened.profile();
        QVERIFY2(profile.tlsEnabled, "TLS must survive a restart");
        QCOMPARE(profile.tlsCaCertificate, QStringLiteral("/tmp/truststore.p12"));
        QCOMPARE(profile.tlsCaStorePassword, QStringLiteral("store-secret"));
        QCOMPARE(profile.tlsClientCertificate, QStringLiteral("/tmp/client.crt"));
        QCOMPARE(profile.tlsClientKey, QStringLiteral("/tmp/client.key"));
        QVERIFY(reopened.findChild<QLineEdit *>("tlsKeyEdit")->isEnabled());
        const zooscope::client::ClientTlsOptions options = profile.tlsOptions();
        QVERIFY(options.enabled);
        QCOMPARE(options.caCertificateFile, QStringLiteral("/tmp/truststore.p12"));
        QCOMPARE(options.caStorePassword, QStringLiteral("store-secret"));
        QCOMPARE(options.clientKeyFile, QStringLiteral("/tmp/client.key"));
    }
};


QTEST_MAIN(TestConnectionProfiles)
#include "tst_connection_profiles.moc"
