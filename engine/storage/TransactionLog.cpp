#include "TransactionLog.h"

#include "StorageFormat.h"
#include "server/Log.h"

#include <QDir>
#include <QFile>
#include <QtEndian>

#include <algorithm>
#include <fcntl.h>
#include <unistd.h>

namespace zooscope::storage {

namespace {

QByteArray fileHeader(std::int32_t magic, std::int64_t dbId)
{
    QByteArray header(16, Qt::Uninitialized);
    qToBigEndian(magic, header.data());
    qToBigEndian(FormatVersion, header.data() + 4);
    qToBigEndian(dbId, header.data() + 8);
    return header;
}

} // namespace

TransactionLogWriter::TransactionLogWriter(QString directory, qint64 preallocateBytes)
    : m_directory(std::move(directory)), m_preallocateBytes(preallocateBytes)
{
}

TransactionLogWriter::~TransactionLogWriter()
{
    flush(true);
    closeFile();
}

bool TransactionLogWriter::openFile(std::int64_t firstZxid)
{
    const QString path = m_directory + QLatin1Char('/') + logFileName(firstZxid);
    m_fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        m_error = QStringLiteral("cannot create %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    const QByteArray header = fileHeader(TxnLogMagic, 0);
    m_buffer.append(header);
    m_position = 0;
    m_allocated = 0;
    return true;
}

void TransactionLogWriter::closeFile()
{
    if (m_fd >= 0) {
        // Drop the unused preallocated tail so the file ends at its last entry.
        if (::ftruncate(m_fd, m_position) != 0)
            server::logWarning(QStringLiteral("cannot trim transaction log: %1").arg(QString::fromLocal8Bit(strerror(errno))));
        ::close(m_fd);
    }
    m_fd = -1;
}

bool TransactionLogWriter::append(std::int64_t zxid, const QByteArray &headerAndBody)
{
    if (m_fd < 0 && !openFile(zxid))
        return false;
    char prefix[12];
    qToBigEndian(std::int64_t(adler32Of(headerAndBody.constData(), headerAndBody.size())), prefix);
    qToBigEndian(std::int32_t(headerAndBody.size()), prefix + 8);
    m_buffer.append(prefix, sizeof prefix);
    m_buffer.append(headerAndBody);
    m_buffer.append(EndOfRecord);
    return true;
}

bool TransactionLogWriter::flush(bool fsync)
{
    if (m_fd < 0 || (m_buffer.isEmpty() && !fsync))
        return m_fd >= 0 || m_buffer.isEmpty();
    // Preallocate in large steps, as ZooKeeper does, so fdatasync rarely has to update the size.
    if (m_position + m_buffer.size() + 4096 > m_allocated) {
        const qint64 target = std::max(m_allocated + m_preallocateBytes, m_position + m_buffer.size() + 4096);
        if (::ftruncate(m_fd, target) == 0)
            m_allocated = target;
    }
    if (!m_buffer.isEmpty()) {
        if (::pwrite(m_fd, m_buffer.constData(), size_t(m_buffer.size()), m_position) != m_buffer.size()) {
            m_error = QStringLiteral("cannot write transaction log: %1").arg(QString::fromLocal8Bit(strerror(errno)));
            return false;
        }
        m_position += m_buffer.size();
        m_buffer.clear();
    }
    if (fsync && ::fdatasync(m_fd) != 0) {
        m_error = QStringLiteral("cannot sync transaction log: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    return true;
}

void TransactionLogWriter::roll()
{
    flush(true);
    closeFile();
}

std::vector<std::pair<std::int64_t, QString>> listLogFiles(const QString &directory)
{
    std::vector<std::pair<std::int64_t, QString>> files;
    const QStringList names = QDir(directory).entryList({QStringLiteral("log.*")}, QDir::Files);
    for (const QString &name : names) {
        const std::int64_t zxid = zxidFromFileName(name, QStringLiteral("log"));
        if (zxid >= 0)
            files.emplace_back(zxid, directory + QLatin1Char('/') + name);
    }
    std::sort(files.begin(), files.end());
    return files;
}

LogReadResult replayTransactionLogs(const QString &directory, std::int64_t afterZxid,
                                    const std::function<void(const proto::Transaction &)> &apply)
{
    LogReadResult result;
    const auto files = listLogFiles(directory);
    // Start with the newest file that begins at or before afterZxid + 1, then every later one.
    std::size_t first = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (files[i].first <= afterZxid + 1)
            first = i;
    }
    bool historyEnded = false;
    for (std::size_t index = first; index < files.size(); ++index) {
        const QString &path = files[index].second;
        if (historyEnded) {
            const QString aside = path + QStringLiteral(".after-corruption");
            QFile::rename(path, aside);
            server::logWarning(QStringLiteral("Moved %1 aside to %2: it follows a truncated log").arg(path, aside));
            continue;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            result.fatalError = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return result;
        }
        // Preallocated logs are mostly zeros: map instead of reading 64 MB into memory.
        const qint64 fileSize = file.size();
        uchar *mapped = fileSize > 0 ? file.map(0, fileSize) : nullptr;
        const QByteArray contents = mapped ? QByteArray::fromRawData(reinterpret_cast<const char *>(mapped), fileSize)
                                           : file.readAll();
        if (contents.size() < 16 || qFromBigEndian<std::int32_t>(contents.constData()) != TxnLogMagic) {
            if (contents.isEmpty() || contents.count('\0') == contents.size()) {
                // Created but never written (a crash right after the roll): nothing to replay.
                continue;
            }
            result.fatalError = QStringLiteral("%1 is not a ZooKeeper transaction log (bad header)").arg(path);
            return result;
        }
        qsizetype offset = 16;
        QString problem;
        while (true) {
            if (contents.size() - offset < 12)
                break; // end of file: a clean end
            const auto checksum = std::uint64_t(qFromBigEndian<std::int64_t>(contents.constData() + offset));
            const std::int32_t length = qFromBigEndian<std::int32_t>(contents.constData() + offset + 8);
            if (length == 0 && checksum == 0)
                break; // preallocated zeros: the end
            if (length <= 0 || contents.size() - offset - 12 < qsizetype(length) + 1) {
                problem = QStringLiteral("torn entry");
                break;
            }
            const char *entry = contents.constData() + offset + 12;
            if (entry[length] != EndOfRecord) {
                problem = QStringLiteral("entry without its end-of-record byte");
                break;
            }
            if (adler32Of(entry, length) != checksum) {
                problem = QStringLiteral("checksum mismatch");
                break;
            }
            proto::Transaction transaction;
            if (!proto::decodeTransaction(QByteArray(entry, length), transaction)) {
                problem = QStringLiteral("undecodable transaction");
                break;
            }
            if (transaction.header.zxid > afterZxid) {
                apply(transaction);
                result.lastZxid = transaction.header.zxid;
                ++result.transactionsRead;
            }
            offset += 12 + length + 1;
        }
        if (mapped)
            file.unmap(mapped);
        file.close();
        if (!problem.isEmpty()) {
            result.problem = QStringLiteral("%1 in %2 at offset %3; truncated there").arg(problem, path).arg(offset);
            server::logWarning(QStringLiteral("Transaction log: ") + result.problem);
            if (!QFile::resize(path, offset))
                server::logWarning(QStringLiteral("cannot truncate %1").arg(path));
            historyEnded = true;
        }
    }
    return result;
}

} // namespace zooscope::storage

namespace zooscope::storage {

bool truncateTransactionLogs(const QString &directory, std::int64_t zxid, QString *error)
{
    for (const auto &[firstZxid, path] : listLogFiles(directory)) {
        if (firstZxid > zxid) {
            // Entirely after the cut: ZooKeeper's FileTxnLog.truncate deletes such files too.
            if (!QFile::remove(path)) {
                if (error)
                    *error = QStringLiteral("cannot remove %1").arg(path);
                return false;
            }
            continue;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return false;
        }
        const QByteArray contents = file.readAll();
        file.close();
        qsizetype offset = 16;
        qsizetype cut = -1;
        while (contents.size() - offset >= 12) {
            const std::int32_t length = qFromBigEndian<std::int32_t>(contents.constData() + offset + 8);
            if (length <= 0 || contents.size() - offset - 12 < qsizetype(length) + 1)
                break;
            proto::TxnHeader header;
            if (!proto::deserialize(QByteArray(contents.constData() + offset + 12, length), header))
                break;
            if (header.zxid > zxid) {
                cut = offset;
                break;
            }
            offset += 12 + length + 1;
        }
        if (cut >= 0 && !QFile::resize(path, cut)) {
            if (error)
                *error = QStringLiteral("cannot truncate %1 at offset %2").arg(path).arg(cut);
            return false;
        }
    }
    return true;
}

} // namespace zooscope::storage
