#include "Database.h"

#include "Snapshot.h"
#include "StorageFormat.h"
#include "TransactionLog.h"
#include "server/Log.h"

#include <QDir>
#include <QFile>
#include <QTimer>

namespace zooscope::storage {

namespace OpCode = proto::OpCode;

Database::Database(DatabaseOptions options, std::function<void(std::int64_t)> durable)
    : m_options(std::move(options)), m_durable(std::move(durable))
{
    QDir().mkpath(snapshotDirectory());
    QDir().mkpath(logDirectory());
    m_writer = std::make_unique<TransactionLogWriter>(logDirectory(), m_options.preallocateBytes);
    m_snapshotThreshold = nextSnapshotThreshold();
}

Database::~Database()
{
    stop();
    abandonSnapshot();
}

QString Database::snapshotDirectory() const
{
    return versionDirectory(m_options.dataDirectory);
}

QString Database::logDirectory() const
{
    return versionDirectory(m_options.dataLogDirectory.isEmpty() ? m_options.dataDirectory : m_options.dataLogDirectory);
}

int Database::nextSnapshotThreshold()
{
    // Like ZooKeeper, randomize so that ensemble members do not snapshot at the same time.
    const int half = std::max(1, m_options.snapCount / 2);
    return half + std::uniform_int_distribution<int>(0, half - 1)(m_random);
}

RestoreResult Database::restore(tree::DataTree &tree)
{
    RestoreResult result;
    const auto snapshots = listSnapshots(snapshotDirectory());
    std::int64_t snapshotZxid = -1;
    std::optional<std::pair<std::int64_t, std::int64_t>> loadedDigest;
    for (const auto &[zxid, path] : snapshots) {
        QString error;
        if (auto loaded = readSnapshot(path, tree, &error)) {
            snapshotZxid = loaded->zxid;
            loadedDigest = loaded->digestAtZxid;
            result.sessionTimeouts = loaded->sessionTimeouts;
            result.snapshotUsed = path;
            break;
        }
        server::logWarning(QStringLiteral("Skipping invalid snapshot %1; falling back to an older one").arg(error));
    }
    const auto logs = listLogFiles(logDirectory());
    if (snapshotZxid < 0) {
        tree.clear();
        // Without a snapshot the logs must hold the whole history, or data would silently vanish.
        if (!logs.empty() && logs.front().first > 1) {
            result.error = QStringLiteral("No valid snapshot in %1 and the transaction logs in %2 start at zxid 0x%3, "
                                          "not at the beginning: cannot recover this data directory")
                               .arg(snapshotDirectory(), logDirectory(), QString::number(logs.front().first, 16));
            return result;
        }
        if (!snapshots.empty() && logs.empty()) {
            result.error = QStringLiteral("Every snapshot in %1 is invalid and there are no transaction logs: "
                                          "cannot recover this data directory").arg(snapshotDirectory());
            return result;
        }
        snapshotZxid = 0;
    }
    std::optional<std::pair<std::int64_t, std::int64_t>> digestAtZxid = loadedDigest;
    m_expectedRestoredDigest.reset();
    auto checkDigest = [&] {
        // As ZooKeeper's compareSnapshotDigests: once the tree is at the zxid the digest was taken at.
        if (!digestAtZxid || tree.lastProcessedZxid() != digestAtZxid->first)
            return;
        // The restored nodes' part may still be summed on another core: compare it when it is there.
        m_expectedRestoredDigest = std::int64_t(std::uint64_t(digestAtZxid->second)
                                                - std::uint64_t(tree.digestOfChangesSinceRestore()));
        m_expectedDigestZxid = digestAtZxid->first;
        digestAtZxid.reset();
        if (tree.restoredDigestReady())
            result.digestMismatch = !verifyRestoredDigest(tree, false);
    };
    checkDigest();
    std::vector<tree::Notification> ignored;
    const LogReadResult replay = replayTransactionLogs(logDirectory(), snapshotZxid, [&](const proto::Transaction &txn) {
        if (txn.header.type == OpCode::CreateSession) {
            if (const auto *create = std::get_if<proto::CreateSessionTxn>(&txn.body))
                result.sessionTimeouts.insert(txn.header.clientId, create->timeOut);
        } else if (txn.header.type == OpCode::CloseSession) {
            result.sessionTimeouts.remove(txn.header.clientId);
        }
        tree.apply(txn, ignored);
        ignored.clear();
        checkDigest();
    });
    if (!replay.fatalError.isEmpty()) {
        result.error = replay.fatalError;
        return result;
    }
    result.transactionsReplayed = replay.transactionsRead;
    result.lastZxid = std::max(snapshotZxid, tree.lastProcessedZxid());
    tree.setLastProcessedZxid(result.lastZxid);
    // Ephemerals of sessions that did not survive belong to nobody: remove them (ZooKeeper's loadData).
    for (const std::int64_t owner : tree.sessionsWithEphemerals()) {
        if (!result.sessionTimeouts.contains(owner)) {
            proto::Transaction kill;
            kill.header = {owner, 0, result.lastZxid, 0, OpCode::CloseSession};
            kill.body = proto::CloseSessionTxn{};
            tree.apply(kill, ignored);
            ignored.clear();
        }
    }
    result.ok = true;
    return result;
}

void Database::start()
{
    m_writerThread = std::thread([this] { writerLoop(); });
}

void Database::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping && !m_writerThread.joinable())
            return;
        m_stopping = true;
    }
    m_wakeUp.notify_all();
    if (m_writerThread.joinable())
        m_writerThread.join();
    m_writer->flush(true);
}

