#include "BackgroundSnapshot.h"

#include "StorageFormat.h"
#include "server/Log.h"

#include <QFile>

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

namespace zooscope::storage {

namespace {
constexpr std::size_t MaximumQueuedChunks = 4; // 4 MiB waiting for the disk at most

bool writeAll(int fd, const QByteArray &bytes)
{
    for (qsizetype offset = 0; offset < bytes.size();) {
        const ssize_t written = ::write(fd, bytes.constData() + offset, size_t(bytes.size() - offset));
        if (written <= 0)
            return false;
        offset += written;
    }
    return true;
}
} // namespace

BackgroundSnapshot::BackgroundSnapshot(const tree::DataTree &tree,
                                       const QHash<std::int64_t, std::int32_t> &sessionTimeouts, QString directory,
                                       qsizetype sliceBytes)
    : m_tree(tree), m_encoder(tree, sessionTimeouts), m_directory(std::move(directory)), m_sliceBytes(sliceBytes)
{
    m_chunks.push_back(m_encoder.takeHeader());
    m_writer = std::thread([this] { writerLoop(); });
}

BackgroundSnapshot::~BackgroundSnapshot()
{
    {
        std::lock_guard lock(m_mutex);
        m_abandoned = !m_lastChunkQueued;
    }
    m_changed.notify_all();
    m_writer.join();
}

void BackgroundSnapshot::queue(QByteArray chunk, bool last)
{
    {
        std::lock_guard lock(m_mutex);
        m_chunks.push_back(std::move(chunk));
        if (last) {
            // As of now: the log from zxid() replays everything the nodes missed up to here.
            m_finalZxid = m_tree.lastProcessedZxid();
            m_finalDigest = m_tree.digest();
            m_lastChunkQueued = true;
        }
    }
    m_changed.notify_all();
    m_encoded = last;
}

BackgroundSnapshot::Step BackgroundSnapshot::step()
{
    if (m_encoded)
        return Step::Encoded;
    {
        std::lock_guard lock(m_mutex);
        if (m_chunks.size() >= MaximumQueuedChunks)
            return Step::WriterBusy;
    }
    QByteArray chunk;
    chunk.reserve(m_sliceBytes + 4096);
    const bool more = m_encoder.encodeNodes(chunk, m_sliceBytes);
    queue(std::move(chunk), !more);
    return more ? Step::MoreToDo : Step::Encoded;
}

bool BackgroundSnapshot::finish(QString *error)
{
    while (!m_encoded) {
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [this] { return m_chunks.size() < MaximumQueuedChunks || m_writerDone; });
        }
        QByteArray chunk;
        const bool more = m_encoder.encodeNodes(chunk, m_sliceBytes);
        queue(std::move(chunk), !more);
    }
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_writerDone; });
    if (!m_writerOk && error)
        *error = m_writerError;
    return m_writerOk;
}

bool BackgroundSnapshot::writerDone() const
{
    std::lock_guard lock(m_mutex);
    return m_writerDone;
}

void BackgroundSnapshot::writerLoop()
{
    const QString finalPath = m_directory + QLatin1Char('/') + snapshotFileName(zxid());
    const QString temporaryPath = m_directory + QStringLiteral("/.tmp-") + snapshotFileName(zxid());
    const int fd = ::open(QFile::encodeName(temporaryPath).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok = fd >= 0;
    QString failure = ok ? QString() : QString::fromLocal8Bit(strerror(errno));
    std::uint32_t checksum = adler32Of(nullptr, 0);
    bool abandoned = false;
    while (true) {
        std::deque<QByteArray> batch;
        bool last = false;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [this] { return !m_chunks.empty() || m_lastChunkQueued || m_abandoned; });
            abandoned = m_abandoned;
            batch.swap(m_chunks);
            last = m_lastChunkQueued;
        }
        m_changed.notify_all(); // room in the queue again
        if (abandoned)
            break;
        for (const QByteArray &chunk : batch) {
            if (ok && !writeAll(fd, chunk)) {
                ok = false;
                failure = QString::fromLocal8Bit(strerror(errno));
            }
            checksum = adler32Of(chunk.constData(), chunk.size(), checksum);
        }
        if (last)
            break;
    }
    if (!abandoned && ok) {
        ok = writeAll(fd, snapshotTrailer(checksum, m_finalZxid, m_finalDigest)) && ::fsync(fd) == 0;
        if (!ok)
            failure = QString::fromLocal8Bit(strerror(errno));
    }
    if (fd >= 0)
        ::close(fd);
    if (!abandoned && ok) {
        ok = ::rename(QFile::encodeName(temporaryPath).constData(), QFile::encodeName(finalPath).constData()) == 0;
        if (!ok)
            failure = QString::fromLocal8Bit(strerror(errno));
    }
    if (!abandoned && ok) {
        // Make the rename itself durable.
        const int directoryFd = ::open(QFile::encodeName(m_directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (directoryFd >= 0) {
            ::fsync(directoryFd);
            ::close(directoryFd);
        }
        server::logInfo(QStringLiteral("Snapshot %1 written").arg(snapshotFileName(zxid())));
        // The encoder's name lists and slices were freed in the middle of the heap: give the
        // pages back, or they stay resident until the heap happens to shrink.
        ::malloc_trim(0);
    } else {
        QFile::remove(temporaryPath);
        if (!abandoned)
            server::logError(QStringLiteral("Cannot write snapshot %1: %2").arg(finalPath, failure));
    }
    std::lock_guard lock(m_mutex);
    m_writerOk = ok && !abandoned;
    m_writerError = abandoned ? QStringLiteral("abandoned") : failure;
    m_writerDone = true;
    m_changed.notify_all();
}

} // namespace zooscope::storage
