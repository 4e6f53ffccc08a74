#pragma once
// Structured log lines on stderr: time, level, message — the shape ZooKeeper operators grep for.

#include <QString>

namespace zooscope::server {

enum class LogLevel { Debug, Info, Warning, Error };

void logMessage(LogLevel level, const QString &message);
inline void logInfo(const QString &message) { logMessage(LogLevel::Info, message); }
inline void logWarning(const QString &message) { logMessage(LogLevel::Warning, message); }
inline void logError(const QString &message) { logMessage(LogLevel::Error, message); }
void setMinimumLogLevel(LogLevel level);

} // namespace zooscope::server
