#include "Snapshot.h"

#include "StorageFormat.h"
#include "proto/PathValidation.h"

#include <QDir>
#include <QFile>
#include <QtEndian>

#include <future>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace zooscope::storage {

using proto::JuteReader;
using proto::JuteWriter;

namespace {

constexpr std::int32_t DigestVersion = 2;

void appendBuffer(QByteArray &out, QByteArrayView bytes)
{
    char length[4];
    qToBigEndian(std::int32_t(bytes.isNull() ? -1 : bytes.size()), length);
    out.append(length, 4);
    out.append(bytes.data(), bytes.size());
}


// The tree digest of the nodes section, read on its own (it runs beside the loading thread).
std::int64_t digestOfNodes(QByteArrayView nodes)
{
    JuteReader reader(nodes.data(), nodes.size());
    std::uint64_t sum = 0;
    QByteArrayView path, data;
    std::int64_t aclId = 0;
    proto::StatPersisted stat;
    reader(path);
    while (!reader.failed() && path != "/") {
        reader(data);
        reader(aclId);
        reader(stat);
        if (reader.failed())
            break;
        sum += std::uint64_t(tree::DataTree::nodeDigest(path.isEmpty() ? QByteArrayView("/") : path, data, stat));
        reader(path);
    }
    return std::int64_t(sum);
}

} // namespace

SnapshotEncoder::SnapshotEncoder(const tree::DataTree &tree, const QHash<std::int64_t, std::int32_t> &sessionTimeouts)
    : m_tree(tree), m_zxid(tree.lastProcessedZxid())
{
    JuteWriter writer(m_header);
    writer(SnapshotMagic);
    writer(FormatVersion);
    writer(std::int64_t(-1));
    writer(std::int32_t(sessionTimeouts.size()));
    for (auto it = sessionTimeouts.cbegin(); it != sessionTimeouts.cend(); ++it) {
        writer(it.key());
        writer(it.value());
    }
    const auto &acls = tree.aclCache().entries();
    writer(std::int32_t(acls.size()));
    for (auto it = acls.cbegin(); it != acls.cend(); ++it) {
        writer(it.key());
        writer(it.value());
        m_aclIds.insert(it.key());
    }
}

void SnapshotEncoder::encodeNode(QByteArray &out, const QByteArray &path, const tree::DataNode &node)
{
    appendBuffer(out, path == "/" ? QByteArrayView("") : QByteArrayView(path));
    appendBuffer(out, node.dataView());
    // An ACL id the header lacks was made after the start, by the create or setACL that the log
    // replays over this node; until then the node reads as open.
    std::int64_t aclId = node.aclId();
    if (aclId != tree::AclCache::OpenAclId && !m_aclIds.contains(aclId))
        aclId = tree::AclCache::OpenAclId;
    JuteWriter writer(out);
    writer(aclId);
    writer(node.stat());
    if (const tree::ChildTable *table = node.children()) {
        Level level{path, {}, 0};
        for (std::uint32_t index = 0; index < table->capacity(); ++index) {
            if (const tree::DataNode *child = table->slots()[index])
                appendBuffer(level.names, child->name());
        }
        m_pending.push_back(std::move(level));
    }
}

bool SnapshotEncoder::encodeNodes(QByteArray &out, qsizetype budget)
{
    const qsizetype limit = out.size() + budget;
    if (!m_rootWritten) {
        m_rootWritten = true;
        if (const tree::DataNode *root = m_tree.find("/"))
            encodeNode(out, QByteArray("/"), *root);
    }
    while (!m_pending.empty() && out.size() < limit) {
        Level &level = m_pending.back();
        if (level.offset >= level.names.size()) {
            m_pending.pop_back();
            continue;
        }
        const auto length = qFromBigEndian<std::int32_t>(level.names.constData() + level.offset);
        const QByteArrayView name(level.names.constData() + level.offset + 4, length);
        level.offset += 4 + length;
        const QByteArray path = proto::childPath(level.path, name);
        // Gone since its parent was written: the log replays its delete.
        if (const tree::DataNode *node = m_tree.find(path))
            encodeNode(out, path, *node);
    }
    return !m_pending.empty();
}

QByteArray snapshotTrailer(std::uint32_t adlerOfBody, std::int64_t zxid, std::int64_t digest)
{
    QByteArray trailer;
    JuteWriter writer(trailer);
    writer(QByteArray("/"));
    const std::uint32_t beforeSeal = adler32Of(trailer.constData(), trailer.size(), adlerOfBody);
    writer(std::int64_t(beforeSeal));
    writer(QByteArray("/"));
    // ZooKeeper 3.6+ appends {zxid, digest version, tree digest} and seals again.
    writer(zxid);
    writer(DigestVersion);
    writer(digest);
    writer(std::int64_t(adler32Of(trailer.constData(), trailer.size(), adlerOfBody)));
    writer(QByteArray("/"));
    return trailer;
}

QByteArray encodeSnapshot(const tree::DataTree &tree, const QHash<std::int64_t, std::int32_t> &sessionTimeouts)
{
    SnapshotEncoder encoder(tree, sessionTimeouts);
    QByteArray bytes = encoder.takeHeader();
    bytes.reserve(tree.nodeCount() * 160 + 1024);
    while (encoder.encodeNodes(bytes, std::numeric_limits<qsizetype>::max() / 2)) {
    }
    bytes.append(snapshotTrailer(adler32Of(bytes.constData(), bytes.size()), encoder.zxid(), tree.digest()));
    return bytes;
}

