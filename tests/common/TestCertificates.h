#pragma once
// Certificates for TLS tests, made with the openssl command line in a temporary directory when a
// test starts (as tests/integration/tlscerts.py does for the Python tests): a CA, a server
// certificate for 127.0.0.1 and localhost, clients signed by the CA, an ensemble member's certificate
// (server and client use), a server certificate for another host name, and an untrusted second CA
// with a client of its own.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace zooscope::testing {

class TestCertificates
{
public:
    // Subjects as Java's X500Principal.getName() prints them (checked with Java 17).
    static constexpr const char *ClientId =
        "1.2.840.113549.1.9.1=#1611616c696365406578616d706c652e6f7267,CN=alice,OU=Classroom,O=ZooScope Tests,C=CN";
    static constexpr const char *OtherId = "CN=bob\\, jr. \\<b\\>,O=ZooScope Tests";
    static constexpr const char *P12Password = "p12-secret";
    static constexpr const char *PemPassword = "pem-secret";

    // False with `error` when openssl is missing or fails.
    bool create(QString *error)
    {
        if (!m_directory.isValid()) {
            *error = QStringLiteral("no temporary directory");
            return false;
        }
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty()) {
            *error =
                QStringLiteral("the openssl command is not installed (scripts/install-dependencies.sh installs it)");
            return false;
        }
        m_openssl = openssl;
        return makeCa(QStringLiteral("ca"), QStringLiteral("/O=ZooScope Tests/CN=ZooScope Test CA"), error) &&
               makeCa(QStringLiteral("rogue-ca"), QStringLiteral("/O=Somebody Else/CN=Untrusted CA"), error) &&
               makeLeaf(
                   QStringLiteral("server"), QStringLiteral("/O=ZooScope Tests/CN=localhost"), QStringLiteral("ca"),
                   QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth"), error) &&
               makeLeaf(QStringLiteral("member"), QStringLiteral("/O=ZooScope Tests/CN=member"), QStringLiteral("ca"),
                        QStringLiteral("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth"), error) &&
               makeLeaf(QStringLiteral("elsewhere"), QStringLiteral("/O=ZooScope Tests/CN=elsewhere.example"),
                        QStringLiteral("ca"),
                        QStringLiteral("subjectAltName=DNS:elsewhere.example\nextendedKeyUsage=serverAuth"), error) &&
               makeLeaf(QStringLiteral("client"),
                        QStringLiteral("/C=CN/O=ZooScope Tests/OU=Classroom/CN=alice/emailAddress=alice@example.org"),
                        QStringLiteral("ca"), QStringLiteral("extendedKeyUsage=clientAuth"), error) &&
               makeLeaf(QStringLiteral("other"), QStringLiteral("/O=ZooScope Tests/CN=bob\\, jr. <b>"),
                        QStringLiteral("ca"), QStringLiteral("extendedKeyUsage=clientAuth"), error) &&
               makeLeaf(QStringLiteral("rogue"), QStringLiteral("/O=Somebody Else/CN=mallory"),
                        QStringLiteral("rogue-ca"), QStringLiteral("extendedKeyUsage=clientAuth"), error) &&
               run({QStringLiteral("pkcs12"), QStringLiteral("-export"), QStringLiteral("-in"),
                    QStringLiteral("server.crt"), QStringLiteral("-inkey"), QStringLiteral("server.key"),
                    QStringLiteral("-certfile"), QStringLiteral("ca.crt"), QStringLiteral("-passout"),
                    QStringLiteral("pass:") + QLatin1String(P12Password), QStringLiteral("-out"),
                    QStringLiteral("server.p12")},
                   error) &&
               run({QStringLiteral("pkcs8"), QStringLiteral("-topk8"), QStringLiteral("-in"),
                    QStringLiteral("server.key"), QStringLiteral("-v2"), QStringLiteral("aes-256-cbc"),
                    QStringLiteral("-passout"), QStringLiteral("pass:") + QLatin1String(PemPassword),
                    QStringLiteral("-out"), QStringLiteral("server-encrypted.key")},
                   error) &&
               concatenate({QStringLiteral("server.crt"), QStringLiteral("server-encrypted.key")},
                           QStringLiteral("server-encrypted.pem"), error);
    }

    QString path(const QString &name) const { return m_directory.filePath(name); }

private:
    bool run(const QStringList &arguments, QString *error)
    {
        QProcess process;
        process.setWorkingDirectory(m_directory.path());
        process.start(m_openssl, arguments);
        if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit ||
            process.exitCode() != 0) {
            *error = QStringLiteral("openssl %1 failed: %2")
                         .arg(arguments.join(QLatin1Char(' ')), QString::fromLocal8Bit(process.readAllStandardError()));
            return false;
        }
        return true;
    }

    bool makeCa(const QString &name, const QString &subject, QString *error)
    {
        return run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                    QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"),
                    QStringLiteral("-subj"), subject, QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                    QStringLiteral("-out"), name + QStringLiteral(".crt"), QStringLiteral("-addext"),
                    QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
                    QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")},
                   error);
    }

    bool makeLeaf(const QString &name, const QString &subject, const QString &ca, const QString &extensions,
                  QString *error)
    {
        QFile extensionFile(path(name + QStringLiteral(".ext")));
        if (!extensionFile.open(QIODevice::WriteOnly)) {
            *error = extensionFile.errorString();
            return false;
        }
        extensionFile.write(QStringLiteral("basicConstraints=CA:FALSE\n%1\n").arg(extensions).toUtf8());
        extensionFile.close();
        return run({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                    QStringLiteral("-nodes"), QStringLiteral("-subj"), subject, QStringLiteral("-keyout"),
                    name + QStringLiteral(".key"), QStringLiteral("-out"), name + QStringLiteral(".csr")},
                   error) &&
               run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                    name + QStringLiteral(".csr"), QStringLiteral("-CA"), ca + QStringLiteral(".crt"),
                    QStringLiteral("-CAkey"), ca + QStringLiteral(".key"), QStringLiteral("-CAcreateserial"),
                    QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                    name + QStringLiteral(".ext"), QStringLiteral("-out"), name + QStringLiteral(".crt")},
                   error) &&
               concatenate({name + QStringLiteral(".crt"), name + QStringLiteral(".key")},
                           name + QStringLiteral(".pem"), error);
    }

    bool concatenate(const QStringList &parts, const QString &target, QString *error)
    {
        QFile out(path(target));
        if (!out.open(QIODevice::WriteOnly)) {
            *error = out.errorString();
            return false;
        }
        for (const QString &part : parts) {
            QFile in(path(part));
            if (!in.open(QIODevice::ReadOnly)) {
                *error = in.errorString();
                return false;
            }
            out.write(in.readAll());
        }
        return true;
    }

    QTemporaryDir m_directory;
    QString m_openssl;
};

} // namespace zooscope::testing
