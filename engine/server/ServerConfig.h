#pragma once
// What the client-facing server needs from zoo.cfg, with Apache ZooKeeper's defaults.

#include "TlsSettings.h"

#include <QByteArray>
#include <QSet>
#include <QString>

#include <cstdint>

namespace zooscope::server {

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
    // localSessionsEnabled: ZooScope uses it only for what a read-only member may do (open new,
    // local sessions, as Apache ZooKeeper 3.8 does); sessions of a serving member stay global.
    bool localSessionsEnabled = false;
    QByteArray superDigest; // "super:<base64 sha1>", empty when unset
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
