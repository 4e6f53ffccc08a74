#pragma once
// Java key and trust stores for TLS tests, made when the test starts by Java's own keytool (and one
// by `openssl pkcs12 -nokeys`) beside the certificates of TestCertificates, so that the readers are
// checked against what real deployments have:
//   server.jks            JKS private key entry: the CA-signed server certificate (RSA) and its chain
//   server-rsa.jks        JKS, keytool -genkeypair RSA (self-signed, CN=localhost)
//   server-ec.jks         JKS, keytool -genkeypair EC secp256r1 (self-signed, CN=localhost)
//   server-keypass.jks    JKS whose key password differs from the store password
//   trust.jks             JKS trusted certificate entry: the CA
//   trust-keytool.p12     PKCS12 of certificates only, by keytool -importcert (Java's trusted attribute)
//   trust-openssl.p12     PKCS12 of certificates only, by openssl pkcs12 -export -nokeys
//   trust.jceks           JCEKS trusted certificate entry: the CA (refused)
// Every store's password is StorePassword.

#include "TestCertificates.h"

#include <QProcess>
#include <QStandardPaths>

namespace zooscope::testing {

class TestJavaStores
{
public:
    static constexpr const char *StorePassword = "jks-secret";

    // False with `error` when keytool or openssl is missing or fails.
    static bool create(const TestCertificates &certificates, QString *error)
    {
        const QString keytool = QStandardPaths::findExecutable(QStringLiteral("keytool"));
        if (keytool.isEmpty()) {
            *error = QStringLiteral("keytool is not installed (default-jdk-headless, scripts/install-dependencies.sh)");
            return false;
        }
        const QString password = QLatin1String(StorePassword);
        const QString dname = QStringLiteral("CN=localhost, O=ZooScope Tests");
        auto genkeypair = [&](const QString &store, const QStringList &algorithm, const QString &keyPassword) {
            return QStringList{QStringLiteral("-genkeypair"),
                               QStringLiteral("-storetype"),
                               QStringLiteral("JKS"),
                               QStringLiteral("-keystore"),
                               store,
                               QStringLiteral("-storepass"),
                               password,
                               QStringLiteral("-keypass"),
                               keyPassword,
                               QStringLiteral("-alias"),
                               QStringLiteral("server"),
                               QStringLiteral("-dname"),
                               dname,
                               QStringLiteral("-validity"),
                               QStringLiteral("2")} +
                   algorithm;
        };
        auto importcert = [&](const QString &type, const QString &store) {
            return QStringList{QStringLiteral("-importcert"), QStringLiteral("-noprompt"),
                               QStringLiteral("-storetype"),  type,
                               QStringLiteral("-keystore"),   store,
                               QStringLiteral("-storepass"),  password,
                               QStringLiteral("-alias"),      QStringLiteral("ca"),
                               QStringLiteral("-file"),       QStringLiteral("ca.crt")};
        };
        const QList<QPair<QString, QStringList>> steps{
            {keytool,
             {QStringLiteral("-importkeystore"), QStringLiteral("-noprompt"), QStringLiteral("-srckeystore"),
              QStringLiteral("server.p12"), QStringLiteral("-srcstoretype"), QStringLiteral("PKCS12"),
              QStringLiteral("-srcstorepass"), QLatin1String(TestCertificates::P12Password),
              QStringLiteral("-destkeystore"), QStringLiteral("server.jks"), QStringLiteral("-deststoretype"),
              QStringLiteral("JKS"), QStringLiteral("-deststorepass"), password, QStringLiteral("-destkeypass"),
              password}},
            {keytool, genkeypair(QStringLiteral("server-rsa.jks"),
                                 {QStringLiteral("-keyalg"), QStringLiteral("RSA"), QStringLiteral("-keysize"),
                                  QStringLiteral("2048")},
                                 password)},
            {keytool, genkeypair(QStringLiteral("server-ec.jks"),
                                 {QStringLiteral("-keyalg"), QStringLiteral("EC"), QStringLiteral("-groupname"),
                                  QStringLiteral("secp256r1")},
                                 password)},
            {keytool, genkeypair(QStringLiteral("server-keypass.jks"),
                                 {QStringLiteral("-keyalg"), QStringLiteral("EC"), QStringLiteral("-groupname"),
                                  QStringLiteral("secp256r1")},
                                 QStringLiteral("another-secret"))},
            {keytool, importcert(QStringLiteral("JKS"), QStringLiteral("trust.jks"))},
            {keytool, importcert(QStringLiteral("PKCS12"), QStringLiteral("trust-keytool.p12"))},
            {keytool, importcert(QStringLiteral("JCEKS"), QStringLiteral("trust.jceks"))},
            {QStandardPaths::findExecutable(QStringLiteral("openssl")),
             {QStringLiteral("pkcs12"), QStringLiteral("-export"), QStringLiteral("-nokeys"), QStringLiteral("-in"),
              QStringLiteral("ca.crt"), QStringLiteral("-passout"), QStringLiteral("pass:") + password,
              QStringLiteral("-out"), QStringLiteral("trust-openssl.p12")}},
        };
        for (const auto &[program, arguments] : steps) {
            QProcess process;
            process.setWorkingDirectory(QFileInfo(certificates.path(QStringLiteral("ca.crt"))).path());
            process.start(program, arguments);
            if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit ||
                process.exitCode() != 0) {
                *error =
                    QStringLiteral("%1 %2 failed: %3")
                        .arg(program, arguments.join(QLatin1Char(' ')),
                             QString::fromLocal8Bit(process.readAllStandardError() + process.readAllStandardOutput()));
                return false;
            }
        }
        return true;
    }
};

} // namespace zooscope::testing
