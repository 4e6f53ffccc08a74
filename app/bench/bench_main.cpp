// zooscope-bench: pipelined getData/setData load (or a bulk create) against any ZooKeeper-protocol
// server; prints one JSON object. See --help and docs/performance.md.

#include "BenchOptions.h"
#include "BenchSession.h"
#include "ProcessCpu.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

using namespace zooscope::bench;

namespace {

int digitsFor(int count, int minimum)
{
    int digits = 1;
    for (int n = std::max(count - 1, 0); n >= 10; n /= 10)
        ++digits;
    return std::max(digits, minimum);
}

class Controller : public QObject
{
public:
    explicit Controller(BenchOptions options) : m_options(std::move(options)) {}

    ~Controller() override { stopThreads(); }

    void start()
    {
        m_control.clock.start();
        for (const qint64 pid : m_options.serverPids) {
            QString error;
            if (!processCpuSeconds(pid, &error)) {
                fatal(QStringLiteral("--server-pid %1: %2").arg(pid).arg(error), 2);
                return;
            }
        }
        const QByteArray value(m_options.valueSize, 'v');
        for (int t = 0; t < m_options.threads; ++t) {
            auto thread = std::make_unique<QThread>();
            thread->setObjectName(QStringLiteral("bench-%1").arg(t));
            m_threads.push_back(std::move(thread));
        }
        m_keyDigits = digitsFor(m_options.keys, 4);
        for (int i = 0; i < m_options.sessions; ++i) {
            SessionOptions sessionOptions;
            sessionOptions.host = m_options.host;
            sessionOptions.port = m_options.port;
            sessionOptions.outstanding = m_options.outstanding;
            sessionOptions.readPercent = m_options.readPercent;
            sessionOptions.value = value;
            sessionOptions.keys = m_options.keys;
            sessionOptions.keyPrefix = QByteArrayLiteral("/bench/k");
            sessionOptions.keyDigits = m_keyDigits;
            sessionOptions.sessionTimeoutMs = m_options.sessionTimeoutMs;
            sessionOptions.stallTimeoutMs = qint64(m_options.stallTimeoutSeconds * 1000);
            sessionOptions.seed = 0x9E3779B97F4A7C15ull * quint64(i + 1);
            m_stats.push_back(std::make_unique<SessionStats>());
            auto *session = new BenchSession(i, sessionOptions, m_control, *m_stats.back());
            QThread *thread = m_threads[i % m_threads.size()].get();
            session->moveToThread(thread);
            connect(thread, &QThread::finished, session, &QObject::deleteLater);
            connect(session, &BenchSession::opened, this, [this](int) { onOpened(); });
            connect(session, &BenchSession::createsDone, this, [this](int index) { onCreatesDone(index); });
            connect(session, &BenchSession::closed, this, [this](int) { onClosed(); });
            connect(session, &BenchSession::failed, this,
                    [this](int, const QString &message) { fatal(message, 1); });
            m_sessions.push_back(session);
        }
        for (auto &thread : m_threads)
            thread->start();
        for (BenchSession *session : m_sessions)
            QMetaObject::invokeMethod(session, &BenchSession::open, Qt::QueuedConnection);
    }

    int exitCode() const { return m_exitCode; }

private:
    void onOpened()
    {
        if (++m_opened < int(m_sessions.size()))
            return;
        if (m_options.populate > 0) {
            startPopulate();
        } else if (m_options.skipSetup) {
            startLoad();
        } else {
            m_setupActive = true;
            BenchSession *first = m_sessions.front();
            const int keys = m_options.keys;
            const int digits = m_keyDigits;
            QMetaObject::invokeMethod(
                first,
                [first, keys, digits] {
                    first->createNodes(QByteArrayLiteral("/bench"), QByteArrayLiteral("/bench/k"), 0, keys, digits);
                },
                Qt::QueuedConnection);
        }
    }

