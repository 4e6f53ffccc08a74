#pragma once
// SASL for the server with the Cyrus SASL library, as Apache ZooKeeper offers it to clients:
// - DIGEST-MD5 with service "zookeeper", server name and realm "zk-sasl-md5", the users and passwords
//   of the JAAS file's Server section. Cyrus gets the passwords from an auxiliary-property plugin that
//   lives in this process, so no sasldb file or /etc/sasl2 configuration is read or needed.
// - GSSAPI (Kerberos) when the section has a Krb5LoginModule: the key of its principal comes from its
//   keytab, and the principal's first component and host are the SASL service and server name.
// The granted sasl id follows Apache's Kerberos name rule (KerberosName.h).

#include "KerberosName.h"
#include "SaslAuthenticator.h"
#include "ServerConfig.h"

#include <QHash>

namespace zooscope::server {

class CyrusSaslAuthenticator : public SaslAuthenticator
{
public:
    explicit CyrusSaslAuthenticator(const SaslServerConfig &config);

    // Initializes the library's server side once per process and checks that what `config` needs is
    // there; false with *error when not: the keytab cannot be read, the plugin (libsasl2-modules,
    // libsasl2-modules-gssapi-mit) is missing, or an earlier server of this process uses another
    // keytab or krb5.conf (the library reads them once per process).
    static bool initialize(const SaslServerConfig &config, QString *error);

    std::unique_ptr<SaslServerExchange> startExchange(QString *error) override;

    // The password of a user, for the plugin; null when unknown.
    QByteArray passwordOf(const QByteArray &user) const { return m_users.value(user); }
    bool isKerberos() const { return m_kerberos.has_value(); }
    const SaslKerberosConfig &kerberos() const { return *m_kerberos; }
    const char *mechanism() const;
    const QByteArray &defaultRealm() const { return m_rules.defaultRealm; }
    // The sasl id for an authenticated user (principal), as Apache's SaslServerCallbackHandler sets it.
    QByteArray saslIdOf(const QByteArray &authenticationId) const;

private:
    QHash<QByteArray, QByteArray> m_users;
    std::optional<SaslKerberosConfig> m_kerberos;
    KerberosNameRules m_rules;
};

} // namespace zooscope::server
