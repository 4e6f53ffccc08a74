#pragma once
// One fuzzy snapshot in progress, as ZooKeeper's SyncRequestProcessor takes them: the tree's
// thread encodes a slice of nodes at a time between requests (step()), a writer thread appends
// the slices to a temporary file, and after the last node it writes the trailer (zxid and
// digest as of then), fsyncs and renames the file into place. Nothing is copied up front, so
// memory stays flat and no request waits for more than one slice.

#include "Snapshot.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace zooscope::storage {

class BackgroundSnapshot
{
public:
    // About a millisecond or two of encoding: small enough not to be felt by requests, large
    // enough that a 150 MB snapshot finishes before the next is due under a full write load
    // (at 256 KiB a million-node tree skipped most snapshots while being populated).
    static constexpr qsizetype DefaultSliceBytes = 1024 * 1024;
    BackgroundSnapshot(const tree::DataTree &tree, const QHash<std::int64_t, std::int32_t> &sessionTimeouts,
                       QString directory, qsizetype sliceBytes = DefaultSliceBytes);
    // Waits for the writer; an unfinished snapshot is abandoned and its temporary file removed.
    ~BackgroundSnapshot();

    std::int64_t zxid() const { return m_encoder.zxid(); }
    enum class Step { MoreToDo, WriterBusy, Encoded };
    // On the tree's thread: encodes one slice, unless the writer is behind.
    Step step();
    // Encodes what is left and waits until the file is in place; false if writing failed.
    bool finish(QString *error = nullptr);
    // True once the writer thread is done (file in place, or failed).
    bool writerDone() const;
    bool encoded() const { return m_encoded; }

private:
    void writerLoop();
    void queue(QByteArray chunk, bool last);

    const tree::DataTree &m_tree;
    SnapshotEncoder m_encoder;
    QString m_directory;
    qsizetype m_sliceBytes;
    bool m_encoded = false;

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<QByteArray> m_chunks;
    bool m_lastChunkQueued = false;
    std::int64_t m_finalZxid = 0;
    std::int64_t m_finalDigest = 0;
    bool m_abandoned = false;
    bool m_writerDone = false;
    bool m_writerOk = false;
    QString m_writerError;
    std::thread m_writer;
};

} // namespace zooscope::storage
