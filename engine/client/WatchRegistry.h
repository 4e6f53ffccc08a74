#pragma once
// The client's record of the watches the server holds for its session (Java's ZKWatchManager),
// by client path: what a read left behind, what an event consumed, and what to re-register
// with setWatches after reconnecting to another server.

#include "ClientTypes.h"
#include "ConnectString.h"
#include "WatchEvent.h"

#include <array>
#include <set>
#include <vector>

namespace zooscope::client {

class WatchRegistry
{
public:
    enum class Kind { Data, Exist, Child, Persistent, PersistentRecursive };

    // Java batches setWatches so that one packet's paths add up to about this many characters.
    static constexpr int SetWatchesBatchLength = 128 * 1024;

    void add(Kind kind, const QString &path);
    bool contains(Kind kind, const QString &path) const;
    const std::set<QString> &paths(Kind kind) const { return m_paths[index(kind)]; }
    bool isEmpty() const;
    void clear();

    // A server event fired: one-time watches it triggers are gone (persistent ones stay).
    void consume(const WatchEvent &event);
    // removeWatches succeeded for (path, type): forgets the matching watches and returns the
    // local "watch removed" events to report, one per kind of watch that was there.
    std::vector<WatchEvent::Type> remove(const QString &path, WatcherType type);

    struct SetWatchesPacket
    {
        std::int32_t opCode = 0; // SetWatches, or SetWatches2 when the batch holds persistent watches
        QByteArray body;
    };
    // Every watch, as setWatches request bodies of at most about maxBatchLength path bytes each.
    std::vector<SetWatchesPacket> setWatchesPackets(std::int64_t relativeZxid, const ConnectString &paths,
                                                    int maxBatchLength = SetWatchesBatchLength) const;

private:
    static std::size_t index(Kind kind) { return std::size_t(kind); }

    std::array<std::set<QString>, 5> m_paths;
};

} // namespace zooscope::client
