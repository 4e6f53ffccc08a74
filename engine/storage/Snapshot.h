#pragma once
// Snapshots in ZooKeeper's format. Written from a copy of the tree taken at one zxid (Qt's
// implicit sharing makes the copy cheap), so a ZooScope snapshot is exact, not fuzzy.

#include "tree/DataTree.h"

#include <QHash>
#include <QString>

#include <optional>

namespace zooscope::storage {

struct SnapshotData
{
    QHash<QByteArray, tree::DataNode> nodes;
    QHash<std::int64_t, proto::AclList> acls;
    QHash<std::int64_t, std::int32_t> sessionTimeouts;
    std::int64_t zxid = 0;
};

SnapshotData captureSnapshot(const tree::DataTree &tree, const QHash<std::int64_t, std::int32_t> &sessionTimeouts);

// The snapshot file's bytes (also what a leader sends a learner in SNAP).
QByteArray encodeSnapshot(const SnapshotData &snapshot);

// Writes <directory>/snapshot.<zxid> atomically (temporary file, fsync, rename).
bool writeSnapshot(const QString &directory, const SnapshotData &snapshot, QString *error);

struct LoadedSnapshot
{
    std::int64_t zxid = -1;
    QHash<std::int64_t, std::int32_t> sessionTimeouts;
};

// Loads one snapshot file into `tree` (cleared first); nullopt with `error` if it is invalid.
std::optional<LoadedSnapshot> readSnapshot(const QString &path, tree::DataTree &tree, QString *error);

// Loads snapshot bytes taken at `zxid` into `tree` (cleared first); `source` names them in errors.
std::optional<LoadedSnapshot> decodeSnapshot(const QByteArray &bytes, std::int64_t zxid, tree::DataTree &tree,
                                             QString *error, const QString &source = QStringLiteral("snapshot"));

// Snapshot files, newest first.
std::vector<std::pair<std::int64_t, QString>> listSnapshots(const QString &directory);

} // namespace zooscope::storage
