#pragma once
// The ensemble's membership as dynamic reconfiguration handles it (ZooKeeper 3.5+): the server.N
// entries and the configuration's version (the zxid of the reconfig that made it, 0 for a zoo.cfg).
// Its text is what /zookeeper/config holds and what a dynamic configuration file contains.

#include "ZooConfig.h"
#include "quorum/QuorumConfig.h"

#include <optional>
#include <vector>

namespace zooscope::node {

struct DynamicConfig
{
    std::vector<QuorumServerEntry> servers; // sorted by id
    std::int64_t version = 0;

    static DynamicConfig fromServers(const QList<QuorumServerEntry> &servers, std::int64_t version);
    // Lines "server.N=..." and "version=<hex>"; nullopt with the reason when a line is malformed.
    static std::optional<DynamicConfig> parse(const QByteArray &text, QString *error);
    // As ZooKeeper's QuorumMaj.toString: one server line per member, then "version=<hex>".
    QByteArray toText() const;
    quorum::QuorumConfig membership() const;
    const QuorumServerEntry *server(std::int64_t id) const;
};

// ZooKeeper's server.N value for an entry: host:quorumPort:electionPort:role[;clientAddress:clientPort].
QString serverEntryText(const QuorumServerEntry &entry);

// A reconfig request applied to `current` (not yet versioned): incremental, with `joining` a comma-separated
// list of "server.N=..." entries (an existing N is replaced) and `leaving` a comma-separated list of ids; or
// non-incremental with `newMembers`, the whole list. nullopt with the reason for BadArguments.
std::optional<DynamicConfig> reconfigured(const DynamicConfig &current, const QString &joining, const QString &leaving,
                                          const QString &newMembers, QString *error);

} // namespace zooscope::node
