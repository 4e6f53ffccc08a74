#pragma once
// Counters behind srvr/stat/mntr/cons (ZooKeeper's ServerStats and per-connection stats).

#include <QtGlobal>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace zooscope::server {

struct LatencyStatistics
{
    qint64 minimumMs = std::numeric_limits<qint64>::max();
    qint64 maximumMs = 0;
    qint64 totalMs = 0;
    qint64 count = 0;

    void record(qint64 latencyMs)
    {
        minimumMs = std::min(minimumMs, latencyMs);
        maximumMs = std::max(maximumMs, latencyMs);
        totalMs += latencyMs;
        ++count;
    }
    qint64 minimum() const { return count == 0 ? 0 : minimumMs; }
    double average() const { return count == 0 ? 0.0 : double(totalMs) / double(count); }
    void reset() { *this = LatencyStatistics{}; }
};

struct ServerStatistics
{
    qint64 packetsReceived = 0;
    qint64 packetsSent = 0;
    LatencyStatistics latency;
    void reset()
    {
        packetsReceived = 0;
        packetsSent = 0;
        latency.reset();
    }
};

struct ConnectionStatistics
{
    qint64 establishedAtMs = 0;
    qint64 packetsReceived = 0;
    qint64 packetsSent = 0;
    qint64 lastResponseAtMs = 0;
    std::int32_t lastCxid = -1;
    std::int64_t lastZxid = -1;
    qint64 lastLatencyMs = 0;
    const char *lastOperation = "NA";
    LatencyStatistics latency;
};

} // namespace zooscope::server
