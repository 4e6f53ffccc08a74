#include "BenchSession.h"

#include "proto/ErrorCode.h"
#include "proto/Jute.h"
#include "proto/OpCode.h"
#include "proto/Records.h"

#include <QTcpSocket>
#include <QtEndian>

namespace zooscope::bench {

namespace {

constexpr qint32 MaxFrameBytes = 64 * 1024 * 1024;
constexpr int WatchdogIntervalMs = 200;

// Appends one length-prefixed frame: RequestHeader (unless xid/type are for ConnectRequest) + body.
template <typename Body>
void appendRequest(QByteArray &out, std::int32_t xid, std::int32_t type, const Body &body)
{
    const qsizetype lengthAt = out.size();
    out.append(4, '\0');
    proto::JuteWriter writer(out);
    writer(proto::RequestHeader{xid, type});
    writer(body);
    qToBigEndian<qint32>(qint32(out.size() - lengthAt - 4), out.data() + lengthAt);
}

void appendHeaderOnly(QByteArray &out, std::int32_t xid, std::int32_t type)
{
    const qsizetype lengthAt = out.size();
    out.append(4, '\0');
    proto::JuteWriter writer(out);
    writer(proto::RequestHeader{xid, type});
    qToBigEndian<qint32>(qint32(out.size() - lengthAt - 4), out.data() + lengthAt);
}

proto::AclList openAclUnsafe()
{
    return {proto::Acl{31, proto::Id{QByteArrayLiteral("world"), QByteArrayLiteral("anyone")}}};
}

QString errorName(std::int32_t err)
{
    return QStringLiteral("%1 (%2)").arg(QString::fromLatin1(proto::errorCodeName(proto::ErrorCode(err)))).arg(err);
}

} // namespace

QByteArray numberedPath(const QByteArray &prefix, int index, int digits)
{
    return prefix + QByteArray::number(index).rightJustified(digits, '0');
}

BenchSession::BenchSession(int index, SessionOptions options, const RunControl &control, SessionStats &stats)
    : m_index(index), m_options(std::move(options)), m_control(control), m_stats(stats), m_watchdog(this),
      m_random(m_options.seed), m_keyPick(0, std::max(0, m_options.keys - 1))
{
    m_watchdog.setInterval(WatchdogIntervalMs);
    connect(&m_watchdog, &QTimer::timeout, this, &BenchSession::onWatchdog);
}

BenchSession::~BenchSession() = default;

void BenchSession::open()
{
    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this, &BenchSession::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &BenchSession::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &BenchSession::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &BenchSession::onSocketError);
    m_state = State::Connecting;
    m_connectStartNs = m_control.now();
    m_watchdog.start();
    m_socket->connectToHost(m_options.host, m_options.port);
}

void BenchSession::onConnected()
{
    if (m_state != State::Connecting)
        return;
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    proto::ConnectRequest request;
    request.protocolVersion = 0;
    request.lastZxidSeen = 0;
    request.timeOut = m_options.sessionTimeoutMs;
    request.sessionId = 0;
    request.passwd = QByteArray(16, '\0');
    QByteArray body = proto::serialize(request);
    body.append(char(0)); // readOnly = false, as current clients send it
    QByteArray frame(4, '\0');
    qToBigEndian<qint32>(qint32(body.size()), frame.data());
    frame.append(body);
    m_state = State::Handshake;
    m_out.append(frame);
    flush();
}

void BenchSession::onReadyRead()
{
    if (m_state == State::Failed || m_state == State::Closed)
        return;
    m_in.append(m_socket->readAll());
    while (m_in.size() - m_inPos >= 4) {
        const qint32 length = qFromBigEndian<qint32>(m_in.constData() + m_inPos);
        if (length < 0 || length > MaxFrameBytes) {
            fail(QStringLiteral("malformed reply: frame length %1").arg(length));
            return;
        }
        if (m_in.size() - m_inPos - 4 < length)
            break;
        const char *frame = m_in.constData() + m_inPos + 4;
        m_inPos += 4 + length;
        if (!processFrame(frame, length))
            return; // failed
        if (m_state == State::Failed || m_state == State::Closed)
            return;
    }
    if (m_inPos > 0) {
        m_in.remove(0, m_inPos);
        m_inPos = 0;
    }
    fillPipeline();
    flush();
    finishIfDrained();
}