QString Database::writerError() const
{
    std::lock_guard lock(m_mutex);
    return m_writerError;
}

void Database::append(const proto::Transaction &transaction)
{
    QueueEntry entry{transaction.header.zxid, proto::serialize(transaction.header) + proto::encodeTxnBody(transaction)};
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(entry));
        wake = shouldWakeWriterLocked();
    }
    if (wake)
        m_wakeUp.notify_one();
}

namespace {
// More than this many transactions per round go to the writer thread, so that the service
// thread goes on reading and answering while they are synced.
constexpr std::size_t MaximumHeldTransactions = 16;
} // namespace

bool Database::shouldWakeWriterLocked() const
{
    // A snapshot being encoded posts its next slice before the thread could wait, so nothing held
    // now would be committed until it is done: the writer thread takes the transactions meanwhile.
    const bool encodingSnapshot = m_snapshot && !m_snapshot->encoded();
    return !m_holdSmallBatches || m_committing || encodingSnapshot || m_queue.size() > MaximumHeldTransactions;
}

void Database::setHoldSmallBatches(bool hold)
{
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        m_holdSmallBatches = hold;
        wake = !m_queue.empty();
    }
    if (wake)
        m_wakeUp.notify_one();
}

std::optional<std::int64_t> Database::commitHeld()
{
    std::deque<QueueEntry> batch;
    {
        std::lock_guard lock(m_mutex);
        if (m_queue.empty() || m_stopping || !m_writerError.isEmpty())
            return std::nullopt;
        if (shouldWakeWriterLocked()) {
            m_wakeUp.notify_one();
            return std::nullopt;
        }
        m_committing = true;
        batch.swap(m_queue);
    }
    std::int64_t lastZxid = -1;
    const bool ok = writeBatch(batch, &lastZxid);
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        m_committing = false;
        if (!ok) {
            m_writerError = m_writer->errorString();
            server::logError(QStringLiteral("Transaction log failure, writes are no longer acknowledged: ") + m_writerError);
            return std::nullopt;
        }
        wake = m_stopping || (!m_queue.empty() && shouldWakeWriterLocked());
    }
    if (wake)
        m_wakeUp.notify_one();
    if (lastZxid < 0)
        return std::nullopt;
    return lastZxid;
}

void Database::writerLoop()
{
    std::deque<QueueEntry> batch;
    while (true) {
        {
            std::unique_lock lock(m_mutex);
            // While commitHeld() writes a batch on the service thread, the log is its.
            m_wakeUp.wait(lock, [this] { return !m_committing && (m_stopping || !m_queue.empty()); });
            if (m_queue.empty() && m_stopping)
                return;
            m_committing = true;
            batch.swap(m_queue);
        }
        // Group commit: everything that queued up during the previous fdatasync goes in one.
        std::int64_t lastZxid = -1;
        const bool ok = writeBatch(batch, &lastZxid);
        if (!ok) {
            // Never acknowledge what is not on disk: stop acknowledging, report loudly.
            std::lock_guard lock(m_mutex);
            m_committing = false;
            m_writerError = m_writer->errorString();
            server::logError(QStringLiteral("Transaction log failure, writes are no longer acknowledged: ") + m_writerError);
            return;
        }
        if (lastZxid >= 0)
            m_durable(lastZxid);
        std::lock_guard lock(m_mutex);
        m_committing = false;
    }
}

bool Database::writeBatch(std::deque<QueueEntry> &batch, std::int64_t *lastZxid)
{
    bool ok = true;
    for (QueueEntry &entry : batch) {
        if (entry.bytes.isEmpty()) {
            ok = ok && m_writer->flush(m_options.forceSync);
            m_writer->roll();
            continue;
        }
        ok = ok && m_writer->append(entry.zxid, entry.bytes);
        *lastZxid = entry.zxid;
    }
    batch.clear();
    return ok && m_writer->flush(m_options.forceSync);
}

bool Database::verifyRestoredDigest(const tree::DataTree &tree, bool wait)
{
    if (!m_expectedRestoredDigest || (!wait && !tree.restoredDigestReady()))
        return true;
    const std::int64_t expected = *m_expectedRestoredDigest;
    m_expectedRestoredDigest.reset();
    if (tree.restoredDigest() == expected)
        return true;
    server::logWarning(QStringLiteral("Digest mismatch at zxid 0x%1: the snapshot's recorded digest does not match "
                                      "the restored tree (restored nodes sum to %2, expected %3)")
                           .arg(QString::number(m_expectedDigestZxid, 16))
                           .arg(tree.restoredDigest())
                           .arg(expected));
    return false;
}

