#pragma once
// Apache ZooKeeper's version-2 on-disk format: names, file headers, checksums.
// log.<hex zxid>: FileHeader{"ZKLG", 2, 0}, then entries {long adler32, int length, bytes, 0x42}.
// snapshot.<hex zxid>: FileHeader{"ZKSN", 2, -1}, sessions, ACL cache, nodes, "/", seal.

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <zlib.h>

namespace zooscope::storage {

constexpr std::int32_t TxnLogMagic = 0x5A4B4C47; // "ZKLG"
constexpr std::int32_t SnapshotMagic = 0x5A4B534E; // "ZKSN"
constexpr std::int32_t FormatVersion = 2;
constexpr char EndOfRecord = 0x42;

inline QString versionDirectory(const QString &base) { return base + QStringLiteral("/version-2"); }
inline QString logFileName(std::int64_t zxid) { return QStringLiteral("log.") + QString::number(quint64(zxid), 16); }
inline QString snapshotFileName(std::int64_t zxid)
{
    return QStringLiteral("snapshot.") + QString::number(quint64(zxid), 16);
}
// The zxid in "log.1a" or "snapshot.1a"; -1 when the name does not match the prefix.
inline std::int64_t zxidFromFileName(const QString &name, const QString &prefix)
{
    if (!name.startsWith(prefix + QLatin1Char('.')))
        return -1;
    bool ok = false;
    const quint64 zxid = name.mid(prefix.size() + 1).toULongLong(&ok, 16);
    return ok ? std::int64_t(zxid) : -1;
}

inline std::uint32_t adler32Of(const char *data, qsizetype size, std::uint32_t running = 1)
{
    return std::uint32_t(::adler32_z(running, reinterpret_cast<const Bytef *>(data), size_t(size)));
}

} // namespace zooscope::storage
