#include "StatFormatter.h"

#include <QCoreApplication>
#include <QDateTime>

namespace zooscope::ui {

namespace {
QString hex(std::int64_t value)
{
    return QStringLiteral("0x") + QString::number(quint64(value), 16);
}
} // namespace

QString StatFormatter::zxid(std::int64_t zxid)
{
    const quint64 bits = quint64(zxid);
    return QCoreApplication::translate("StatFormatter", "%1 (epoch %2, counter %3)").arg(hex(zxid)).arg(bits >> 32).arg(bits & 0xffffffffu);
}

QString StatFormatter::time(std::int64_t millisecondsSinceEpoch)
{
    if (millisecondsSinceEpoch == 0)
        return QStringLiteral("0");
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(millisecondsSinceEpoch, Qt::LocalTime);
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz t"));
}

QString StatFormatter::session(std::int64_t sessionId)
{
    return sessionId == 0 ? QCoreApplication::translate("StatFormatter", "none (not ephemeral)") : hex(sessionId);
}

QList<StatField> StatFormatter::fields(const client::Stat &stat)
{
    return {
        {QStringLiteral("czxid"), QCoreApplication::translate("StatFormatter", "Created zxid"), zxid(stat.czxid)},
        {QStringLiteral("mzxid"), QCoreApplication::translate("StatFormatter", "Modified zxid"), zxid(stat.mzxid)},
        {QStringLiteral("ctime"), QCoreApplication::translate("StatFormatter", "Created"), time(stat.ctime)},
        {QStringLiteral("mtime"), QCoreApplication::translate("StatFormatter", "Modified"), time(stat.mtime)},
        {QStringLiteral("version"), QCoreApplication::translate("StatFormatter", "Data version"), QString::number(stat.version)},
        {QStringLiteral("cversion"), QCoreApplication::translate("StatFormatter", "Children version"), QString::number(stat.cversion)},
        {QStringLiteral("aversion"), QCoreApplication::translate("StatFormatter", "ACL version"), QString::number(stat.aversion)},
        {QStringLiteral("ephemeralOwner"), QCoreApplication::translate("StatFormatter", "Ephemeral owner"), session(stat.ephemeralOwner)},
        {QStringLiteral("dataLength"), QCoreApplication::translate("StatFormatter", "Data length"), QString::number(stat.dataLength)},
        {QStringLiteral("numChildren"), QCoreApplication::translate("StatFormatter", "Children"), QString::number(stat.numChildren)},
        {QStringLiteral("pzxid"), QCoreApplication::translate("StatFormatter", "Children zxid"), zxid(stat.pzxid)},
    };
}

} // namespace zooscope::ui
