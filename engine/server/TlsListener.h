#pragma once
// A listening socket that hands each accepted descriptor straight to a callback, so that a TLS
// handshake can start on it at once (the client port's driver and the quorum links use it).

#include <QTcpServer>

#include <functional>

namespace zooscope::server {

class TlsListener : public QTcpServer
{
public:
    TlsListener(std::function<void(qintptr)> incoming, QObject *parent)
        : QTcpServer(parent)
        , m_incoming(std::move(incoming))
    {
    }

protected:
    void incomingConnection(qintptr socketDescriptor) override { m_incoming(socketDescriptor); }

private:
    std::function<void(qintptr)> m_incoming;
};

} // namespace zooscope::server
