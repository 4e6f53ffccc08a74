#pragma once
// The server side of one SASL exchange per connection, as ZooKeeperService sees it: tokens in,
// tokens out, no I/O. CyrusSaslAuthenticator implements it with the Cyrus SASL library; tests may
// substitute their own.

#include <QByteArray>
#include <QString>

#include <memory>

namespace zooscope::server {

struct SaslStep
{
    enum class Outcome { Continue, Complete, Failed };
    Outcome outcome = Outcome::Failed;
    QByteArray token;           // for the client; null when there is none
    QByteArray authorizationId; // Complete: the id the sasl scheme grants
    QString error;              // Failed: why, for the log
};

class SaslServerExchange
{
public:
    virtual ~SaslServerExchange() = default;
    // The first call takes the client's initial token (empty for DIGEST-MD5).
    virtual SaslStep step(const QByteArray &clientToken) = 0;
};

class SaslAuthenticator
{
public:
    virtual ~SaslAuthenticator() = default;
    // A fresh exchange for a connection; null with *error set when the library refuses.
    virtual std::unique_ptr<SaslServerExchange> startExchange(QString *error) = 0;
};

} // namespace zooscope::server
