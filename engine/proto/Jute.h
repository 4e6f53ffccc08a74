#pragma once
// Jute binary encoding (Apache ZooKeeper's BinaryInputArchive/BinaryOutputArchive):
// big-endian integers, booleans as one byte, strings and buffers as int32 length + bytes
// (-1 = null), vectors as int32 count + elements (-1 = null).
// Records describe their fields once, in wire order, through a static `visit(self, visitor)`;
// JuteWriter and JuteReader are the two visitors.

#include <QByteArray>
#include <QtEndian>

#include <cstdint>
#include <cstring>
#include <vector>

namespace zooscope::proto {

class JuteWriter
{
public:
    explicit JuteWriter(QByteArray &out) : m_out(out) {}

    void operator()(bool value) { m_out.append(char(value ? 1 : 0)); }
    void operator()(std::int32_t value) { appendBigEndian(value); }
    void operator()(std::int64_t value) { appendBigEndian(value); }
    void operator()(const QByteArray &bytes)
    {
        if (bytes.isNull()) {
            appendBigEndian(std::int32_t(-1));
            return;
        }
        appendBigEndian(std::int32_t(bytes.size()));
        m_out.append(bytes);
    }
    template <typename Element>
    void operator()(const std::vector<Element> &elements)
    {
        appendBigEndian(std::int32_t(elements.size()));
        for (const Element &element : elements)
            (*this)(element);
    }
    template <typename Record>
        requires requires(const Record &record, JuteWriter &writer) { Record::visit(record, writer); }
    void operator()(const Record &record)
    {
        Record::visit(record, *this);
    }

private:
    template <typename Integer>
    void appendBigEndian(Integer value)
    {
        char bytes[sizeof(Integer)];
        qToBigEndian(value, bytes);
        m_out.append(bytes, sizeof(Integer));
    }

    QByteArray &m_out;
};

// Reads records from a byte range. Any underflow or impossible length marks the reader failed;
// callers check failed() once after reading a whole record, never trust partial values.
class JuteReader
{
public:
    JuteReader(const char *data, qsizetype size) : m_data(data), m_end(data + size) {}
    explicit JuteReader(const QByteArray &bytes) : JuteReader(bytes.constData(), bytes.size()) {}

    bool failed() const { return m_failed; }
    bool atEnd() const { return m_data == m_end; }
    qsizetype remaining() const { return m_end - m_data; }
    void fail() { m_failed = true; }

    void operator()(bool &value)
    {
        value = false;
        if (!require(1))
            return;
        value = *m_data != 0;
        ++m_data;
    }
    void operator()(std::int32_t &value) { value = readBigEndian<std::int32_t>(); }
    void operator()(std::int64_t &value) { value = readBigEndian<std::int64_t>(); }
    void operator()(QByteArray &bytes)
    {
        QByteArrayView view;
        (*this)(view);
        bytes = view.isNull() ? QByteArray() : QByteArray(view.data(), view.size());
    }
    // A buffer without copying: a view into the input, null for jute's -1 length.
    void operator()(QByteArrayView &view)
    {
        view = QByteArrayView();
        const std::int32_t length = readBigEndian<std::int32_t>();
        if (m_failed || length == -1)
            return;
        if (length < 0 || !require(length)) {
            m_failed = true;
            return;
        }
        view = QByteArrayView(m_data, length);
        m_data += length;
    }
    template <typename Element>
    void operator()(std::vector<Element> &elements)
    {
        elements.clear();
        const std::int32_t count = readBigEndian<std::int32_t>();
        if (m_failed || count == -1)
            return;
        // Every element takes at least one byte, so a count beyond the bytes left is corrupt.
        if (count < 0 || count > remaining()) {
            m_failed = true;
            return;
        }
        elements.reserve(count);
        for (std::int32_t i = 0; i < count && !m_failed; ++i) {
            elements.emplace_back();
            (*this)(elements.back());
        }
    }
    template <typename Record>
        requires requires(Record &record, JuteReader &reader) { Record::visit(record, reader); }
    void operator()(Record &record)
    {
        Record::visit(record, *this);
    }

private:
    bool require(qsizetype count)
    {
        if (m_failed || remaining() < count) {
            m_failed = true;
            return false;
        }
        return true;
    }
    template <typename Integer>
    Integer readBigEndian()
    {
        if (!require(sizeof(Integer)))
            return 0;
        const Integer value = qFromBigEndian<Integer>(m_data);
        m_data += sizeof(Integer);
        return value;
    }

    const char *m_data;
    const char *m_end;
    bool m_failed = false;
};

template <typename Record>
QByteArray serialize(const Record &record)
{
    QByteArray out;
    JuteWriter writer(out);
    writer(record);
    return out;
}

// Decodes one whole record; false when the bytes are short or malformed.
template <typename Record>
bool deserialize(const QByteArray &bytes, Record &record)
{
    JuteReader reader(bytes);
    reader(record);
    return !reader.failed();
}

} // namespace zooscope::proto
