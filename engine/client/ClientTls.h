#pragma once
// TLS for the client side of a ZooKeeper connection (a server's secureClientPort): the CA that
// signs the server, an optional client certificate and key (for ssl.clientAuth=need and the x509
// scheme) as PEM files as zkCli.sh's PEM stores use them; the CA may also come from a Java trust store
// (JKS, or PKCS12 as keytool writes it), read by the server's store readers.

#include <QByteArray>
#include <QSslConfiguration>
#include <QString>

#include <optional>

namespace zooscope::client {

struct ClientTlsOptions
{
    bool enabled = false;
    QString caCertificateFile;     // PEM or DER, or a JKS / PKCS12 trust store; empty: the system's CAs
    QString caStorePassword;       // of a JKS or PKCS12 trust store (JKS: empty skips the integrity check)
    QString clientCertificateFile; // PEM; empty: no client certificate
    QString clientKeyFile;         // PEM private key of the client certificate (may be the same file)
    QByteArray clientKeyPassphrase;
    bool verifyPeer = true; // verify the server's chain and that it names the host connected to
};

// The socket configuration for `options`; nullopt with a message naming the file when one cannot be used.
std::optional<QSslConfiguration> clientTlsConfiguration(const ClientTlsOptions &options, QString *error);

} // namespace zooscope::client
