#include "FrameDecoder.h"

#include <QCoreApplication>
#include <QtEndian>

namespace zooscope::client {

void FrameDecoder::append(const QByteArray &bytes)
{
    // Compact lazily so a burst of small frames does not move the buffer once per frame.
    if (m_offset > 0 && m_offset >= m_buffer.size() / 2) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    m_buffer.append(bytes);
}

FrameDecoder::Status FrameDecoder::next(QByteArray *frame)
{
    if (!m_error.isEmpty())
        return Status::Error;
    const qsizetype available = m_buffer.size() - m_offset;
    if (available < 4)
        return Status::NeedMore;
    const std::int32_t length = qFromBigEndian<std::int32_t>(m_buffer.constData() + m_offset);
    if (length < 0 || length > m_maxFrameLength) {
        m_error = QCoreApplication::translate("zooscope::client::FrameDecoder",
                                              "packet length %1 is out of range (jute.maxbuffer is %2)")
                      .arg(length)
                      .arg(m_maxFrameLength);
        return Status::Error;
    }
    if (available - 4 < length)
        return Status::NeedMore;
    *frame = m_buffer.mid(m_offset + 4, length);
    m_offset += 4 + length;
    return Status::Frame;
}

void FrameDecoder::reset()
{
    m_buffer.clear();
    m_offset = 0;
    m_error.clear();
}

QByteArray FrameDecoder::frame(const QByteArray &payload)
{
    QByteArray bytes(4, Qt::Uninitialized);
    qToBigEndian(std::int32_t(payload.size()), bytes.data());
    bytes.append(payload);
    return bytes;
}

} // namespace zooscope::client