    void startPopulate()
    {
        const int sessions = int(m_sessions.size());
        const int total = m_options.populate;
        const int digits = digitsFor(total, 7);
        m_populateStartNs = m_control.now();
        m_populateCpuStart = serverCpu();
        int first = 0;
        for (int i = 0; i < sessions; ++i) {
            const int count = total / sessions + (i < total % sessions ? 1 : 0);
            BenchSession *session = m_sessions[i];
            QMetaObject::invokeMethod(
                session,
                [session, first, count, digits] {
                    session->createNodes(QByteArrayLiteral("/populate"), QByteArrayLiteral("/populate/n"), first,
                                         count, digits);
                },
                Qt::QueuedConnection);
            first += count;
        }
    }

    void onCreatesDone(int)
    {
        if (m_setupActive) {
            m_setupActive = false;
            startLoad();
            return;
        }
        if (++m_createsDone < int(m_sessions.size()))
            return;
        m_populateEndNs = m_control.now();
        m_populateCpuEnd = serverCpu();
        stopAll();
    }

    void startLoad()
    {
        for (BenchSession *session : m_sessions)
            QMetaObject::invokeMethod(session, &BenchSession::startLoad, Qt::QueuedConnection);
        QTimer::singleShot(int(m_options.warmupSeconds * 1000), this, [this] {
            if (m_failed)
                return;
            m_cpuStart = serverCpu();
            m_clientCpuStart = ownCpuSeconds();
            m_control.measureStartNs.store(m_control.now(), std::memory_order_release);
            QTimer::singleShot(int(m_options.durationSeconds * 1000), this, [this] {
                if (m_failed)
                    return;
                m_control.measureEndNs.store(m_control.now(), std::memory_order_release);
                m_cpuEnd = serverCpu();
                m_clientCpuEnd = ownCpuSeconds();
                stopAll();
            });
        });
    }

    void stopAll()
    {
        for (BenchSession *session : m_sessions)
            QMetaObject::invokeMethod(session, &BenchSession::stop, Qt::QueuedConnection);
    }

    void onClosed()
    {
        if (++m_closed < int(m_sessions.size()) || m_failed)
            return;
        stopThreads();
        const QJsonObject result = m_options.populate > 0 ? populateResult() : loadResult();
        std::fprintf(stdout, "%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        if (result.value(QStringLiteral("errors")).toInteger() > 0) {
            std::fprintf(stderr, "zooscope-bench: the server answered %lld requests with an error code: %s\n",
                         result.value(QStringLiteral("errors")).toInteger(),
                         QJsonDocument(result.value(QStringLiteral("error_codes")).toObject())
                             .toJson(QJsonDocument::Compact)
                             .constData());
            m_exitCode = 3;
        }
        QCoreApplication::exit(m_exitCode);
    }

