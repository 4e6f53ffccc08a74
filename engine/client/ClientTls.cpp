#include "ClientTls.h"

#include "server/JavaKeyStore.h"
#include "server/TlsStores.h"

#include <QCoreApplication>
#include <QFile>
#include <QSslCertificate>

namespace zooscope::client {

namespace {

std::optional<QByteArray> readFile(const QString &path, const QString &what, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error =
            QCoreApplication::translate("ClientTls", "Cannot read the %1 %2: %3").arg(what, path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

// PEM certificates, one DER certificate, or a Java trust store (JKS or PKCS12, told by its bytes).
std::optional<QList<QSslCertificate>> caCertificates(const QByteArray &bytes, const ClientTlsOptions &options,
                                                     QString *error)
{
    QList<QSslCertificate> certificates = QSslCertificate::fromData(bytes, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromData(bytes, QSsl::Der);
    if (!certificates.isEmpty())
        return certificates;
    server::TlsStoreSettings store;
    store.location = options.caCertificateFile;
    store.password = options.caStorePassword;
    if (server::hasJavaKeyStoreMagic(bytes) || bytes.startsWith(QByteArray::fromHex("cececece")))
        store.type = QStringLiteral("JKS");
    else if (bytes.startsWith('\x30'))
        store.type = QStringLiteral("PKCS12");
    if (store.type.isEmpty()) {
        *error = QCoreApplication::translate("ClientTls", "No PEM certificate in the CA certificate file %1")
                     .arg(options.caCertificateFile);
        return std::nullopt;
    }
    // The store readers name Java's client property, which is what a zkCli user would set.
    QString storeError;
    const auto trusted = server::loadTrustStore(store, QStringLiteral("zookeeper.ssl.trustStore"), &storeError);
    if (!trusted) {
        *error = QCoreApplication::translate("ClientTls", "Cannot use the trust store %1: %2")
                     .arg(options.caCertificateFile, storeError);
        return std::nullopt;
    }
    return trusted;
}

} // namespace

std::optional<QSslConfiguration> clientTlsConfiguration(const ClientTlsOptions &options, QString *error)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    // Apache ZooKeeper 3.8 speaks TLS 1.2 unless configured otherwise; accept 1.3 as well.
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(options.verifyPeer ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
    if (!options.caCertificateFile.isEmpty()) {
        const QString what = QCoreApplication::translate("ClientTls", "CA certificate");
        const auto bytes = readFile(options.caCertificateFile, what, error);
        if (!bytes)
            return std::nullopt;
        const auto certificates = caCertificates(*bytes, options, error);
        if (!certificates)
            return std::nullopt;
        configuration.setCaCertificates(*certificates);
    }
    if (!options.clientCertificateFile.isEmpty()) {
        const auto certificateBytes = readFile(options.clientCertificateFile,
                                               QCoreApplication::translate("ClientTls", "client certificate"), error);
        if (!certificateBytes)
            return std::nullopt;
        const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificateBytes, QSsl::Pem);
        if (chain.isEmpty()) {
            *error = QCoreApplication::translate("ClientTls", "No PEM certificate in the client certificate file %1")
                         .arg(options.clientCertificateFile);
            return std::nullopt;
        }
        const QString keyFile = options.clientKeyFile.isEmpty() ? options.clientCertificateFile : options.clientKeyFile;
        const auto keyBytes = readFile(keyFile, QCoreApplication::translate("ClientTls", "client key"), error);
        if (!keyBytes)
            return std::nullopt;
        const QSslKey key = server::readPemPrivateKey(*keyBytes, options.clientKeyPassphrase);
        if (key.isNull()) {
            *error = QCoreApplication::translate("ClientTls",
                                                 "Cannot read a private key from %1 (not PEM, or a wrong passphrase)")
                         .arg(keyFile);
            return std::nullopt;
        }
        configuration.setLocalCertificateChain(chain);
        configuration.setPrivateKey(key);
    } else if (!options.clientKeyFile.isEmpty()) {
        *error = QCoreApplication::translate("ClientTls", "A client key %1 needs its client certificate")
                     .arg(options.clientKeyFile);
        return std::nullopt;
    }
    return configuration;
}

} // namespace zooscope::client
