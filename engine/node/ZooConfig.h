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

ZooConfigResult parseZooConfig(const QByteArray &contents);
// The storage settings of a member (dataDir, dataLogDir, snapCount, preAllocSize, forceSync, autopurge).
storage::DatabaseOptions databaseOptions(const ZooConfig &config);
ZooConfigResult loadZooConfig(const QString &path);
QString zooConfigHelp();

} // namespace zooscope::node
