#include "QuotaEnforcer.h"

#include "Log.h"
#include "QuotaMetrics.h"
#include "proto/StatsTrack.h"
#include "tree/DataTree.h"

namespace zooscope::server {

using proto::StatsTrack;
namespace Quotas = proto::Quotas;

namespace {
constexpr qint64 LogIntervalMs = 100; // RateLogger's default
}

QuotaEnforcer::QuotaEnforcer(const tree::DataTree &tree)
    : m_tree(tree)
{
    m_clock.start();
}

QuotaEnforcer::~QuotaEnforcer()
{
    flush();
}

bool QuotaEnforcer::allows(const QByteArray &path, qint64 bytesDiff, qint64 countDiff)
{
    const bool allowed = check(path, bytesDiff, countDiff);
    if (!allowed) {
        if (const QString ns = topNamespace(path); !ns.isEmpty())
            ++m_exceeded[ns];
    }
    return allowed;
}

bool QuotaEnforcer::check(const QByteArray &path, qint64 bytesDiff, qint64 countDiff)
{
    const QByteArray quotaPath = m_tree.maxPrefixWithQuota(path);
    if (quotaPath.isEmpty())
        return true;
    const tree::DataNode *limitNode = m_tree.find(Quotas::limitPath(quotaPath));
    if (!limitNode) {
        logError(
            QStringLiteral("Missing limit node for quota %1").arg(QString::fromUtf8(Quotas::limitPath(quotaPath))));
        return true;
    }
    const StatsTrack limits = StatsTrack::parse(limitNode->dataView());
    const bool checkCount = countDiff != 0 && (limits.count() > -1 || limits.countHardLimit() > -1);
    const bool checkBytes = bytesDiff != 0 && (limits.bytes() > -1 || limits.byteHardLimit() > -1);
    if (!checkCount && !checkBytes)
        return true;
    const tree::DataNode *statNode = m_tree.find(Quotas::statPath(quotaPath));
    if (!statNode) {
        logError(QStringLiteral("Missing node for stat %1").arg(QString::fromUtf8(Quotas::statPath(quotaPath))));
        return true;
    }
    const StatsTrack current = StatsTrack::parse(statNode->dataView());
    const QString quota = QString::fromUtf8(quotaPath);
    if (checkCount) {
        const qint64 newCount = current.count() + countDiff;
        const bool hard = limits.countHardLimit() > -1;
        const qint64 limit = hard ? limits.countHardLimit() : limits.count();
        if (newCount > limit) {
            rateLimitLog(QStringLiteral("Quota exceeded: %1 [current count=%2, %3CountLimit=%4]")
                             .arg(quota)
                             .arg(newCount)
                             .arg(hard ? QStringLiteral("hard") : QStringLiteral("soft"))
                             .arg(limit));
            if (hard)
                return false;
        }
    }
    if (checkBytes) {
        const qint64 newBytes = current.bytes() + bytesDiff;
        const bool hard = limits.byteHardLimit() > -1;
        const qint64 limit = hard ? limits.byteHardLimit() : limits.bytes();
        if (newBytes > limit) {
            rateLimitLog(QStringLiteral("Quota exceeded: %1 [current bytes=%2, %3ByteLimit=%4]")
                             .arg(quota)
                             .arg(newBytes)
                             .arg(hard ? QStringLiteral("hard") : QStringLiteral("soft"))
                             .arg(limit));
            if (hard)
                return false;
        }
    }
    return true;
}

void QuotaEnforcer::rateLimitLog(const QString &message)
{
    const qint64 now = m_clock.elapsed();
    if (message == m_message) {
        ++m_repeats;
        if (now - m_timestamp >= LogIntervalMs) {
            flush();
            m_message = message;
            m_timestamp = now;
        }
        return;
    }
    flush();
    m_message = message;
    m_timestamp = now;
    warn(QStringLiteral("Message:%1 Value:null").arg(message));
}

void QuotaEnforcer::flush()
{
    if (!m_message.isEmpty() && m_repeats > 0) {
        const QString times = m_repeats > 1 ? QStringLiteral("[%1 times] ").arg(m_repeats) : QString();
        warn(times + QStringLiteral("Message: ") + m_message);
    }
    m_message.clear();
    m_repeats = 0;
}

void QuotaEnforcer::warn(const QString &text)
{
    m_lastWarning = text;
    logWarning(text);
}

} // namespace zooscope::server
