#pragma once
// SASL DIGEST-MD5 for the server with the Cyrus SASL library, as Apache ZooKeeper offers it to clients
// without Kerberos: service "zookeeper", server name and realm "zk-sasl-md5", the users and passwords
// of the JAAS file's Server section. Cyrus gets the passwords from an auxiliary-property plugin that
// lives in this process, so no sasldb file or /etc/sasl2 configuration is read or needed.

#include "SaslAuthenticator.h"

#include <QHash>

namespace zooscope::server {

class CyrusSaslAuthenticator : public SaslAuthenticator
{
public:
    // user -> password
    explicit CyrusSaslAuthenticator(QHash<QByteArray, QByteArray> users);

    // Initializes the library's server side once per process; false with *error when it cannot
    // (e.g. the DIGEST-MD5 plugin from libsasl2-modules is not installed).
    static bool initialize(QString *error);

    std::unique_ptr<SaslServerExchange> startExchange(QString *error) override;

    // The password of a user, for the plugin; null when unknown.
    QByteArray passwordOf(const QByteArray &user) const { return m_users.value(user); }

private:
    QHash<QByteArray, QByteArray> m_users;
};

} // namespace zooscope::server
