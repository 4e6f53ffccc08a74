#include "X500Name.h"

#include <QHash>
#include <QString>

namespace zooscope::server {

namespace {

struct DerElement
{
    quint8 tag = 0;
    QByteArray whole;   // tag, length and contents
    QByteArray content; // contents only
};

// Reads one DER element from `data` at `offset` (definite lengths only, as DER requires).
std::optional<DerElement> readElement(const QByteArray &data, qsizetype &offset)
{
    const qsizetype start = offset;
    if (offset + 2 > data.size())
        return std::nullopt;
    DerElement element;
    element.tag = quint8(data[offset++]);
    if ((element.tag & 0x1f) == 0x1f)
        return std::nullopt; // multi-byte tags do not occur in names
    quint64 length = quint8(data[offset++]);
    if (length & 0x80) {
        const int bytes = int(length & 0x7f);
        if (bytes == 0 || bytes > 4 || offset + bytes > data.size())
            return std::nullopt;
        length = 0;
        for (int i = 0; i < bytes; ++i)
            length = (length << 8) | quint8(data[offset++]);
    }
    if (length > quint64(data.size() - offset))
        return std::nullopt;
    element.content = data.mid(offset, qsizetype(length));
    offset += qsizetype(length);
    element.whole = data.mid(start, offset - start);
    return element;
}

QByteArray oidText(const QByteArray &content)
{
    if (content.isEmpty())
        return {};
    QByteArray text = QByteArray::number(quint8(content[0]) / 40) + '.' + QByteArray::number(quint8(content[0]) % 40);
    quint64 value = 0;
    for (qsizetype i = 1; i < content.size(); ++i) {
        value = (value << 7) | (quint8(content[i]) & 0x7f);
        if ((quint8(content[i]) & 0x80) == 0) {
            text += '.' + QByteArray::number(value);
            value = 0;
        }
    }
    return text;
}

// The attribute types Java prints by keyword in RFC 2253 form; all others appear as their OID.
QByteArray keywordOf(const QByteArray &oid)
{
    static const QHash<QByteArray, QByteArray> keywords{{"2.5.4.3", "CN"},
                                                        {"2.5.4.6", "C"},
                                                        {"2.5.4.7", "L"},
                                                        {"2.5.4.8", "ST"},
                                                        {"2.5.4.10", "O"},
                                                        {"2.5.4.11", "OU"},
                                                        {"2.5.4.9", "STREET"},
                                                        {"0.9.2342.19200300.100.1.25", "DC"},
                                                        {"0.9.2342.19200300.100.1.1", "UID"}};
    return keywords.value(oid);
}

std::optional<QString> decodeString(const DerElement &value)
{
    switch (value.tag) {
    case 0x0c: // UTF8String
        return QString::fromUtf8(value.content);
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x14: // TeletexString, read as Latin-1 like most implementations
    case 0x1b: // GeneralString
        return QString::fromLatin1(value.content);
    case 0x1e: { // BMPString: UTF-16 big endian
        QString text;
        for (qsizetype i = 0; i + 1 < value.content.size(); i += 2)
            text += QChar(char16_t((quint8(value.content[i]) << 8) | quint8(value.content[i + 1])));
        return text;
    }
    default: return std::nullopt;
    }
}

QByteArray escapeValue(const QString &value)
{
    static const QString specials = QStringLiteral(",=+<>#;\"\\");
    QString escaped;
    for (const QChar c : value) {
        if (c == QChar(0))
            escaped += QStringLiteral("\\00");
        else if (specials.contains(c))
            escaped += QLatin1Char('\\') + c;
        else
            escaped += c;
    }
    if (escaped.startsWith(QLatin1Char(' ')))
        escaped.prepend(QLatin1Char('\\'));
    if (escaped.size() > 1 && escaped.endsWith(QLatin1Char(' ')) && !escaped.endsWith(QStringLiteral("\\ ")))
        escaped.insert(escaped.size() - 1, QLatin1Char('\\'));
    return escaped.toUtf8();
}

std::optional<QByteArray> attributeText(const DerElement &attribute)
{
    qsizetype offset = 0;
    const auto type = readElement(attribute.content, offset);
    const auto value = readElement(attribute.content, offset);
    if (!type || !value || type->tag != 0x06)
        return std::nullopt;
    const QByteArray oid = oidText(type->content);
    const QByteArray keyword = keywordOf(oid);
    const std::optional<QString> text = decodeString(*value);
    if (keyword.isEmpty() || !text)
        return (keyword.isEmpty() ? oid : keyword) + "=#" + value->whole.toHex();
    return keyword + '=' + escapeValue(*text);
}

} // namespace

std::optional<QByteArray> rfc2253FromNameDer(const QByteArray &nameDer)
{
    qsizetype offset = 0;
    const auto name = readElement(nameDer, offset);
    if (!name || name->tag != 0x30)
        return std::nullopt;
    QList<QByteArray> rdns;
    qsizetype rdnOffset = 0;
    while (rdnOffset < name->content.size()) {
        const auto rdn = readElement(name->content, rdnOffset);
        if (!rdn || rdn->tag != 0x31)
            return std::nullopt;
        QList<QByteArray> attributes;
        qsizetype attributeOffset = 0;
        while (attributeOffset < rdn->content.size()) {
            const auto attribute = readElement(rdn->content, attributeOffset);
            if (!attribute || attribute->tag != 0x30)
                return std::nullopt;
            const auto text = attributeText(*attribute);
            if (!text)
                return std::nullopt;
            attributes.append(*text);
        }
        rdns.prepend(attributes.join('+'));
    }
    return rdns.join(',');
}

std::optional<QByteArray> rfc2253SubjectOfCertificate(const QByteArray &certificateDer)
{
    // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber,
    //     signature, issuer, validity, subject, ... }, ... }
    qsizetype offset = 0;
    const auto certificate = readElement(certificateDer, offset);
    if (!certificate || certificate->tag != 0x30)
        return std::nullopt;
    qsizetype certificateOffset = 0;
    const auto tbs = readElement(certificate->content, certificateOffset);
    if (!tbs || tbs->tag != 0x30)
        return std::nullopt;
    qsizetype tbsOffset = 0;
    auto field = readElement(tbs->content, tbsOffset);
    if (field && field->tag == 0xa0)
        field = readElement(tbs->content, tbsOffset);      // serialNumber after the explicit version
    for (int skipped = 0; field && skipped < 3; ++skipped) // serialNumber, signature, issuer
        field = readElement(tbs->content, tbsOffset);      // then validity, subject
    field = field ? readElement(tbs->content, tbsOffset) : std::nullopt;
    if (!field)
        return std::nullopt;
    return rfc2253FromNameDer(field->whole);
}

} // namespace zooscope::server