bool BenchSession::processFrame(const char *data, qsizetype size)
{
    if (m_state == State::Handshake)
        return processConnectResponse(data, size);
    return processReply(data, size);
}

bool BenchSession::processConnectResponse(const char *data, qsizetype size)
{
    proto::JuteReader reader(data, size);
    proto::ConnectResponse response;
    reader(response); // a trailing readOnly byte may follow; it is not needed here
    if (reader.failed()) {
        fail(QStringLiteral("malformed ConnectResponse (%1 bytes)").arg(size));
        return false;
    }
    if (response.timeOut <= 0 || response.sessionId == 0) {
        fail(QStringLiteral("server refused the session (ConnectResponse timeOut=%1, sessionId=0x%2)")
                 .arg(response.timeOut)
                 .arg(quint64(response.sessionId), 0, 16));
        return false;
    }
    m_sessionId = response.sessionId;
    m_negotiatedTimeoutMs = response.timeOut;
    m_state = State::Ready;
    Q_EMIT opened(m_index);
    return true;
}

bool BenchSession::processReply(const char *data, qsizetype size)
{
    const qint64 nowNs = m_control.now();
    proto::JuteReader reader(data, size);
    proto::ReplyHeader header;
    reader(header);
    if (reader.failed()) {
        fail(QStringLiteral("malformed reply header (%1 bytes)").arg(size));
        return false;
    }
    if (header.xid == proto::Xid::Ping) {
        if (m_pingsInFlight > 0)
            --m_pingsInFlight;
        return true;
    }
    if (header.xid == proto::Xid::Notification)
        return true; // no watches are set; tolerate anyway

    InFlight request;
    if (!m_inFlight.empty() && m_inFlight.front().xid == header.xid) {
        request = m_inFlight.front();
        m_inFlight.pop_front();
    } else {
        auto it = std::find_if(m_inFlight.begin(), m_inFlight.end(),
                               [&](const InFlight &candidate) { return candidate.xid == header.xid; });
        if (it == m_inFlight.end()) {
            fail(QStringLiteral("reply with xid %1 (err %2) matches no request in flight (%3 in flight, oldest xid %4)")
                     .arg(header.xid)
                     .arg(errorName(header.err))
                     .arg(m_inFlight.size())
                     .arg(m_inFlight.empty() ? 0 : m_inFlight.front().xid));
            return false;
        }
        request = *it;
        m_inFlight.erase(it);
        ++m_stats.outOfOrderReplies;
    }
    ++m_stats.totalReplies;

    if (request.type == proto::OpCode::CloseSession) {
        m_state = State::Closed;
        m_watchdog.stop();
        m_socket->disconnectFromHost();
        Q_EMIT closed(m_index);
        return true;
    }

    if (header.err != 0) {
        if (request.type == proto::OpCode::Create && header.err == std::int32_t(proto::ErrorCode::NodeExists)) {
            if (!request.parentCreate)
                ++m_stats.alreadyExisted;
        } else {
            ++m_stats.errors;
            ++m_stats.errorCodes[header.err];
        }
        return true;
    }

    switch (request.type) {
    case proto::OpCode::GetData: {
        proto::GetDataResponse response;
        reader(response);
        if (reader.failed()) {
            fail(QStringLiteral("malformed getData reply for xid %1 (%2 bytes)").arg(header.xid).arg(size));
            return false;
        }
        break;
    }
    case proto::OpCode::SetData: {
        proto::SetDataResponse response;
        reader(response);
        if (reader.failed()) {
            fail(QStringLiteral("malformed setData reply for xid %1 (%2 bytes)").arg(header.xid).arg(size));
            return false;
        }
        break;
    }
    case proto::OpCode::Create: {
        proto::CreateResponse response;
        reader(response);
        if (reader.failed()) {
            fail(QStringLiteral("malformed create reply for xid %1 (%2 bytes)").arg(header.xid).arg(size));
            return false;
        }
        if (!request.parentCreate)
            ++m_stats.created;
        break;
    }
    default:
        break;
    }

    if (request.type == proto::OpCode::GetData || request.type == proto::OpCode::SetData) {
        const qint64 start = m_control.measureStartNs.load(std::memory_order_acquire);
        const qint64 end = m_control.measureEndNs.load(std::memory_order_acquire);
        if (request.sentNs >= start && nowNs < end) {
            if (request.type == proto::OpCode::GetData)
                m_stats.readLatenciesNs.push_back(nowNs - request.sentNs);
            else
                m_stats.writeLatenciesNs.push_back(nowNs - request.sentNs);
        }
    }
    return true;
}

