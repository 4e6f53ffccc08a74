#pragma once
// Reads the key store and trust store files named in zoo.cfg (PEM, PKCS12 or JKS, as Apache
// ZooKeeper's X509Util accepts them; JCEKS and BCFKS are refused) and builds the TLS configuration of the
// secure client port. Every error names the zoo.cfg key and the file.

#include "TlsSettings.h"

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

#include <optional>

namespace zooscope::server {

struct KeyStoreContents
{
    QSslKey privateKey;
    QSslCertificate certificate;
    QList<QSslCertificate> chain; // the certificates after the first
};

// `keyPrefix` names the settings in errors, e.g. "ssl.keyStore".
std::optional<KeyStoreContents> loadKeyStore(const TlsStoreSettings &store, const QString &keyPrefix, QString *error);
std::optional<QList<QSslCertificate>> loadTrustStore(const TlsStoreSettings &store, const QString &keyPrefix,
                                                     QString *error);
// A private key from PEM text (PKCS#8, possibly encrypted, or traditional RSA/EC); null when unreadable.
QSslKey readPemPrivateKey(const QByteArray &pem, const QByteArray &passphrase);

// The server side of the secure client port (keys "ssl.*"), or of quorum links (keys "ssl.quorum.*",
// whose configuration serves both ends); nullopt with `error` when a store cannot be used.
std::optional<QSslConfiguration> serverTlsConfiguration(const TlsSettings &settings, QString *error,
                                                        const QString &keyPrefix = QStringLiteral("ssl"));
// "TLSv1.2", "TLSv1.3" (and a list of them) as a Qt protocol; false for anything else.
bool tlsProtocolFromNames(const QStringList &names, QSsl::SslProtocol *protocol);

} // namespace zooscope::server
