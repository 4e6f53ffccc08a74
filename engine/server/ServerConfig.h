#pragma once
// What the client-facing server needs from zoo.cfg, with Apache ZooKeeper's defaults.

#include "TlsSettings.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>

#include <cstdint>
#include <optional>

namespace zooscope::server {

// A Krb5LoginModule in the JAAS Server section: the server accepts GSSAPI (Kerberos) logins as this
// service principal. As in Apache ZooKeeper, the principal's first component is the SASL protocol and
// its host part the server name, and the server then offers GSSAPI instead of DIGEST-MD5.
struct SaslKerberosConfig
{
    QString keytab;    // keyTab=; empty: the Kerberos default keytab (KRB5_KTNAME, krb5.conf)
    QString principal; // as written, e.g. zookeeper/localhost@EXAMPLE.COM
    QString service;   // "zookeeper"
    QString host;      // "localhost"
};

// SASL as Apache ZooKeeper 3.8 configures it: DIGEST-MD5 users from the JAAS file's Server section
// (DigestLoginModule user_<name>="<password>") or GSSAPI (Krb5LoginModule), the sasl ACL scheme from
// authProvider.N, super users from zookeeper.superUser, and the failure and enforcement switches.
struct SaslServerConfig
{
    QHash<QByteArray, QByteArray> digestUsers; // user -> password; non-empty enables SASL
    QString jaasFile;                          // where they came from, for messages
    std::optional<SaslKerberosConfig> kerberos;
    QString krb5ConfigFile;                // java.security.krb5.conf; set: exported as KRB5_CONFIG
    bool removeHostFromPrincipal = false;  // zookeeper.kerberos.removeHostFromPrincipal
    bool removeRealmFromPrincipal = false; // zookeeper.kerberos.removeRealmFromPrincipal
    bool aclSchemeEnabled = false;         // authProvider.N=...SASLAuthenticationProvider
    QSet<QByteArray> superUsers;           // zookeeper.superUser[.*]
    bool allowFailedClients = false;       // zookeeper.allowSaslFailedClients
    // zookeeper.enforce.auth.enabled + .schemes (zookeeper.sessionRequireClientSASLAuth means both,
    // with "sasl"): requests of connections without an id of those schemes are refused.
    bool enforceAuthEnabled = false;
    QSet<QByteArray> enforceAuthSchemes;

    bool enabled() const { return !digestUsers.isEmpty() || kerberos.has_value(); }
    const char *mechanism() const { return kerberos ? "GSSAPI" : "DIGEST-MD5"; }
    // A failed SASL exchange is then answered with SessionClosedRequireSaslAuth, never tolerated.
    bool saslAuthRequired() const { return enforceAuthEnabled && enforceAuthSchemes.contains("sasl"); }
};

struct ServerConfig
{
    int tickTimeMs = 2000;
    int minSessionTimeoutMs = -1; // -1: 2 * tickTime
    int maxSessionTimeoutMs = -1; // -1: 20 * tickTime
    int maxClientConnectionsPerHost = 60; // 0: unlimited
    std::int32_t juteMaxBuffer = 0xfffff;
    QSet<QByteArray> fourLetterWordWhitelist{"srvr"}; // "*" allows every command
    bool extendedTypesEnabled = false;
    // Ensemble: while a member has no quorum it serves read-only sessions (readonlymode.enabled).
    bool readOnlyModeEnabled = false;
    // localSessionsEnabled: an ensemble member opens new sessions as its own (local) sessions, without a
    // transaction; a read-only member may then open new ones too. localSessionsUpgradingEnabled: a local
    // session that creates an ephemeral node becomes global first (else EphemeralOnLocalSession).
    bool localSessionsEnabled = false;
    bool localSessionsUpgradingEnabled = false;
    // enforceQuota (Apache: the zoo.cfg key becomes zookeeper.enforceQuota): refuse writes over a
    // hard quota with QuotaExceeded, and log writes over a soft one.
    bool enforceQuota = false;
    QByteArray superDigest; // "super:<base64 sha1>", empty when unset
    // Dynamic reconfiguration (reconfigEnabled) and skipACL, which lets anyone reconfigure.
    bool reconfigEnabled = false;
    bool skipAcl = false;
    SaslServerConfig sasl;
    int containerCheckIntervalMs = 60000;
    // Requests a connection may have waiting for their replies before the server stops reading
    // from it (ZooKeeper's globalOutstandingLimit, applied per connection).
    int maxOutstandingPerConnection = 1000;
    std::int64_t serverId = 0;
    // Top byte of new session ids: the member's id in an ensemble; Apache ZooKeeper uses 1 standalone.
    std::int64_t sessionIdPrefix = 1;
    QString dataDirectory;
    QString dataLogDirectory;
    QString clientPortAddress;
    int clientPort = 2181; // -1: no plain client port (only secureClientPort)
    // secureClientPort: the same service over TLS beside clientPort; -1 when unset.
    QString secureClientPortAddress;
    int secureClientPort = -1;
    TlsSettings tls;
    // X509AuthenticationProvider.superUser: the certificate subject (RFC 2253) that is the super user.
    QByteArray x509SuperUser;

    int effectiveMinSessionTimeout() const { return minSessionTimeoutMs > 0 ? minSessionTimeoutMs : 2 * tickTimeMs; }
    int effectiveMaxSessionTimeout() const { return maxSessionTimeoutMs > 0 ? maxSessionTimeoutMs : 20 * tickTimeMs; }
    bool isFourLetterWordAllowed(const QByteArray &word) const
    {
        return fourLetterWordWhitelist.contains("*") || fourLetterWordWhitelist.contains(word);
    }
};

} // namespace zooscope::server