void BenchSession::createNodes(const QByteArray &parent, const QByteArray &childPrefix, int first, int count,
                               int digits)
{
    if (m_state != State::Ready) {
        fail(QStringLiteral("createNodes before the session is open"));
        return;
    }
    m_work = Work::Creates;
    m_issuing = true;
    m_createPrefix = childPrefix;
    m_createNext = first;
    m_createEnd = first + count;
    m_createDigits = digits;
    if (!parent.isEmpty())
        issueCreate(parent, true);
    fillPipeline();
    flush();
    finishIfDrained();
}

void BenchSession::startLoad()
{
    if (m_state != State::Ready) {
        fail(QStringLiteral("startLoad before the session is open"));
        return;
    }
    if (m_options.keys <= 0) {
        fail(QStringLiteral("no keys to load"));
        return;
    }
    m_keyPaths.clear();
    m_keyPaths.reserve(m_options.keys);
    for (int i = 0; i < m_options.keys; ++i)
        m_keyPaths.push_back(numberedPath(m_options.keyPrefix, i, m_options.keyDigits));
    if (m_options.readPercent > 0)
        m_stats.readLatenciesNs.reserve(1 << 20);
    if (m_options.readPercent < 100)
        m_stats.writeLatenciesNs.reserve(1 << 18);
    m_work = Work::Load;
    m_issuing = true;
    fillPipeline();
    flush();
}

void BenchSession::stop()
{
    m_stopRequested = true;
    m_issuing = false;
    finishIfDrained();
}

void BenchSession::fillPipeline()
{
    if (!m_issuing || m_state != State::Ready)
        return;
    while (int(m_inFlight.size()) < m_options.outstanding) {
        if (m_work == Work::Load) {
            issueLoadRequest();
        } else if (m_work == Work::Creates && m_createNext < m_createEnd) {
            issueCreate(numberedPath(m_createPrefix, m_createNext, m_createDigits));
            ++m_createNext;
        } else {
            break;
        }
    }
}

void BenchSession::issueLoadRequest()
{
    const QByteArray &path = m_keyPaths[m_keyPick(m_random)];
    const std::int32_t xid = m_nextXid++;
    const bool read = m_percent(m_random) < m_options.readPercent;
    if (read) {
        appendRequest(m_out, xid, proto::OpCode::GetData, proto::GetDataRequest{path, false});
        m_inFlight.push_back({xid, proto::OpCode::GetData, m_control.now()});
    } else {
        appendRequest(m_out, xid, proto::OpCode::SetData, proto::SetDataRequest{path, m_options.value, -1});
        m_inFlight.push_back({xid, proto::OpCode::SetData, m_control.now()});
    }
}

void BenchSession::issueCreate(const QByteArray &path, bool parent)
{
    const std::int32_t xid = m_nextXid++;
    appendRequest(m_out, xid, proto::OpCode::Create,
                  proto::CreateRequest{path, m_options.value, openAclUnsafe(), 0});
    m_inFlight.push_back({xid, proto::OpCode::Create, m_control.now(), parent});
}

void BenchSession::sendPing()
{
    appendHeaderOnly(m_out, proto::Xid::Ping, proto::OpCode::Ping);
    ++m_pingsInFlight;
    ++m_stats.pingsSent;
    m_pingSentNs = m_control.now();
    flush();
}

