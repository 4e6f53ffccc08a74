#include "TlsStores.h"

#include "JavaKeyStore.h"
#include "Pkcs12Certificates.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSslCipher>

namespace zooscope::server {

namespace {

// Apache's KeyStoreFileType: an explicit type, or the file name's extension (.jks, .pem, .p12,
// .bcfks; ZooScope also takes .pfx and any letter case).
QString storeType(const TlsStoreSettings &store, const QString &keyPrefix, QString *error)
{
    QString type = store.type.trimmed().toUpper();
    if (type.isEmpty()) {
        const QString suffix = QFileInfo(store.location).suffix().toLower();
        if (suffix == QLatin1String("pem"))
            type = QStringLiteral("PEM");
        else if (suffix == QLatin1String("p12") || suffix == QLatin1String("pfx"))
            type = QStringLiteral("PKCS12");
        else if (suffix == QLatin1String("jks"))
            type = QStringLiteral("JKS");
        else if (suffix == QLatin1String("bcfks"))
            type = QStringLiteral("BCFKS");
        else {
            *error = QStringLiteral("Cannot tell the type of %1.location %2 from its name (.pem, .p12, .pfx, .jks): "
                                    "set %1.type to PEM, PKCS12 or JKS")
                         .arg(keyPrefix, store.location);
            return {};
        }
    }
    if (type == QLatin1String("BCFKS") || type == QLatin1String("JCEKS")) {
        *error = QStringLiteral("%1.type %2 (%3) is not supported by ZooScope: convert the store to PKCS12 "
                                "(keytool -importkeystore -deststoretype PKCS12)")
                     .arg(keyPrefix, type, store.location);
        return {};
    }
    if (type != QLatin1String("PEM") && type != QLatin1String("PKCS12") && type != QLatin1String("JKS")) {
        *error = QStringLiteral("Invalid value '%1' for %2.type in zoo.cfg: expected PEM, PKCS12 or JKS")
                     .arg(store.type, keyPrefix);
        return {};
    }
    return type;
}

std::optional<QByteArray> readStoreFile(const TlsStoreSettings &store, const QString &keyPrefix, QString *error)
{
    QFile file(store.location);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("Cannot read %1.location %2: %3").arg(keyPrefix, store.location, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

struct Pkcs12Contents
{
    QSslKey key;
    QSslCertificate certificate;
    QList<QSslCertificate> others;
};

std::optional<Pkcs12Contents> readPkcs12(const QByteArray &bytes, const QString &password)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    Pkcs12Contents contents;
    if (!QSslCertificate::importPkcs12(&buffer, &contents.key, &contents.certificate, &contents.others,
                                       password.toUtf8()))
        return std::nullopt;
    return contents;
}

// Java reads JKS and PKCS12 whichever of the two types is configured (keystore.type.compat), so
// the bytes decide: JKS (and JCEKS) start with a magic number, PKCS12 with a DER SEQUENCE.
bool isJavaKeyStoreFile(const QByteArray &bytes)
{
    return hasJavaKeyStoreMagic(bytes) || bytes.startsWith(QByteArray::fromHex("cececece"));
}

std::optional<JavaKeyStore> readJavaKeyStore(const QByteArray &bytes, const TlsStoreSettings &store,
                                             const QString &keyPrefix, bool decryptKeys, QString *error)
{
    JavaKeyStoreResult result = parseJavaKeyStore(bytes, store.password, decryptKeys);
    switch (result.error) {
    case JavaKeyStoreError::None: return std::move(result.store);
    case JavaKeyStoreError::Jceks:
        *error = QStringLiteral("%1.location %2 is a JCEKS store, which ZooScope does not read: convert it "
                                "(keytool -importkeystore -deststoretype PKCS12)")
                     .arg(keyPrefix, store.location);
        break;
    case JavaKeyStoreError::WrongPassword:
        *error = QStringLiteral("Cannot read the JKS %1.location %2: wrong %1.password (%3)")
                     .arg(keyPrefix, store.location, result.detail);
        break;
    case JavaKeyStoreError::WrongKeyPassword:
        *error = QStringLiteral("Cannot read the JKS %1.location %2: %3; ZooKeeper opens keys with %1.password")
                     .arg(keyPrefix, store.location, result.detail);
        break;
    case JavaKeyStoreError::NotJavaKeyStore:
    case JavaKeyStoreError::Malformed:
        *error = QStringLiteral("Cannot read the JKS %1.location %2: %3").arg(keyPrefix, store.location, result.detail);
        break;
    }
    return std::nullopt;
}

std::optional<KeyStoreContents> javaKeyStoreKey(const QByteArray &bytes, const TlsStoreSettings &store,
                                                const QString &keyPrefix, QString *error)
{
    const std::optional<JavaKeyStore> javaStore = readJavaKeyStore(bytes, store, keyPrefix, true, error);
    if (!javaStore)
        return std::nullopt;
    // Java's key manager may pick any key entry; ZooScope takes the first, as the docs' stores have one.
    if (javaStore->keys.empty()) {
        *error = QStringLiteral("No private key entry in the JKS %1.location %2 (keytool -genkeypair makes one)")
                     .arg(keyPrefix, store.location);
        return std::nullopt;
    }
    const JavaKeyStoreKeyEntry &entry = javaStore->keys.front();
    KeyStoreContents contents;
    // PKCS#8 DER as a PEM block: readPemPrivateKey then finds the algorithm (RSA, EC or DSA).
    const QByteArray pem =
        "-----BEGIN PRIVATE KEY-----\n" + entry.privateKeyInfo.toBase64() + "\n-----END PRIVATE KEY-----\n";
    contents.privateKey = readPemPrivateKey(pem, QByteArray());
    if (contents.privateKey.isNull()) {
        *error = QStringLiteral("Cannot use the private key '%3' in the JKS %1.location %2 (not RSA, EC or DSA?)")
                     .arg(keyPrefix, store.location, entry.alias);
        return std::nullopt;
    }
    for (const QByteArray &der : entry.certificateChain) {
        const QSslCertificate certificate(der, QSsl::Der);
        if (certificate.isNull()) {
            *error = QStringLiteral("A certificate of the key '%3' in the JKS %1.location %2 is not valid DER")
                         .arg(keyPrefix, store.location, entry.alias);
            return std::nullopt;
        }
        if (contents.certificate.isNull())
            contents.certificate = certificate;
        else
            contents.chain.append(certificate);
    }
    return contents;
}

std::optional<QList<QSslCertificate>> javaKeyStoreTrust(const QByteArray &bytes, const TlsStoreSettings &store,
                                                        const QString &keyPrefix, QString *error)
{
    const std::optional<JavaKeyStore> javaStore = readJavaKeyStore(bytes, store, keyPrefix, false, error);
    if (!javaStore)
        return std::nullopt;
    // As Java's trust manager: only trusted certificate entries are trust anchors.
    QList<QSslCertificate> certificates;
    for (const JavaKeyStoreCertificateEntry &entry : javaStore->trustedCertificates) {
        const QSslCertificate certificate(entry.certificate, QSsl::Der);
        if (certificate.isNull()) {
            *error = QStringLiteral("The certificate '%3' in the JKS %1.location %2 is not valid DER")
                         .arg(keyPrefix, store.location, entry.alias);
            return std::nullopt;
        }
        certificates.append(certificate);
    }
    if (certificates.isEmpty()) {
        *error = QStringLiteral("No trusted certificate entry in the JKS %1.location %2 (keytool -importcert adds "
                                "one; private key entries are not trusted)")
                     .arg(keyPrefix, store.location);
        return std::nullopt;
    }
    return certificates;
}

std::optional<QList<QSslCertificate>> pkcs12Trust(const QByteArray &bytes, const TlsStoreSettings &store,
                                                  const QString &keyPrefix, QString *error)
{
    const Pkcs12Certificates read = readPkcs12Certificates(bytes, store.password);
    switch (read.error) {
    case Pkcs12Error::None: break;
    case Pkcs12Error::WrongPassword:
        *error = QStringLiteral("Cannot read the PKCS12 %1.location %2: wrong %1.password (%3)")
                     .arg(keyPrefix, store.location, read.detail);
        return std::nullopt;
    case Pkcs12Error::NotPkcs12:
    case Pkcs12Error::Unreadable:
        *error =
            QStringLiteral("Cannot read the PKCS12 %1.location %2: %3").arg(keyPrefix, store.location, read.detail);
        return std::nullopt;
    }
    QList<QSslCertificate> certificates;
    for (const QByteArray &der : read.certificates) {
        const QSslCertificate certificate(der, QSsl::Der);
        if (!certificate.isNull())
            certificates.append(certificate);
    }
    return certificates;
}

} // namespace

QSslKey readPemPrivateKey(const QByteArray &pem, const QByteArray &passphrase)
{
    // Only the key block: a PEM key store holds the certificates in the same file.
    static const QRegularExpression block(
        QStringLiteral("-----BEGIN ([A-Z ]*)PRIVATE KEY-----.*?-----END \\1PRIVATE KEY-----"),
        QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = block.match(QString::fromLatin1(pem));
    if (!match.hasMatch())
        return {};
    const QByteArray keyPem = match.captured(0).toLatin1();
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey, passphrase);
        if (!key.isNull())
            return key;
    }
    return {};
}

std::optional<KeyStoreContents> loadKeyStore(const TlsStoreSettings &store, const QString &keyPrefix, QString *error)
{
    const QString type = storeType(store, keyPrefix, error);
    if (type.isEmpty())
        return std::nullopt;
    const std::optional<QByteArray> bytes = readStoreFile(store, keyPrefix, error);
    if (!bytes)
        return std::nullopt;
    if (type != QLatin1String("PEM") && isJavaKeyStoreFile(*bytes))
        return javaKeyStoreKey(*bytes, store, keyPrefix, error);
    if (type == QLatin1String("JKS") && !bytes->startsWith('\x30')) {
        *error = QStringLiteral("%1.location %2 is neither a JKS nor a PKCS12 store").arg(keyPrefix, store.location);
        return std::nullopt;
    }
    KeyStoreContents contents;
    if (type != QLatin1String("PEM")) {
        const auto pkcs12 = readPkcs12(*bytes, store.password);
        if (!pkcs12 || pkcs12->key.isNull()) {
            *error = QStringLiteral("Cannot read the PKCS12 %1.location %2: wrong %1.password, or no private key in it")
                         .arg(keyPrefix, store.location);
            return std::nullopt;
        }
        contents.privateKey = pkcs12->key;
        contents.certificate = pkcs12->certificate;
        contents.chain = pkcs12->others;
    } else {
        const QList<QSslCertificate> certificates = QSslCertificate::fromData(*bytes, QSsl::Pem);
        if (certificates.isEmpty()) {
            *error = QStringLiteral("No certificate in the PEM %1.location %2").arg(keyPrefix, store.location);
            return std::nullopt;
        }
        if (!bytes->contains("PRIVATE KEY-----")) {
            *error = QStringLiteral("No private key in the PEM %1.location %2").arg(keyPrefix, store.location);
            return std::nullopt;
        }
        contents.privateKey = readPemPrivateKey(*bytes, store.password.toUtf8());
        if (contents.privateKey.isNull()) {
            *error = QStringLiteral("Cannot read the private key in the PEM %1.location %2: wrong %1.password?")
                         .arg(keyPrefix, store.location);
            return std::nullopt;
        }
        contents.certificate = certificates.first();
        contents.chain = certificates.mid(1);
    }
    if (contents.certificate.isNull()) {
        *error = QStringLiteral("No certificate in %1.location %2").arg(keyPrefix, store.location);
        return std::nullopt;
    }
    return contents;
}

std::optional<QList<QSslCertificate>> loadTrustStore(const TlsStoreSettings &store, const QString &keyPrefix,
                                                     QString *error)
{
    const QString type = storeType(store, keyPrefix, error);
    if (type.isEmpty())
        return std::nullopt;
    const std::optional<QByteArray> bytes = readStoreFile(store, keyPrefix, error);
    if (!bytes)
        return std::nullopt;
    QList<QSslCertificate> certificates;
    if (type != QLatin1String("PEM") && isJavaKeyStoreFile(*bytes)) {
        return javaKeyStoreTrust(*bytes, store, keyPrefix, error);
    } else if (type == QLatin1String("JKS") && !bytes->startsWith('\x30')) {
        *error = QStringLiteral("%1.location %2 is neither a JKS nor a PKCS12 store").arg(keyPrefix, store.location);
        return std::nullopt;
    } else if (type != QLatin1String("PEM")) {
        const auto pkcs12 = pkcs12Trust(*bytes, store, keyPrefix, error);
        if (!pkcs12)
            return std::nullopt;
        certificates = *pkcs12;
    } else {
        certificates = QSslCertificate::fromData(*bytes, QSsl::Pem);
    }
    if (certificates.isEmpty()) {
        *error = QStringLiteral("No certificate in %1.location %2").arg(keyPrefix, store.location);
        return std::nullopt;
    }
    return certificates;
}

bool tlsProtocolFromNames(const QStringList &names, QSsl::SslProtocol *protocol)
{
    bool tls12 = false;
    bool tls13 = false;
    for (const QString &name : names) {
        const QString trimmed = name.trimmed();
        if (trimmed == QLatin1String("TLSv1.2"))
            tls12 = true;
        else if (trimmed == QLatin1String("TLSv1.3"))
            tls13 = true;
        else if (trimmed == QLatin1String("TLS"))
            tls12 = tls13 = true;
        else
            return false;
    }
    if (tls12 && tls13)
        *protocol = QSsl::TlsV1_2OrLater;
    else if (tls13)
        *protocol = QSsl::TlsV1_3;
    else if (tls12)
        *protocol = QSsl::TlsV1_2;
    else
        return false;
    return true;
}

namespace {

// Java's cipher suite names (Apache ZooKeeper's defaults and their TLS 1.3 peers) in OpenSSL's spelling.
QString openSslCipherName(const QString &name)
{
    static const QHash<QString, QString> javaToOpenSsl{
        {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"},
        {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
        {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"},
        {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
        {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256"},
        {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256"},
        {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"},
        {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"},
        {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384"},
        {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384"},
        {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"},
        {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"},
        {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"},
        {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"},
    };
    return javaToOpenSsl.value(name, name);
}

} // namespace

std::optional<QSslConfiguration> serverTlsConfiguration(const TlsSettings &settings, QString *error,
                                                        const QString &keyPrefix)
{
    const QString keyStoreKey = keyPrefix + QStringLiteral(".keyStore");
    if (settings.keyStore.location.isEmpty()) {
        *error = QStringLiteral("%1.location is not set: TLS needs a certificate and its private key").arg(keyStoreKey);
        return std::nullopt;
    }
    const auto keyStore = loadKeyStore(settings.keyStore, keyStoreKey, error);
    if (!keyStore)
        return std::nullopt;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(keyStore->certificate);
    configuration.setLocalCertificateChain(QList<QSslCertificate>{keyStore->certificate} + keyStore->chain);
    configuration.setPrivateKey(keyStore->privateKey);
    if (!settings.trustStore.location.isEmpty()) {
        const auto trusted = loadTrustStore(settings.trustStore, keyPrefix + QStringLiteral(".trustStore"), error);
        if (!trusted)
            return std::nullopt;
        configuration.setCaCertificates(*trusted);
    }
    const QStringList protocols =
        settings.enabledProtocols.isEmpty() ? QStringList{settings.protocol} : settings.enabledProtocols;
    QSsl::SslProtocol protocol = QSsl::TlsV1_2;
    if (!tlsProtocolFromNames(protocols, &protocol)) {
        *error =
            QStringLiteral("Unsupported TLS protocol '%1' (%2.protocol / %2.enabledProtocols): use TLSv1.2 or TLSv1.3")
                .arg(protocols.join(','), keyPrefix);
        return std::nullopt;
    }
    configuration.setProtocol(protocol);
    if (!settings.cipherSuites.isEmpty()) {
        QList<QSslCipher> ciphers;
        for (const QString &name : settings.cipherSuites) {
            const QSslCipher cipher(openSslCipherName(name.trimmed()));
            if (cipher.isNull()) {
                *error = QStringLiteral("Unknown cipher suite '%1' in %2.ciphersuites").arg(name.trimmed(), keyPrefix);
                return std::nullopt;
            }
            ciphers.append(cipher);
        }
        configuration.setCiphers(ciphers);
    }
    // "want" asks for a certificate and verifies one that is sent; the driver forgives its absence.
    configuration.setPeerVerifyMode(settings.clientAuth == TlsClientAuth::None ? QSslSocket::VerifyNone
                                                                               : QSslSocket::VerifyPeer);
    return configuration;
}

bool parseTlsClientAuth(const QString &value, TlsClientAuth *result)
{
    const QString upper = value.trimmed().toUpper();
    if (upper.isEmpty() || upper == QLatin1String("NEED"))
        *result = TlsClientAuth::Need;
    else if (upper == QLatin1String("WANT"))
        *result = TlsClientAuth::Want;
    else if (upper == QLatin1String("NONE"))
        *result = TlsClientAuth::None;
    else
        return false;
    return true;
}

} // namespace zooscope::server
