#pragma once
// zoo.cfg as Apache ZooKeeper reads it (QuorumPeerConfig): Java-properties syntax, ZooKeeper's
// keys and defaults. Unknown keys are reported as warnings; an invalid value is an error naming
// the key and the value.

#include "server/ServerConfig.h"

#include <QMap>
#include <QStringList>

#include <optional>

namespace zooscope::storage {
struct DatabaseOptions;
}

namespace zooscope::node {

struct QuorumServerEntry
{
    std::int64_t id = 0;
    QString host;
    int quorumPort = 0;
    int electionPort = 0;
    bool observer = false;
    QString clientSpec;
};

// One server.N value; nullopt when it is not host:quorumPort:electionPort[:role][;[address:]clientPort].
std::optional<QuorumServerEntry> parseServerEntry(qint64 id, const QString &value);

struct ZooConfig
{
    server::ServerConfig server;
    int initLimit = 10;
    int syncLimit = 5;
    int snapCount = 100000;
    qint64 preAllocSizeKb = 65536;
    int autopurgeSnapRetainCount = 3;
    int autopurgePurgeIntervalHours = 0;
    bool forceSync = true;
    QList<QuorumServerEntry> servers;
    // dynamicConfigFile: where the members came from, and the configuration version it recorded.
    QString dynamicConfigFile;
    std::int64_t dynamicConfigVersion = 0;
    QString sourcePath; // the zoo.cfg read, when read from a file
    // SASL: the JAAS file (java.security.auth.login.config) and its section for the server
    // (zookeeper.sasl.serverconfig); its DigestLoginModule users and Krb5LoginModule end up in server.sasl.
    QString jaasFile;
    QString jaasServerSection = QStringLiteral("Server");
    bool sessionRequireClientSaslAuth = false; // resolved into server.sasl's enforcement
    // SASLAuthenticationProvider.superPassword: the password of SASL user "super", over the JAAS file's.
    std::optional<QString> saslSuperPassword;
    // sslQuorum: links between members over TLS, configured by the ssl.quorum.* keys.
    bool sslQuorum = false;
    server::TlsSettings quorumTls;
    QStringList warnings;
};

struct ZooConfigResult
{
    std::optional<ZooConfig> config;
    QString error; // set when config is empty
};

// Java system properties (-Dname=value) that Apache ZooKeeper reads besides zoo.cfg; zoo.cfg's
// keys win over them, as zoo.cfg's settings overwrite the system properties in Apache ZooKeeper.
using SystemProperties = QMap<QString, QString>;
// The -Dname=value words of a command line or of a JVM flags variable (SERVER_JVMFLAGS); other
// words are ignored.
SystemProperties systemPropertiesFrom(const QStringList &words);

// Reads the JAAS file the configuration names, if any: a file that cannot be read or parsed, or a
// missing server section, is an error naming the file (and line).
ZooConfigResult parseZooConfig(const QByteArray &contents, const SystemProperties &systemProperties = {});
// The storage settings of a member (dataDir, dataLogDir, snapCount, preAllocSize, forceSync, autopurge).
storage::DatabaseOptions databaseOptions(const ZooConfig &config);
ZooConfigResult loadZooConfig(const QString &path, const SystemProperties &systemProperties = {});
QString zooConfigHelp();

} // namespace zooscope::node