    void fatal(const QString &message, int code)
    {
        if (m_failed)
            return;
        m_failed = true;
        m_exitCode = code;
        std::fprintf(stderr, "zooscope-bench: error: %s\n", qPrintable(message));
        QJsonObject result{{QStringLiteral("error"), message}};
        std::fprintf(stdout, "%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
        stopThreads();
        QCoreApplication::exit(code);
    }

    void stopThreads()
    {
        for (auto &thread : m_threads) {
            thread->quit();
            thread->wait();
        }
        m_threads.clear();
        m_sessions.clear(); // deleted in their threads on QThread::finished
    }

    std::optional<double> serverCpu() const
    {
        if (m_options.serverPids.empty())
            return std::nullopt;
        double total = 0;
        for (const qint64 pid : m_options.serverPids) {
            const std::optional<double> seconds = processCpuSeconds(pid);
            if (!seconds)
                return std::nullopt;
            total += *seconds;
        }
        return total;
    }

    struct Totals
    {
        qint64 errors = 0;
        qint64 created = 0;
        qint64 existed = 0;
        qint64 outOfOrder = 0;
        qint64 pings = 0;
        QJsonObject errorCodes;
    };

    Totals totals() const
    {
        Totals t;
        std::map<int, qint64> codes;
        for (const auto &stats : m_stats) {
            t.errors += stats->errors;
            t.created += stats->created;
            t.existed += stats->alreadyExisted;
            t.outOfOrder += stats->outOfOrderReplies;
            t.pings += stats->pingsSent;
            for (const auto &[code, count] : stats->errorCodes)
                codes[code] += count;
        }
        for (const auto &[code, count] : codes)
            t.errorCodes.insert(QString::number(code), count);
        return t;
    }

    QJsonObject commonFields() const
    {
        return {{QStringLiteral("connect"), QStringLiteral("%1:%2").arg(m_options.host).arg(m_options.port)},
                {QStringLiteral("sessions"), m_options.sessions},
                {QStringLiteral("outstanding"), m_options.outstanding},
                {QStringLiteral("threads"), m_options.threads},
                {QStringLiteral("value_size"), m_options.valueSize}};
    }

    static QJsonValue optionalNumber(std::optional<double> value)
    {
        return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
    }

    // Sorted latencies of every measured completion, and of the reads and the writes alone.
    struct Latencies
    {
        std::vector<qint64> all;
        std::vector<qint64> reads;
        std::vector<qint64> writes;
    };

    Latencies collectLatencies() const
    {
        Latencies l;
        for (const auto &stats : m_stats) {
            l.reads.insert(l.reads.end(), stats->readLatenciesNs.begin(), stats->readLatenciesNs.end());
            l.writes.insert(l.writes.end(), stats->writeLatenciesNs.begin(), stats->writeLatenciesNs.end());
        }
        l.all.reserve(l.reads.size() + l.writes.size());
        l.all.insert(l.all.end(), l.reads.begin(), l.reads.end());
        l.all.insert(l.all.end(), l.writes.begin(), l.writes.end());
        std::sort(l.all.begin(), l.all.end());
        std::sort(l.reads.begin(), l.reads.end());
        std::sort(l.writes.begin(), l.writes.end());
        return l;
    }

    // Nearest-rank percentile in microseconds; null when there are no samples.
    static QJsonValue percentileUs(const std::vector<qint64> &sorted, double q)
    {
        if (sorted.empty())
            return QJsonValue(QJsonValue::Null);
        const size_t rank = size_t(std::ceil(q * double(sorted.size())));
        const size_t index = std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1);
        return double(sorted[index]) / 1000.0;
    }

    static QJsonValue maxUs(const std::vector<qint64> &sorted)
    {
        return sorted.empty() ? QJsonValue(QJsonValue::Null) : QJsonValue(double(sorted.back()) / 1000.0);
    }

    static QJsonValue meanUs(const std::vector<qint64> &values)
    {
        if (values.empty())
            return QJsonValue(QJsonValue::Null);
        double sum = 0;
        for (qint64 ns : values)
            sum += double(ns);
        return sum / double(values.size()) / 1000.0;
    }

