#pragma once
// Splits a byte stream into ZooKeeper frames (int32 big-endian length + payload). A length that is
// negative or above the limit (the client's jute.maxbuffer) is a protocol error: the stream cannot
// be trusted past it, so the decoder stays failed until reset().

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace zooscope::client {

class FrameDecoder
{
public:
    enum class Status { Frame, NeedMore, Error };

    explicit FrameDecoder(std::int32_t maxFrameLength = 0xfffff)
        : m_maxFrameLength(maxFrameLength)
    {
    }

    void setMaxFrameLength(std::int32_t length) { m_maxFrameLength = length; }
    void append(const QByteArray &bytes);
    // Takes the next whole frame's payload into *frame.
    Status next(QByteArray *frame);
    QString errorString() const { return m_error; }
    void reset();

    static QByteArray frame(const QByteArray &payload);

private:
    QByteArray m_buffer;
    qsizetype m_offset = 0; // start of the unread part of m_buffer
    std::int32_t m_maxFrameLength;
    QString m_error;
};

} // namespace zooscope::client