void BenchSession::sendClose()
{
    const std::int32_t xid = m_nextXid++;
    appendHeaderOnly(m_out, xid, proto::OpCode::CloseSession);
    m_inFlight.push_back({xid, proto::OpCode::CloseSession, m_control.now()});
    m_closeSentNs = m_control.now();
    m_state = State::Closing;
    flush();
}

void BenchSession::flush()
{
    if (m_out.isEmpty() || !m_socket)
        return;
    m_socket->write(m_out);
    m_out.clear();
    m_lastSendNs = m_control.now();
}

void BenchSession::finishIfDrained()
{
    if (m_state != State::Ready || !m_inFlight.empty())
        return;
    if (m_work == Work::Creates && m_createNext >= m_createEnd) {
        m_work = Work::None;
        m_issuing = false;
        Q_EMIT createsDone(m_index);
    }
    if (m_stopRequested)
        sendClose();
}

void BenchSession::onWatchdog()
{
    const qint64 nowNs = m_control.now();
    const qint64 stallNs = m_options.stallTimeoutMs * 1000000;
    switch (m_state) {
    case State::Connecting:
    case State::Handshake:
        if (nowNs - m_connectStartNs > stallNs)
            fail(QStringLiteral("%1 within %2 s")
                     .arg(m_state == State::Connecting ? QStringLiteral("no TCP connection")
                                                       : QStringLiteral("no ConnectResponse"))
                     .arg(m_options.stallTimeoutMs / 1000.0));
        return;
    case State::Ready:
    case State::Closing:
        if (!m_inFlight.empty() && nowNs - m_inFlight.front().sentNs > stallNs) {
            const InFlight &oldest = m_inFlight.front();
            fail(QStringLiteral("server stalled: no reply to xid %1 (%2) for %3 s, %4 requests in flight")
                     .arg(oldest.xid)
                     .arg(QString::fromLatin1(proto::opCodeName(oldest.type)))
                     .arg(m_options.stallTimeoutMs / 1000.0)
                     .arg(m_inFlight.size()));
            return;
        }
        if (m_pingsInFlight > 0 && nowNs - m_pingSentNs > stallNs) {
            fail(QStringLiteral("server stalled: no reply to ping for %1 s").arg(m_options.stallTimeoutMs / 1000.0));
            return;
        }
        if (m_state == State::Ready && m_inFlight.empty() && m_pingsInFlight == 0 &&
            nowNs - m_lastSendNs > qint64(m_negotiatedTimeoutMs) * 1000000 / 3)
            sendPing();
        return;
    default:
        return;
    }
}

void BenchSession::onDisconnected()
{
    if (m_state == State::Closed || m_state == State::Failed)
        return;
    if (m_state == State::Closing) {
        // Some servers close right after (or instead of) the closeSession reply.
        m_state = State::Closed;
        m_watchdog.stop();
        Q_EMIT closed(m_index);
        return;
    }
    fail(QStringLiteral("server closed the connection"));
}

void BenchSession::onSocketError()
{
    if (m_state == State::Closed || m_state == State::Failed)
        return;
    const auto error = m_socket->error();
    if (error == QAbstractSocket::RemoteHostClosedError) {
        if (m_state == State::Closing)
            return; // onDisconnected finishes
        fail(QStringLiteral("server closed the connection"));
        return;
    }
    fail(QStringLiteral("socket error: %1").arg(m_socket->errorString()));
}

void BenchSession::fail(const QString &message)
{
    if (m_state == State::Failed || m_state == State::Closed)
        return;
    const QString context = describe();
    m_state = State::Failed;
    m_issuing = false;
    m_watchdog.stop();
    if (m_socket)
        m_socket->abort();
    Q_EMIT failed(m_index, QStringLiteral("%1: %2").arg(context, message));
}

QString BenchSession::describe() const
{
    return QStringLiteral("session %1 (id 0x%2, %3:%4, %5 requests in flight, %6 replies so far)")
        .arg(m_index)
        .arg(quint64(m_sessionId), 0, 16)
        .arg(m_options.host)
        .arg(m_options.port)
        .arg(m_inFlight.size())
        .arg(m_stats.totalReplies);
}

} // namespace zooscope::bench
