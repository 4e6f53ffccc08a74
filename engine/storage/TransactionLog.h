#pragma once
// Writing and reading transaction logs in ZooKeeper's format.

#include "proto/Transaction.h"

#include <QString>

#include <functional>
#include <vector>

namespace zooscope::storage {

// Appends entries to log.<zxid> files in one directory. Not thread-safe: one writer thread.
class TransactionLogWriter
{
public:
    TransactionLogWriter(QString directory, qint64 preallocateBytes);
    ~TransactionLogWriter();
    TransactionLogWriter(const TransactionLogWriter &) = delete;
    TransactionLogWriter &operator=(const TransactionLogWriter &) = delete;

    // Buffers one entry (header + body bytes); opens log.<zxid> for the first entry of a file.
    bool append(std::int64_t zxid, const QByteArray &headerAndBody);
    // Writes the buffer and, if `fsync`, makes it durable (fdatasync). False on I/O error.
    bool flush(bool fsync);
    // The next append starts a new file.
    void roll();
    QString errorString() const { return m_error; }

private:
    bool openFile(std::int64_t firstZxid);
    void closeFile();

    QString m_directory;
    qint64 m_preallocateBytes;
    int m_fd = -1;
    qint64 m_position = 0;
    qint64 m_allocated = 0;
    QByteArray m_buffer;
    QString m_error;
};

struct LogReadResult
{
    std::int64_t lastZxid = -1;   // last transaction read (or -1)
    qint64 transactionsRead = 0;
    QString problem;              // a torn or corrupt tail that was truncated, empty if none
    QString fatalError;           // unreadable: the directory cannot be recovered
};

// Reads every transaction with zxid > afterZxid from the logs in `directory`, in order, and
// hands it to `apply`. A torn or corrupt entry ends the history: the file is truncated there and
// later log files are moved aside, each with a log line naming file and offset.
LogReadResult replayTransactionLogs(const QString &directory, std::int64_t afterZxid,
                                    const std::function<void(const proto::Transaction &)> &apply);

// Removes every logged transaction after `zxid` (a learner told to TRUNC, or replaced by a SNAP):
// files that start after it are deleted, the one holding it is cut after it.
bool truncateTransactionLogs(const QString &directory, std::int64_t zxid, QString *error);

// Log files sorted by their first zxid.
std::vector<std::pair<std::int64_t, QString>> listLogFiles(const QString &directory);

} // namespace zooscope::storage
