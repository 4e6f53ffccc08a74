#pragma once
// TLS for the client side of a ZooKeeper connection (a server's secureClientPort): the CA that
// signs the server, an optional client certificate and key (for ssl.clientAuth=need and the x509
// scheme), all PEM files as zkCli.sh's PEM stores use them.

#include <QByteArray>
#include <QSslConfiguration>
#include <QString>

#include <optional>

namespace zooscope::client {

struct ClientTlsOptions
{
    bool enabled = false;
    QString caCertificateFile;     // PEM; empty: the system's CA certificates
    QString clientCertificateFile; // PEM; empty: no client certificate
    QString clientKeyFile;         // PEM private key of the client certificate (may be the same file)
    QByteArray clientKeyPassphrase;
    bool verifyPeer = true; // verify the server's chain and that it names the host connected to
};

// The socket configuration for `options`; nullopt with a message naming the file when one cannot be used.
std::optional<QSslConfiguration> clientTlsConfiguration(const ClientTlsOptions &options, QString *error);

} // namespace zooscope::client