void Database::transactionApplied(const tree::DataTree &tree, const QHash<std::int64_t, std::int32_t> &sessionTimeouts)
{
    verifyRestoredDigest(tree, false);
    if (++m_appliedSinceSnapshot < m_snapshotThreshold)
        return;
    takeSnapshot(tree, sessionTimeouts);
}

void Database::takeSnapshot(const tree::DataTree &tree, const QHash<std::int64_t, std::int32_t> &sessionTimeouts)
{
    m_appliedSinceSnapshot = 0;
    m_snapshotThreshold = nextSnapshotThreshold();
    if (m_snapshot && !m_snapshot->writerDone()) {
        server::logWarning(QStringLiteral("Too busy to snapshot, skipping"));
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back({0, QByteArray()}); // roll the log in order with the transactions
    }
    m_wakeUp.notify_one();
    m_snapshot.reset();
    m_snapshot = std::make_unique<BackgroundSnapshot>(tree, sessionTimeouts, snapshotDirectory());
    scheduleSnapshotStep(0);
}

bool Database::writeSnapshotNow(const tree::DataTree &tree, const QHash<std::int64_t, std::int32_t> &sessionTimeouts)
{
    QString error;
    const std::int64_t zxid = tree.lastProcessedZxid();
    if (!writeSnapshotFile(snapshotDirectory(), zxid, encodeSnapshot(tree, sessionTimeouts), &error)) {
        server::logWarning(QStringLiteral("Snapshot at zxid 0x%1 not written: %2").arg(QString::number(zxid, 16), error));
        return false;
    }
    server::logInfo(QStringLiteral("Snapshot snapshot.%1 written").arg(QString::number(zxid, 16)));
    return true;
}

void Database::scheduleSnapshotStep(int delayMs)
{
    QTimer::singleShot(delayMs, [this, alive = std::weak_ptr<int>(m_lifetime)] {
        if (alive.expired() || !m_snapshot)
            return;
        switch (m_snapshot->step()) {
        case BackgroundSnapshot::Step::MoreToDo: scheduleSnapshotStep(0); break;
        case BackgroundSnapshot::Step::WriterBusy: scheduleSnapshotStep(1); break;
        case BackgroundSnapshot::Step::Encoded: break;
        }
    });
}

void Database::abandonSnapshot()
{
    m_snapshot.reset();
}

void Database::purge()
{
    const auto snapshots = listSnapshots(snapshotDirectory());
    const int keep = std::max(3, m_options.snapRetainCount);
    if (int(snapshots.size()) <= keep)
        return;
    const std::int64_t oldestKeptZxid = snapshots[size_t(keep - 1)].first;
    for (size_t i = size_t(keep); i < snapshots.size(); ++i) {
        QFile::remove(snapshots[i].second);
        server::logInfo(QStringLiteral("Purged %1").arg(snapshots[i].second));
    }
    // Keep the newest log that starts at or before the oldest kept snapshot: it holds what follows it.
    const auto logs = listLogFiles(logDirectory());
    std::int64_t newestNeededStart = -1;
    for (const auto &[start, path] : logs) {
        if (start <= oldestKeptZxid)
            newestNeededStart = start;
    }
    for (const auto &[start, path] : logs) {
        if (start < newestNeededStart) {
            QFile::remove(path);
            server::logInfo(QStringLiteral("Purged %1").arg(path));
        }
    }
}

void Database::appendEncoded(std::int64_t zxid, const QByteArray &headerAndBody)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(QueueEntry{zxid, headerAndBody});
    }
    m_wakeUp.notify_one();
}

void Database::pauseWriter()
{
    abandonSnapshot();
    stop();
    m_writer->roll();
}

void Database::resumeWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
        m_queue.clear();
    }
    start();
}

bool Database::cutAfter(std::int64_t zxid, QString *error)
{
    if (!truncateTransactionLogs(logDirectory(), zxid, error))
        return false;
    for (const auto &[snapshotZxid, path] : listSnapshots(snapshotDirectory())) {
        if (snapshotZxid > zxid)
            QFile::remove(path);
    }
    return true;
}

bool Database::truncateTo(std::int64_t zxid, QString *error)
{
    pauseWriter();
    const bool ok = cutAfter(zxid, error);
    resumeWriter();
    return ok;
}

bool Database::replaceWith(const QByteArray &bytes, std::int64_t zxid, QString *error)
{
    pauseWriter();
    const bool ok = writeSnapshotFile(snapshotDirectory(), zxid, bytes, error) && cutAfter(zxid, error);
    m_appliedSinceSnapshot = 0;
    resumeWriter();
    return ok;
}

} // namespace zooscope::storage
