#include "Log.h"

#include <QDateTime>

#include <atomic>
#include <cstdio>

namespace zooscope::server {

namespace {
std::atomic<int> minimumLevel{int(LogLevel::Info)};

const char *levelName(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug: return "DEBUG";
    case LogLevel::Info: return "INFO ";
    case LogLevel::Warning: return "WARN ";
    case LogLevel::Error: return "ERROR";
    }
    return "INFO ";
}
} // namespace

void setMinimumLogLevel(LogLevel level)
{
    minimumLevel = int(level);
}

void logMessage(LogLevel level, const QString &message)
{
    if (int(level) < minimumLevel)
        return;
    const QByteArray line = QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss,zzz")).toUtf8()
                            + " [" + levelName(level) + "] " + message.toUtf8() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace zooscope::server
