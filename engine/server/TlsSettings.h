#pragma once
// The TLS settings of the secure client port, as Apache ZooKeeper 3.8 reads them (ClientX509Util:
// the zookeeper.ssl.* properties, written ssl.* in zoo.cfg). Plain values only: the files are read
// when the port opens (TlsStores), so a bad store stops start-up with a message naming key and file.

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace zooscope::server {

enum class TlsClientAuth {
    None, // no certificate requested
    Want, // requested; verified when presented
    Need, // required and verified (Apache ZooKeeper's default)
};

struct TlsStoreSettings
{
    QString location; // empty: not configured
    QString password;
    QString type; // "PEM", "PKCS12" or "JKS"; empty: from the file name's extension
};

struct TlsSettings
{
    TlsStoreSettings keyStore;
    TlsStoreSettings trustStore;
    TlsClientAuth clientAuth = TlsClientAuth::Need;
    QString protocol = QStringLiteral("TLSv1.2"); // ssl.protocol (Apache 3.8's default)
    QStringList enabledProtocols;                 // ssl.enabledProtocols; empty: just `protocol`
    QStringList cipherSuites;                     // ssl.ciphersuites (Java or OpenSSL names); empty: the TLS library's
    bool hostnameVerification =
        true; // ssl.hostnameVerification: Apache never checks client host names on the client port
    int handshakeTimeoutMs = 10000; // a peer that starts no handshake is dropped after this
};

// Apache's ClientAuth.fromPropertyValue: case-insensitive none/want/need.
bool parseTlsClientAuth(const QString &value, TlsClientAuth *result);

} // namespace zooscope::server
