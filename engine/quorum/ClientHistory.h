#pragma once
// What simulated clients asked an ensemble and what they were told, and a check of ZooKeeper's
// consistency guarantees over it: writes are linearizable (a write that starts after another was
// acknowledged gets a later zxid), and a sync followed by a read sees every write acknowledged
// before the sync started (and nothing older than a read that completed before it started).
// Operations that never completed only constrain nothing; crashes may leave them pending.

#include "Vote.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace zooscope::quorum {

struct ClientOperation
{
    enum class Kind : std::uint8_t { Write, SyncRead };
    Kind kind = Kind::Write;
    ServerId via = 0;
    qint64 invokedMs = 0;
    std::optional<qint64> completedMs;
    Zxid zxid = 0; // a write: its zxid; a read: the last zxid the member had applied
    QByteArray payload;
};

class ClientHistory
{
public:
    int invoke(ClientOperation::Kind kind, ServerId via, qint64 nowMs, const QByteArray &payload = {});
    void complete(int operation, qint64 nowMs, Zxid zxid);
    const std::vector<ClientOperation> &operations() const { return m_operations; }
    std::size_t completedCount() const;
    // Empty when the history satisfies the guarantees; otherwise the first violation found.
    QString check() const;

private:
    std::vector<ClientOperation> m_operations;
};

} // namespace zooscope::quorum
