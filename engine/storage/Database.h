#pragma once
// Durable storage for one member, as ZooKeeper's FileTxnSnapLog + SyncRequestProcessor:
// restore (newest valid snapshot + logs), a writer thread that group-commits transactions
// (many per fdatasync) and reports them durable (a standalone server syncs small rounds itself,
// see setHoldSmallBatches), fuzzy snapshots every ~snapCount transactions
// (encoded in slices between requests, written on a background thread), and purging of old files.

#include "BackgroundSnapshot.h"
#include "Snapshot.h"
#include "server/ZooKeeperService.h"

#include <QHash>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

namespace zooscope::storage {

class TransactionLogWriter;

struct DatabaseOptions
{
    QString dataDirectory;
    QString dataLogDirectory; // empty: dataDirectory
    int snapCount = 100000;
    qint64 preallocateBytes = 64 * 1024 * 1024;
    bool forceSync = true;
    int snapRetainCount = 3;
};

struct RestoreResult
{
    bool ok = false;
    QString error;
    std::int64_t lastZxid = 0;
    QHash<std::int64_t, std::int32_t> sessionTimeouts;
    qint64 transactionsReplayed = 0;
    QString snapshotUsed;
    // The snapshot recorded ZooKeeper's tree digest and the replayed tree disagreed with it.
    bool digestMismatch = false;
};

class Database final : public server::TransactionPersistence
{
public:
    // `durable` runs on the writer thread with the highest durable zxid; marshal it yourself.
    Database(DatabaseOptions options, std::function<void(std::int64_t)> durable);
    ~Database() override;

    RestoreResult restore(tree::DataTree &tree);
    void start();
    void stop();

    void append(const proto::Transaction &transaction) override;
    // Standalone: a few transactions arriving while the writer thread is idle are held for
    // commitHeld() instead of waking it. A lone client's write then costs no thread handoff
    // (no futex wake, no event posted back); under load the writer thread group-commits as before.
    void setHoldSmallBatches(bool hold);
    // Call whenever the service thread is about to wait for input. Held transactions are written
    // and fdatasynced right here while the writer thread is idle and there are few of them (returns
    // the highest zxid made durable; the caller applies them); otherwise the writer is woken.
    // The thread must get to wait: nothing may post events to it in a loop while transactions are
    // held (a snapshot's slices do, so nothing is held while one is encoded).
    std::optional<std::int64_t> commitHeld();
    // Ensemble: an already-encoded transaction (a ZAB proposal's payload: TxnHeader + txn).
    void appendEncoded(std::int64_t zxid, const QByteArray &headerAndBody);
    // Ensemble: removes every transaction after `zxid` from the logs and drops newer snapshots
    // (a learner told to TRUNC); the writer goes on in a new log file. Call restore() afterwards.
    bool truncateTo(std::int64_t zxid, QString *error);
    // Ensemble: what is on disk becomes the snapshot `bytes` taken at `zxid` (a learner got SNAP).
    bool replaceWith(const QByteArray &bytes, std::int64_t zxid, QString *error);
    // Called on the service thread after each applied transaction: may start a snapshot.
    void transactionApplied(const tree::DataTree &tree, const QHash<std::int64_t, std::int32_t> &sessionTimeouts);
    // Starts a fuzzy snapshot; it advances from the calling thread's event loop.
    void takeSnapshot(const tree::DataTree &tree, const QHash<std::int64_t, std::int32_t> &sessionTimeouts);
    // A whole snapshot, encoded and written on the calling thread (at shutdown).
    bool writeSnapshotNow(const tree::DataTree &tree, const QHash<std::int64_t, std::int32_t> &sessionTimeouts);
    bool snapshotInProgress() const { return m_snapshot && !m_snapshot->writerDone(); }
    // Drops the snapshot in progress (the tree is about to be replaced, or the server stops).
    void abandonSnapshot();
    // Deletes all but the newest snapRetainCount snapshots and the logs only they needed.
    void purge();
    // Compares the digest the restored snapshot recorded with the tree once the restored nodes'
    // part is summed (waiting for it if asked); false, with a warning logged, on a mismatch.
    bool verifyRestoredDigest(const tree::DataTree &tree, bool wait);
    QString writerError() const;

private:
    void writerLoop();
    struct QueueEntry;
    // Writes and syncs one batch in order (lastZxid: the highest written, -1 for none); false on failure.
    bool writeBatch(std::deque<QueueEntry> &batch, std::int64_t *lastZxid);
    bool shouldWakeWriterLocked() const;
    void pauseWriter();
    void resumeWriter();
    bool cutAfter(std::int64_t zxid, QString *error);
    QString snapshotDirectory() const;
    QString logDirectory() const;
    int nextSnapshotThreshold();
    void scheduleSnapshotStep(int delayMs);

    DatabaseOptions m_options;
    std::function<void(std::int64_t)> m_durable;
    std::unique_ptr<TransactionLogWriter> m_writer;
    std::thread m_writerThread;
    mutable std::mutex m_mutex;
    std::condition_variable m_wakeUp;
    struct QueueEntry
    {
        std::int64_t zxid = 0;
        QByteArray bytes; // empty: roll to a new log file
    };
    std::deque<QueueEntry> m_queue;
    bool m_stopping = false;
    bool m_holdSmallBatches = false;
    // A batch is being written, by the writer thread or by commitHeld(): the log is not shared.
    bool m_committing = false;
    QString m_writerError;

    std::unique_ptr<BackgroundSnapshot> m_snapshot;
    std::optional<std::int64_t> m_expectedRestoredDigest;
    std::int64_t m_expectedDigestZxid = 0;
    // Scheduled steps hold a weak reference: they do nothing once the Database is gone.
    std::shared_ptr<int> m_lifetime = std::make_shared<int>(0);
    int m_appliedSinceSnapshot = 0;
    int m_snapshotThreshold = 0;
    std::mt19937 m_random{std::random_device{}()};
};

} // namespace zooscope::storage
