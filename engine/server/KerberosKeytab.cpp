#include "KerberosKeytab.h"

#include <QtEndian>

namespace zooscope::server {

namespace {

class Reader
{
public:
    Reader(const QByteArray &data, qsizetype begin, qsizetype end)
        : m_data(data)
        , m_position(begin)
        , m_end(end)
    {
    }

    bool uint16(quint16 &value)
    {
        if (m_end - m_position < 2)
            return false;
        value = qFromBigEndian<quint16>(m_data.constData() + m_position);
        m_position += 2;
        return true;
    }

    bool countedString(QString &value)
    {
        quint16 length = 0;
        if (!uint16(length) || m_end - m_position < length)
            return false;
        value = QString::fromUtf8(m_data.constData() + m_position, length);
        m_position += length;
        return true;
    }

private:
    const QByteArray &m_data;
    qsizetype m_position;
    qsizetype m_end;
};

} // namespace

std::optional<QStringList> keytabPrincipals(const QByteArray &contents, QString *error)
{
    if (contents.size() < 2 || quint8(contents[0]) != 0x05 || quint8(contents[1]) != 0x02) {
        *error = QStringLiteral("not a keytab of version 0x0502");
        return std::nullopt;
    }
    QStringList principals;
    qsizetype position = 2;
    while (contents.size() - position >= 4) {
        const qint32 size = qFromBigEndian<qint32>(contents.constData() + position);
        position += 4;
        if (size == 0)
            break; // the end of the written entries
        if (size < 0) {
            position += qsizetype(-qint64(size)); // a deleted entry
            continue;
        }
        if (contents.size() - position < size) {
            *error = QStringLiteral("an entry at byte %1 runs past the end of the file").arg(position - 4);
            return std::nullopt;
        }
        Reader entry(contents, position, position + size);
        quint16 componentCount = 0;
        QString realm;
        QStringList components;
        bool ok = entry.uint16(componentCount) && entry.countedString(realm);
        for (quint16 index = 0; ok && index < componentCount; ++index) {
            QString component;
            ok = entry.countedString(component);
            components.append(component);
        }
        if (!ok) {
            *error = QStringLiteral("the entry at byte %1 is malformed").arg(position - 4);
            return std::nullopt;
        }
        principals.append(components.join('/') + '@' + realm);
        position += size;
    }
    return principals;
}

bool keytabHolds(const QStringList &principals, const QString &principal)
{
    if (principal.contains('@'))
        return principals.contains(principal);
    for (const QString &candidate : principals) {
        if (candidate.section('@', 0, 0) == principal)
            return true;
    }
    return false;
}

} // namespace zooscope::server
