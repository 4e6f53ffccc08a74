#pragma once
// Snapshots in ZooKeeper's format: FileHeader{"ZKSN", 2, -1}, session timeouts, the ACL table,
// nodes depth first (the root as ""), "/", an Adler-32 seal, then ZooKeeper 3.6+'s
// {zxid, digest version, tree digest} and a second seal.
//
// SnapshotEncoder writes a live tree a slice at a time, as ZooKeeper's fuzzy snapshots do: the
// file is named after the zxid the tree had when it started, nodes changed while it runs may be
// written before or after the change, and replaying the log from that zxid (which DataTree does
// idempotently) brings the tree to where it was. Run to completion in one go, it is exact.

#include "tree/DataTree.h"

#include <QHash>
#include <QString>

#include <optional>

namespace zooscope::storage {

class SnapshotEncoder
{
public:
    SnapshotEncoder(const tree::DataTree &tree, const QHash<std::int64_t, std::int32_t> &sessionTimeouts);

    // The zxid the snapshot file is named after: the tree's when the encoder was made.
    std::int64_t zxid() const { return m_zxid; }
    // Header, sessions and ACL table; call once, first.
    QByteArray takeHeader() { return std::move(m_header); }
    // Appends the next nodes to `out` until it grew by about `budget` bytes; false once every
    // node is out (then append snapshotTrailer()).
    bool encodeNodes(QByteArray &out, qsizetype budget);

private:
    struct Level
    {
        QByteArray path;
        QByteArray names; // the children's names when the parent was written, each int32 length + bytes
        qsizetype offset = 0;
    };
    void encodeNode(QByteArray &out, const QByteArray &path, const tree::DataNode &node);

    const tree::DataTree &m_tree;
    std::int64_t m_zxid = 0;
    QByteArray m_header;
    QSet<std::int64_t> m_aclIds; // ACL ids in the header; a node with a newer one was changed since
    std::vector<Level> m_pending;
    bool m_rootWritten = false;
};

// Everything after the nodes: the end marker, the seal over `adlerOfBody` (the Adler-32 of all
// bytes before), the zxid and tree digest as of the end of writing, and the final seal.
QByteArray snapshotTrailer(std::uint32_t adlerOfBody, std::int64_t zxid, std::int64_t digest);

// An exact snapshot of `tree`, encoded in one go (also what a leader sends a learner in SNAP).
QByteArray encodeSnapshot(const tree::DataTree &tree, const QHash<std::int64_t, std::int32_t> &sessionTimeouts);

// Writes <directory>/snapshot.<zxid> with `bytes` atomically (temporary file, fsync, rename).
bool writeSnapshotFile(const QString &directory, std::int64_t zxid, const QByteArray &bytes, QString *error);

struct LoadedSnapshot
{
    std::int64_t zxid = -1;
    QHash<std::int64_t, std::int32_t> sessionTimeouts;
    // From the 3.6+ trailer: the tree digest as of digestZxid (absent in older files).
    std::optional<std::pair<std::int64_t, std::int64_t>> digestAtZxid;
};

// Loads one snapshot file into `tree` (cleared first); nullopt with `error` if it is invalid.
std::optional<LoadedSnapshot> readSnapshot(const QString &path, tree::DataTree &tree, QString *error);

// Loads snapshot bytes taken at `zxid` into `tree` (cleared first); `source` names them in errors.
std::optional<LoadedSnapshot> decodeSnapshot(const QByteArray &bytes, std::int64_t zxid, tree::DataTree &tree,
                                             QString *error, const QString &source = QStringLiteral("snapshot"));

// Snapshot files, newest first.
std::vector<std::pair<std::int64_t, QString>> listSnapshots(const QString &directory);

} // namespace zooscope::storage
