#pragma once
// Drives a ZooKeeperService without sockets: a controllable clock, captured output per
// connection, and helpers that encode requests and decode replies with the engine's own records.

#include "server/ZooKeeperService.h"

#include <QtEndian>

#include <map>

namespace zooscope::testing {

struct Frame
{
    proto::ReplyHeader header;
    QByteArray body;
};

class ServiceHarness
{
public:
    explicit ServiceHarness(server::ServerConfig config = {})
    {
        server::ServiceCallbacks callbacks{
            [this](server::ConnectionId id, const QByteArray &bytes) { m_output[id] += bytes; },
            [this](server::ConnectionId id) { m_closed.insert(id); },
            [](const QString &) {},
            [](const QString &) {},
            [this](server::ConnectionId id) { m_resumed.insert(id); },
        };
        server::ServiceClock clock{[this] { return m_wallMs; }, [this] { return m_monotonicMs; }};
        service = std::make_unique<server::ZooKeeperService>(config, callbacks, clock);
    }

    server::ConnectionId open()
    {
        const server::ConnectionId id = m_nextId++;
        service->connectionOpened(id, QHostAddress(QStringLiteral("127.0.0.1")));
        return id;
    }
    void sendRaw(server::ConnectionId id, const QByteArray &bytes) { service->dataReceived(id, bytes.constData(), bytes.size()); }
    void sendPacket(server::ConnectionId id, const QByteArray &payload)
    {
        QByteArray framed(4, Qt::Uninitialized);
        qToBigEndian(std::int32_t(payload.size()), framed.data());
        sendRaw(id, framed + payload);
    }
    template <typename Record>
    void sendRequest(server::ConnectionId id, std::int32_t xid, std::int32_t type, const Record &record)
    {
        sendPacket(id, proto::serialize(proto::RequestHeader{xid, type}) + proto::serialize(record));
    }
    void sendHeaderOnly(server::ConnectionId id, std::int32_t xid, std::int32_t type)
    {
        sendPacket(id, proto::serialize(proto::RequestHeader{xid, type}));
    }

    // Opens a connection and completes a new session; returns the connection.
    server::ConnectionId connect(std::int32_t timeoutMs = 30000, std::int64_t sessionId = 0,
                                 QByteArray password = QByteArray(16, '\0'))
    {
        const server::ConnectionId id = open();
        sendPacket(id, proto::serialize(proto::ConnectRequest{0, 0, timeoutMs, sessionId, password, false}));
        lastConnectResponse = {};
        const QByteArray framed = takeRawFrame(id);
        proto::deserialize(framed, lastConnectResponse);
        return id;
    }

    // Frames sent to a connection, consumed in order.
    QByteArray takeRawFrame(server::ConnectionId id)
    {
        QByteArray &buffer = m_output[id];
        if (buffer.size() < 4)
            return {};
        const std::int32_t length = qFromBigEndian<std::int32_t>(buffer.constData());
        const QByteArray frame = buffer.mid(4, length);
        buffer.remove(0, 4 + length);
        return frame;
    }
    std::vector<Frame> takeFrames(server::ConnectionId id)
    {
        std::vector<Frame> frames;
        while (true) {
            const QByteArray raw = takeRawFrame(id);
            if (raw.isEmpty())
                return frames;
            proto::JuteReader reader(raw);
            Frame frame;
            reader(frame.header);
            frame.body = raw.mid(16);
            frames.push_back(frame);
        }
    }
    QByteArray rawOutput(server::ConnectionId id) const { return m_output.count(id) ? m_output.at(id) : QByteArray(); }
    bool isClosed(server::ConnectionId id) const { return m_closed.contains(id); }
    bool wasResumed(server::ConnectionId id) const { return m_resumed.contains(id); }
    void advance(qint64 ms)
    {
        m_wallMs += ms;
        m_monotonicMs += ms;
        service->tick();
    }

    std::unique_ptr<server::ZooKeeperService> service;
    proto::ConnectResponse lastConnectResponse;

private:
    std::map<server::ConnectionId, QByteArray> m_output;
    QSet<server::ConnectionId> m_closed;
    QSet<server::ConnectionId> m_resumed;
    server::ConnectionId m_nextId = 1;
    qint64 m_wallMs = 1'700'000'000'000;
    qint64 m_monotonicMs = 0;
};

} // namespace zooscope::testing
