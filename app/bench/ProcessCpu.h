#pragma once
// CPU time of a process (utime + stime from /proc/PID/stat) and of this process (getrusage).

#include <QString>

#include <optional>

namespace zooscope::bench {

// Seconds of CPU the process has used so far, or nullopt (with error set) if it cannot be read.
std::optional<double> processCpuSeconds(qint64 pid, QString *error = nullptr);

// User + system CPU seconds of this process, all threads.
double ownCpuSeconds();

} // namespace zooscope::bench
