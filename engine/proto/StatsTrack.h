#pragma once
// The text of ZooKeeper's quota nodes (Apache's StatsTrack): "key=value" pairs separated by ',' or
// ';'. Written as "count=C,bytes=B", and when other keys are present "=" then ";key=value" for each
// in sorted order, the shape 3.4 parsers still read. A missing key reads as -1. Also the
// /zookeeper/quota path rules (Apache's Quotas).

#include <QByteArray>
#include <QMap>
#include <QString>

#include <cstdint>

namespace zooscope::proto {

class StatsTrack
{
public:
    static constexpr const char *CountKey = "count";
    static constexpr const char *BytesKey = "bytes";
    static constexpr const char *CountHardLimitKey = "countHardLimit";
    static constexpr const char *ByteHardLimitKey = "byteHardLimit";

    StatsTrack() = default;
    // Pairs without '=' or with a value that is not a number are skipped (Apache would throw).
    static StatsTrack parse(QByteArrayView text);

    std::int64_t count() const { return value(CountKey); }
    std::int64_t bytes() const { return value(BytesKey); }
    std::int64_t countHardLimit() const { return value(CountHardLimitKey); }
    std::int64_t byteHardLimit() const { return value(ByteHardLimitKey); }
    void setCount(std::int64_t count) { setValue(CountKey, count); }
    void setBytes(std::int64_t bytes) { setValue(BytesKey, bytes); }
    void setCountHardLimit(std::int64_t count) { setValue(CountHardLimitKey, count); }
    void setByteHardLimit(std::int64_t bytes) { setValue(ByteHardLimitKey, bytes); }

    std::int64_t value(const QString &key) const { return m_values.value(key, -1); }
    void setValue(const QString &key, std::int64_t value) { m_values.insert(key, value); }

    QString toString() const;
    QByteArray toBytes() const { return toString().toUtf8(); }

private:
    QMap<QString, std::int64_t> m_values; // sorted as Apache sorts the extra keys
};

namespace Quotas {
inline constexpr QByteArrayView ProcZookeeper = "/zookeeper";
inline constexpr QByteArrayView QuotaRoot = "/zookeeper/quota";
inline constexpr QByteArrayView LimitNode = "zookeeper_limits";
inline constexpr QByteArrayView StatNode = "zookeeper_stats";
inline QByteArray quotaPath(QByteArrayView path)
{
    return QuotaRoot.toByteArray().append(path);
}
inline QByteArray limitPath(QByteArrayView path)
{
    return quotaPath(path).append('/').append(LimitNode);
}
inline QByteArray statPath(QByteArrayView path)
{
    return quotaPath(path).append('/').append(StatNode);
}
} // namespace Quotas

} // namespace zooscope::proto
