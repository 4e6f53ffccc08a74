#pragma once
// The server side of a TLS handshake on a descriptor a TlsListener accepted, shared by the client port's
// driver and the quorum links: until it is done the socket belongs to nobody; a failure, or no handshake
// within timeoutMs, logs who it was with and why and closes the socket.

#include <QList>
#include <QSslConfiguration>
#include <QSslError>
#include <QSslSocket>

#include <functional>

namespace zooscope::server {

struct TlsHandshake
{
    QSslConfiguration configuration;
    int timeoutMs = 10000;
    QString peerKind; // for the log line: "client", "quorum peer"
    // Gets the socket once encrypted; it owns it from then on.
    std::function<void(QSslSocket *)> encrypted;
    // Optional: may call ignoreSslErrors() on the socket (ssl.clientAuth=want).
    std::function<void(QSslSocket *, const QList<QSslError> &)> sslErrors;
};

// Starts the handshake; the socket is a child of `parent`. Nothing happens if the descriptor is unusable.
void startServerHandshake(qintptr socketDescriptor, const TlsHandshake &handshake, QObject *parent);

} // namespace zooscope::server