    QJsonObject loadResult() const
    {
        const Totals t = totals();
        const Latencies latencies = collectLatencies();
        const qint64 windowNs = m_control.measureEndNs.load() - m_control.measureStartNs.load();
        const double windowSeconds = double(windowNs) / 1e9;
        const qint64 ops = qint64(latencies.all.size());
        QJsonObject result = commonFields();
        result.insert(QStringLiteral("mode"), QStringLiteral("load"));
        result.insert(QStringLiteral("read_percent"), m_options.readPercent);
        result.insert(QStringLiteral("keys"), m_options.keys);
        result.insert(QStringLiteral("duration_s"), windowSeconds);
        result.insert(QStringLiteral("ops"), ops);
        result.insert(QStringLiteral("reads"), qint64(latencies.reads.size()));
        result.insert(QStringLiteral("writes"), qint64(latencies.writes.size()));
        result.insert(QStringLiteral("ops_per_sec"), windowSeconds > 0 ? double(ops) / windowSeconds : 0.0);
        result.insert(QStringLiteral("p50_us"), percentileUs(latencies.all, 0.50));
        result.insert(QStringLiteral("p99_us"), percentileUs(latencies.all, 0.99));
        result.insert(QStringLiteral("max_us"), maxUs(latencies.all));
        result.insert(QStringLiteral("mean_us"), meanUs(latencies.all));
        result.insert(QStringLiteral("read_p50_us"), percentileUs(latencies.reads, 0.50));
        result.insert(QStringLiteral("read_p99_us"), percentileUs(latencies.reads, 0.99));
        result.insert(QStringLiteral("write_p50_us"), percentileUs(latencies.writes, 0.50));
        result.insert(QStringLiteral("write_p99_us"), percentileUs(latencies.writes, 0.99));
        result.insert(QStringLiteral("write_mean_us"), meanUs(latencies.writes));
        std::optional<double> serverCpuSeconds;
        if (m_cpuStart && m_cpuEnd)
            serverCpuSeconds = *m_cpuEnd - *m_cpuStart;
        result.insert(QStringLiteral("server_cpu_seconds"), optionalNumber(serverCpuSeconds));
        result.insert(QStringLiteral("server_cpu_us_per_op"),
                      serverCpuSeconds && ops > 0 ? QJsonValue(*serverCpuSeconds * 1e6 / double(ops))
                                                  : QJsonValue(QJsonValue::Null));
        result.insert(QStringLiteral("client_cpu_seconds"), m_clientCpuEnd - m_clientCpuStart);
        result.insert(QStringLiteral("errors"), t.errors);
        result.insert(QStringLiteral("error_codes"), t.errorCodes);
        result.insert(QStringLiteral("out_of_order_replies"), t.outOfOrder);
        result.insert(QStringLiteral("pings_sent"), t.pings);
        return result;
    }

    QJsonObject populateResult() const
    {
        const Totals t = totals();
        const double elapsed = double(m_populateEndNs - m_populateStartNs) / 1e9;
        QJsonObject result = commonFields();
        result.insert(QStringLiteral("mode"), QStringLiteral("populate"));
        result.insert(QStringLiteral("znodes"), m_options.populate);
        result.insert(QStringLiteral("created"), t.created);
        result.insert(QStringLiteral("already_existed"), t.existed);
        result.insert(QStringLiteral("elapsed_s"), elapsed);
        result.insert(QStringLiteral("creates_per_sec"), elapsed > 0 ? double(t.created) / elapsed : 0.0);
        std::optional<double> serverCpuSeconds;
        if (m_populateCpuStart && m_populateCpuEnd)
            serverCpuSeconds = *m_populateCpuEnd - *m_populateCpuStart;
        result.insert(QStringLiteral("server_cpu_seconds"), optionalNumber(serverCpuSeconds));
        result.insert(QStringLiteral("errors"), t.errors);
        result.insert(QStringLiteral("error_codes"), t.errorCodes);
        result.insert(QStringLiteral("out_of_order_replies"), t.outOfOrder);
        return result;
    }

    BenchOptions m_options;
    RunControl m_control;
    std::vector<std::unique_ptr<QThread>> m_threads;
    std::vector<std::unique_ptr<SessionStats>> m_stats;
    std::vector<BenchSession *> m_sessions;
    int m_keyDigits = 4;
    int m_opened = 0;
    int m_createsDone = 0;
    int m_closed = 0;
    bool m_setupActive = false;
    bool m_failed = false;
    int m_exitCode = 0;
    std::optional<double> m_cpuStart;
    std::optional<double> m_cpuEnd;
    double m_clientCpuStart = 0;
    double m_clientCpuEnd = 0;
    qint64 m_populateStartNs = 0;
    qint64 m_populateEndNs = 0;
    std::optional<double> m_populateCpuStart;
    std::optional<double> m_populateCpuEnd;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("zooscope-bench"));
    const ParsedOptions parsed = parseBenchOptions(QCoreApplication::arguments());
    if (!parsed.options)
        return parsed.exitCode;
    Controller controller(*parsed.options);
    QTimer::singleShot(0, &controller, [&controller] { controller.start(); });
    const int code = application.exec();
    return code != 0 ? code : controller.exitCode();
}
