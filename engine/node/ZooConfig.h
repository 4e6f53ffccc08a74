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
