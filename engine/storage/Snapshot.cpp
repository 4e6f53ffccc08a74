#include "Snapshot.h"

#include "StorageFormat.h"
#include "proto/PathValidation.h"

#include <QDir>
#include <QFile>
#include <QtEndian>

#include <zlib.h>

#include <fcntl.h>
#include <unistd.h>

namespace zooscope::storage {

using proto::JuteReader;
using proto::JuteWriter;

SnapshotData captureSnapshot(const tree::DataTree &tree, const QHash<std::int64_t, std::int32_t> &sessionTimeouts)
{
    // QHash copies share their data until the tree writes again; the writer thread reads them.
    SnapshotData snapshot;
    snapshot.nodes = tree.nodes();
    snapshot.acls = const_cast<tree::DataTree &>(tree).aclCache().entries();
    snapshot.sessionTimeouts = sessionTimeouts;
    snapshot.zxid = tree.lastProcessedZxid();
    return snapshot;
}

namespace {

// ZooKeeper's node digest (DigestCalculator, version 2): CRC32 of path, data and stat fields.
std::int64_t nodeDigest(const QByteArray &path, const tree::DataNode &node)
{
    if (path.startsWith("/zookeeper/"))
        return 0;
    const QByteArray digestPath = path == "/" ? QByteArray() : path;
    char fields[60];
    const proto::StatPersisted &stat = node.stat;
    qToBigEndian(stat.czxid, fields);
    qToBigEndian(stat.mzxid, fields + 8);
    qToBigEndian(stat.pzxid, fields + 16);
    qToBigEndian(stat.ctime, fields + 24);
    qToBigEndian(stat.mtime, fields + 32);
    qToBigEndian(stat.version, fields + 40);
    qToBigEndian(stat.cversion, fields + 44);
    qToBigEndian(stat.aversion, fields + 48);
    qToBigEndian(stat.ephemeralOwner, fields + 52);
    uLong crc = ::crc32(0L, Z_NULL, 0);
    crc = ::crc32_z(crc, reinterpret_cast<const Bytef *>(digestPath.constData()), size_t(digestPath.size()));
    crc = ::crc32_z(crc, reinterpret_cast<const Bytef *>(node.data.constData()), size_t(node.data.size()));
    crc = ::crc32_z(crc, reinterpret_cast<const Bytef *>(fields), sizeof fields);
    return std::int64_t(crc);
}

// The tree digest is the wrapping sum of node digests (the root counts once, as "").
std::int64_t treeDigest(const SnapshotData &snapshot)
{
    std::uint64_t sum = 0;
    for (auto it = snapshot.nodes.cbegin(); it != snapshot.nodes.cend(); ++it)
        sum += std::uint64_t(nodeDigest(it.key(), *it));
    return std::int64_t(sum);
}

constexpr std::int32_t DigestVersion = 2;

void serializeNodes(const SnapshotData &snapshot, JuteWriter &writer)
{
    // Depth first from the root, which ZooKeeper writes under the path "".
    std::vector<QByteArray> pending{QByteArray("/")};
    while (!pending.empty()) {
        const QByteArray path = std::move(pending.back());
        pending.pop_back();
        const auto found = snapshot.nodes.constFind(path);
        if (found == snapshot.nodes.cend())
            continue;
        const tree::DataNode &node = *found;
        writer(path == "/" ? QByteArray("") : path);
        writer(node.data);
        writer(node.aclId);
        writer(node.stat);
        const QByteArray prefix = path == "/" ? QByteArray("/") : path + '/';
        for (const QByteArray &child : node.children)
            pending.push_back(prefix + child);
    }
    writer(QByteArray("/"));
}

} // namespace

QByteArray encodeSnapshot(const SnapshotData &snapshot)
{
    QByteArray bytes;
    bytes.reserve(snapshot.nodes.size() * 160 + 1024);
    JuteWriter writer(bytes);
    writer(SnapshotMagic);
    writer(FormatVersion);
    writer(std::int64_t(-1));
    writer(std::int32_t(snapshot.sessionTimeouts.size()));
    for (auto it = snapshot.sessionTimeouts.cbegin(); it != snapshot.sessionTimeouts.cend(); ++it) {
        writer(it.key());
        writer(it.value());
    }
    writer(std::int32_t(snapshot.acls.size()));
    for (auto it = snapshot.acls.cbegin(); it != snapshot.acls.cend(); ++it) {
        writer(it.key());
        writer(it.value());
    }
    serializeNodes(snapshot, writer);
    writer(std::int64_t(adler32Of(bytes.constData(), bytes.size())));
    writer(QByteArray("/"));
    // ZooKeeper 3.6+ appends {zxid, digest version, tree digest} and seals again.
    writer(snapshot.zxid);
    writer(DigestVersion);
    writer(treeDigest(snapshot));
    writer(std::int64_t(adler32Of(bytes.constData(), bytes.size())));
    writer(QByteArray("/"));

    return bytes;
}

bool writeSnapshot(const QString &directory, const SnapshotData &snapshot, QString *error)
{
    const QByteArray bytes = encodeSnapshot(snapshot);
    const QString finalPath = directory + QLatin1Char('/') + snapshotFileName(snapshot.zxid);
    const QString temporaryPath = directory + QStringLiteral("/.tmp-") + snapshotFileName(snapshot.zxid);
    const int fd = ::open(QFile::encodeName(temporaryPath).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok = fd >= 0;
    for (qsizetype offset = 0; ok && offset < bytes.size();) {
        const ssize_t written = ::write(fd, bytes.constData() + offset, size_t(bytes.size() - offset));
        ok = written > 0;
        offset += written;
    }
    ok = ok && ::fsync(fd) == 0;
    if (fd >= 0)
        ::close(fd);
    ok = ok && ::rename(QFile::encodeName(temporaryPath).constData(), QFile::encodeName(finalPath).constData()) == 0;
    if (!ok) {
        if (error)
            *error = QStringLiteral("cannot write snapshot %1: %2").arg(finalPath, QString::fromLocal8Bit(strerror(errno)));
        QFile::remove(temporaryPath);
        return false;
    }
    // Make the rename itself durable.
    const int directoryFd = ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directoryFd >= 0) {
        ::fsync(directoryFd);
        ::close(directoryFd);
    }
    return true;
}

std::optional<LoadedSnapshot> readSnapshot(const QString &path, tree::DataTree &tree, QString *error)
{
    auto fail = [&](const QString &reason) -> std::optional<LoadedSnapshot> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, reason);
        return std::nullopt;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    return decodeSnapshot(file.readAll(), zxidFromFileName(QFileInfo(path).fileName(), QStringLiteral("snapshot")), tree,
                          error, path);
}

