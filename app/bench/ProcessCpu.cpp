#include "ProcessCpu.h"

#include <QFile>

#include <sys/resource.h>
#include <unistd.h>

namespace zooscope::bench {

std::optional<double> processCpuSeconds(qint64 pid, QString *error)
{
    const QString path = QStringLiteral("/proc/%1/stat").arg(pid);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray line = file.readAll();
    // "pid (comm) state ppid ..." - comm may contain spaces and parentheses, so split after the last ')'.
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0) {
        if (error)
            *error = QStringLiteral("unexpected format of %1").arg(path);
        return std::nullopt;
    }
    const QList<QByteArray> fields = line.mid(close + 2).simplified().split(' ');
    // fields[0] is field 3 (state); utime is field 14 and stime field 15.
    constexpr int UtimeIndex = 14 - 3;
    constexpr int StimeIndex = 15 - 3;
    if (fields.size() <= StimeIndex) {
        if (error)
            *error = QStringLiteral("too few fields in %1").arg(path);
        return std::nullopt;
    }
    bool okUser = false;
    bool okSystem = false;
    const qulonglong user = fields[UtimeIndex].toULongLong(&okUser);
    const qulonglong system = fields[StimeIndex].toULongLong(&okSystem);
    const long ticksPerSecond = ::sysconf(_SC_CLK_TCK);
    if (!okUser || !okSystem || ticksPerSecond <= 0) {
        if (error)
            *error = QStringLiteral("cannot parse utime/stime in %1").arg(path);
        return std::nullopt;
    }
    return double(user + system) / double(ticksPerSecond);
}

double ownCpuSeconds()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval &tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

} // namespace zooscope::bench
