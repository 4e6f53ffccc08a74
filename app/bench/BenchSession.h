#pragma once
// One ZooKeeper client session of zooscope-bench: speaks the wire protocol itself (ConnectRequest,
// pipelined RequestHeader + request records, replies matched by xid, pings when idle, closeSession)
// on a non-blocking QTcpSocket driven by the event loop of the thread it lives in.

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <random>
#include <vector>

class QTcpSocket;

namespace zooscope::bench {

// Shared by all sessions (read-only for them): the clock every latency is measured with, and the
// measured window. Completions count when their request was sent at or after measureStartNs and
// their reply arrived before measureEndNs.
struct RunControl
{
    QElapsedTimer clock;
    std::atomic<qint64> measureStartNs{std::numeric_limits<qint64>::max()};
    std::atomic<qint64> measureEndNs{std::numeric_limits<qint64>::max()};
    qint64 now() const { return clock.nsecsElapsed(); }
};

struct SessionOptions
{
    QString host;
    quint16 port = 0;
    int outstanding = 1;              // requests in flight at once
    int readPercent = 100;            // getData share of the load, the rest is setData
    QByteArray value;                 // setData / create payload
    int keys = 0;                     // load picks uniformly among keyPath(0 .. keys-1)
    QByteArray keyPrefix;             // e.g. "/bench/k"
    int keyDigits = 4;
    int sessionTimeoutMs = 30000;     // requested; the server negotiates
    qint64 stallTimeoutMs = 15000;    // no reply to the oldest request for this long: fail
    quint64 seed = 1;
};

// Written only by the session's thread; read by the main thread after that thread has finished.
struct SessionStats
{
    std::vector<qint64> readLatenciesNs;  // measured-window getData completions only
    std::vector<qint64> writeLatenciesNs; // measured-window setData completions only
    qint64 errors = 0;               // replies with err != 0 (NodeExists during creates excluded)
    std::map<int, qint64> errorCodes;
    qint64 outOfOrderReplies = 0;    // reply xid was not the oldest in flight (ZooKeeper keeps order)
    qint64 created = 0;
    qint64 alreadyExisted = 0;
    qint64 totalReplies = 0;
    qint64 pingsSent = 0;
};

QByteArray numberedPath(const QByteArray &prefix, int index, int digits);

class BenchSession : public QObject
{
    Q_OBJECT

public:
    BenchSession(int index, SessionOptions options, const RunControl &control, SessionStats &stats);
    ~BenchSession() override;

    // Call these in the session's thread (QMetaObject::invokeMethod with a queued connection).
    void open();
    // Creates parent (NodeExists is fine), then childPrefix + number for first .. first+count-1,
    // pipelined. Emits createsDone when every reply is in.
    void createNodes(const QByteArray &parent, const QByteArray &childPrefix, int first, int count, int digits);
    void startLoad();
    // Stop issuing, wait for the replies in flight, send closeSession, emit closed.
    void stop();

Q_SIGNALS:
    void opened(int index);
    void createsDone(int index);
    void closed(int index);
    void failed(int index, const QString &message);

private:
    enum class State { Idle, Connecting, Handshake, Ready, Closing, Closed, Failed };
    enum class Work { None, Creates, Load };

    struct InFlight
    {
        std::int32_t xid = 0;
        std::int32_t type = 0;
        qint64 sentNs = 0;
        bool parentCreate = false; // the parent of createNodes: not counted as created
    };

    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    void onWatchdog();

    bool processFrame(const char *data, qsizetype size);
    bool processConnectResponse(const char *data, qsizetype size);
    bool processReply(const char *data, qsizetype size);
    void fillPipeline();
    void issueLoadRequest();
    void issueCreate(const QByteArray &path, bool parent = false);
    void sendPing();
    void sendClose();
    void flush();
    void finishIfDrained();
    void fail(const QString &message);
    QString describe() const;

    const int m_index;
    const SessionOptions m_options;
    const RunControl &m_control;
    SessionStats &m_stats;

    QTcpSocket *m_socket = nullptr;
    QTimer m_watchdog; // child of this, so it moves to the session thread with it
    State m_state = State::Idle;
    Work m_work = Work::None;
    bool m_issuing = false;
    bool m_stopRequested = false;

    QByteArray m_in;
    qsizetype m_inPos = 0;
    QByteArray m_out;

    std::int32_t m_nextXid = 1;
    std::deque<InFlight> m_inFlight;
    std::int64_t m_sessionId = 0;
    int m_negotiatedTimeoutMs = 0;
    qint64 m_lastSendNs = 0;
    qint64 m_connectStartNs = 0;
    qint64 m_closeSentNs = 0;
    int m_pingsInFlight = 0;
    qint64 m_pingSentNs = 0;

    // Creates.
    QByteArray m_createPrefix;
    int m_createNext = 0;
    int m_createEnd = 0;
    int m_createDigits = 0;

    // Load.
    std::mt19937_64 m_random;
    std::uniform_int_distribution<int> m_keyPick;
    std::uniform_int_distribution<int> m_percent{0, 99};
    std::vector<QByteArray> m_keyPaths;
};

} // namespace zooscope::bench