bool writeSnapshotFile(const QString &directory, std::int64_t zxid, const QByteArray &bytes, QString *error)
{
    const QString finalPath = directory + QLatin1Char('/') + snapshotFileName(zxid);
    const QString temporaryPath = directory + QStringLiteral("/.tmp-") + snapshotFileName(zxid);
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

namespace {
std::optional<LoadedSnapshot> decodeSnapshotBytes(QByteArrayView bytes, std::shared_ptr<const void> owner,
                                                  std::int64_t zxid, tree::DataTree &tree, QString *error,
                                                  const QString &source);
} // namespace

std::optional<LoadedSnapshot> readSnapshot(const QString &path, tree::DataTree &tree, QString *error)
{
    const std::int64_t zxid = zxidFromFileName(QFileInfo(path).fileName(), QStringLiteral("snapshot"));
    // Mapped, not read: a large snapshot is parsed where the page cache holds it, and the
    // mapping lives until the background digest of its nodes is done.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    struct stat status {};
    if (fd < 0 || ::fstat(fd, &status) != 0) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(strerror(errno)));
        if (fd >= 0)
            ::close(fd);
        return std::nullopt;
    }
    const auto size = qsizetype(status.st_size);
    void *mapped = size > 0 ? ::mmap(nullptr, size_t(size), PROT_READ, MAP_PRIVATE, fd, 0) : nullptr;
    ::close(fd);
    if (mapped == MAP_FAILED) {
        if (error)
            *error = QStringLiteral("%1: cannot map: %2").arg(path, QString::fromLocal8Bit(strerror(errno)));
        return std::nullopt;
    }
    std::shared_ptr<const char> owner(static_cast<const char *>(mapped), [size](const char *memory) {
        if (memory)
            ::munmap(const_cast<char *>(memory), size_t(size));
    });
    return decodeSnapshotBytes(QByteArrayView(owner.get(), size), owner, zxid, tree, error, path);
}

std::optional<LoadedSnapshot> decodeSnapshot(const QByteArray &bytes, std::int64_t zxid, tree::DataTree &tree,
                                             QString *error, const QString &source)
{
    auto owner = std::make_shared<const QByteArray>(bytes);
    return decodeSnapshotBytes(QByteArrayView(*owner), owner, zxid, tree, error, source);
}

namespace {
std::optional<LoadedSnapshot> decodeSnapshotBytes(QByteArrayView bytes, std::shared_ptr<const void> owner,
                                                  std::int64_t zxid, tree::DataTree &tree, QString *error,
                                                  const QString &source)
{
    auto fail = [&](const QString &reason) -> std::optional<LoadedSnapshot> {
        tree.clearForRestore();
        tree.clear();
        if (error)
            *error = QStringLiteral("%1: %2").arg(source, reason);
        return std::nullopt;
    };
    JuteReader reader(bytes.data(), bytes.size());
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
    // Another core checksums all but the last bytes while the nodes are parsed, then sums the
    // nodes' digests, which the tree waits for only when a digest is needed.
    const qsizetype checksumPrefix = std::max<qsizetype>(0, bytes.size() - 64);
    const qsizetype nodesOffset = bytes.size() - reader.remaining();
    std::promise<std::uint32_t> prefixChecksumPromise;
    std::future<std::uint32_t> prefixChecksum = prefixChecksumPromise.get_future();
    std::future<std::int64_t> nodesDigest =
        std::async(std::launch::async, [owner, bytes, checksumPrefix, nodesOffset,
                                        promise = std::move(prefixChecksumPromise)]() mutable {
            promise.set_value(adler32Of(bytes.data(), checksumPrefix));
            return digestOfNodes(bytes.sliced(nodesOffset));
        });
    auto checksumUpTo = [&](qsizetype offset, std::uint32_t prefix) {
        if (offset < checksumPrefix)
            return adler32Of(bytes.data(), offset);
        return adler32Of(bytes.data() + checksumPrefix, offset - checksumPrefix, prefix);
    };
    QByteArrayView nodePath;
    reader(nodePath);
    while (!reader.failed() && nodePath != "/") {
        QByteArrayView data;
        std::int64_t aclId = 0;
        proto::StatPersisted stat;
        reader(data);
        reader(aclId);
        reader(stat);
        if (reader.failed())
            break;
        const QByteArrayView path = nodePath.isEmpty() ? QByteArrayView("/") : nodePath;
        if (!tree.insertRestoredNode(path, data, aclId, stat)) {
            return fail(QStringLiteral("node %1 appears before its parent, twice, or does not fit")
                            .arg(QString::fromUtf8(path)));
        }
        tree.aclCache().addUsage(aclId);
        reader(nodePath);
    }
    const qsizetype sealOffset = bytes.size() - reader.remaining();
    std::int64_t checksum = 0;
    reader(checksum);
    QByteArrayView terminator;
    reader(terminator);
    if (reader.failed() || terminator != "/")
        return fail(QStringLiteral("truncated snapshot"));
    if (std::uint64_t(checksum) != checksumUpTo(sealOffset, prefixChecksum.get()))
        return fail(QStringLiteral("checksum mismatch"));
    tree.restoreDigest(std::move(nodesDigest));
    if (!tree.find("/"))
        return fail(QStringLiteral("snapshot has no root node"));
    if (reader.remaining() >= 20) {
        std::int64_t digestZxid = 0, digest = 0;
        std::int32_t digestVersion = 0;
        reader(digestZxid);
        reader(digestVersion);
        reader(digest);
        if (!reader.failed() && digestVersion == DigestVersion)
            loaded.digestAtZxid = std::pair{digestZxid, digest};
    }
    // As ZooKeeper's DataTree.deserialize: quota stats are recomputed from the loaded nodes.
    tree.setupQuotas();
    tree.setLastProcessedZxid(loaded.zxid);
    return loaded;
}

} // namespace

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
