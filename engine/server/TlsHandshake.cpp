#include "TlsHandshake.h"

#include "Log.h"

#include <QTimer>

namespace zooscope::server {

void startServerHandshake(qintptr socketDescriptor, const TlsHandshake &handshake, QObject *parent)
{
    auto *socket = new QSslSocket(parent);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    socket->setSslConfiguration(handshake.configuration);
    // The connections below live on this guard and end with the handshake.
    auto *guard = new QObject(socket);
    auto *timeout = new QTimer(guard);
    auto finish = [socket, guard, timeout] {
        QObject::disconnect(socket, nullptr, guard, nullptr);
        timeout->stop();
        guard->deleteLater();
    };
    auto fail = [socket, finish, peerKind = handshake.peerKind](const QString &reason) {
        finish();
        logWarning(QStringLiteral("Unsuccessful TLS handshake with %1 %2:%3: %4")
                       .arg(peerKind, socket->peerAddress().toString())
                       .arg(socket->peerPort())
                       .arg(reason));
        socket->abort();
        socket->deleteLater();
    };
    if (handshake.sslErrors) {
        QObject::connect(socket, &QSslSocket::sslErrors, guard,
                         [socket, sslErrors = handshake.sslErrors](const QList<QSslError> &errors) { sslErrors(socket, errors); });
    }
    QObject::connect(socket, &QAbstractSocket::errorOccurred, guard, [socket, fail] { fail(socket->errorString()); });
    QObject::connect(socket, &QSslSocket::encrypted, guard, [socket, finish, encrypted = handshake.encrypted] {
        finish();
        encrypted(socket);
    });
    timeout->setSingleShot(true);
    QObject::connect(timeout, &QTimer::timeout, guard, [fail] { fail(QStringLiteral("no handshake in time")); });
    timeout->start(handshake.timeoutMs);
    socket->startServerEncryption();
}

} // namespace zooscope::server