std::optional<LoadedSnapshot> decodeSnapshot(const QByteArray &bytes, std::int64_t zxid, tree::DataTree &tree,
                                             QString *error, const QString &source)
{
    auto fail = [&](const QString &reason) -> std::optional<LoadedSnapshot> {
        if (error)
            *error = QStringLiteral("%1: %2").arg(source, reason);
        return std::nullopt;
    };
    JuteReader reader(bytes);
    std::int32_t magic = 0, version = 0;
    std::int64_t dbId = 0;
    reader(magic);
    reader(version);
    reader(dbId);
    if (reader.failed() || magic != SnapshotMagic || version != FormatVersion)
        return fail(QStringLiteral("not a version-2 ZooKeeper snapshot"));

    LoadedSnapshot loaded;
    loaded.zxid = zxid;
    std::int32_t sessionCount = 0;
    reader(sessionCount);
    for (std::int32_t i = 0; i < sessionCount && !reader.failed(); ++i) {
        std::int64_t id = 0;
        std::int32_t timeout = 0;
        reader(id);
        reader(timeout);
        loaded.sessionTimeouts.insert(id, timeout);
    }
    tree.clearForRestore();
    std::int32_t aclCount = 0;
    reader(aclCount);
    for (std::int32_t i = 0; i < aclCount && !reader.failed(); ++i) {
        std::int64_t id = 0;
        proto::AclList acl;
        reader(id);
        reader(acl);
        tree.aclCache().restore(id, acl);
    }
    QByteArray nodePath;
    reader(nodePath);
    while (!reader.failed() && nodePath != "/") {
        tree::DataNode node;
        reader(node.data);
        reader(node.aclId);
        reader(node.stat);
        if (reader.failed())
            break;
        const QByteArray path = nodePath.isEmpty() ? QByteArray("/") : nodePath;
        if (path != "/" && !tree.find(proto::parentPath(path)))
            return fail(QStringLiteral("node %1 appears before its parent").arg(QString::fromUtf8(path)));
        tree.aclCache().addUsage(node.aclId);
        tree.insertRestoredNode(path, std::move(node));
        reader(nodePath);
    }
    const qsizetype sealOffset = bytes.size() - reader.remaining();
    std::int64_t checksum = 0;
    reader(checksum);
    QByteArray terminator;
    reader(terminator);
    if (reader.failed() || terminator != "/")
        return fail(QStringLiteral("truncated snapshot"));
    if (std::uint64_t(checksum) != adler32Of(bytes.constData(), sealOffset))
        return fail(QStringLiteral("checksum mismatch"));
    if (!tree.find("/"))
        return fail(QStringLiteral("snapshot has no root node"));
    tree.setLastProcessedZxid(loaded.zxid);
    return loaded;
}

std::vector<std::pair<std::int64_t, QString>> listSnapshots(const QString &directory)
{
    std::vector<std::pair<std::int64_t, QString>> files;
    const QStringList names = QDir(directory).entryList({QStringLiteral("snapshot.*")}, QDir::Files);
    for (const QString &name : names) {
        const std::int64_t zxid = zxidFromFileName(name, QStringLiteral("snapshot"));
        if (zxid >= 0)
            files.emplace_back(zxid, directory + QLatin1Char('/') + name);
    }
    std::sort(files.begin(), files.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    return files;
}

} // namespace zooscope::storage
