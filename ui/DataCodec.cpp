#include "DataCodec.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>

namespace zooscope::ui {

namespace {
QString decode(const QByteArray &data, QStringConverter::Encoding encoding, QString *note)
{
    QStringDecoder decoder(encoding);
    QString text = decoder(data);
    if (decoder.hasError() && note)
        *note = QCoreApplication::translate("DataCodec", "The data is not valid in this charset; invalid bytes show as replacement characters (U+FFFD).");
    return text;
}

QString hexDump(const QByteArray &data)
{
    QString text;
    text.reserve(data.size() * 3);
    for (qsizetype offset = 0; offset < data.size(); offset += 16) {
        if (offset > 0)
            text += u'\n';
        text += QString::fromLatin1(data.mid(offset, 16).toHex(' '));
    }
    return text;
}
} // namespace

QList<Charset> availableCharsets()
{
    return {{QStringLiteral("UTF-8"), QStringConverter::Utf8},
            {QStringLiteral("UTF-16LE"), QStringConverter::Utf16LE},
            {QStringLiteral("UTF-16BE"), QStringConverter::Utf16BE},
            {QStringLiteral("ISO-8859-1"), QStringConverter::Latin1}};
}

QString DataCodec::jsonProblem(const QByteArray &utf8)
{
    QJsonParseError error;
    QJsonDocument::fromJson(utf8, &error);
    if (error.error == QJsonParseError::NoError)
        return {};
    return QCoreApplication::translate("DataCodec", "Invalid JSON at offset %1: %2").arg(error.offset).arg(error.errorString());
}

QString DataCodec::toDisplay(const QByteArray &data, DataView view, QStringConverter::Encoding encoding, QString *note)
{
    if (note)
        note->clear();
    switch (view) {
    case DataView::Text:
        return decode(data, encoding, note);
    case DataView::Json: {
        const QString text = decode(data, encoding, note);
        if (data.isEmpty())
            return text;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError) {
            if (note)
                *note = jsonProblem(text.toUtf8());
            return text;
        }
        return QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed();
    }
    case DataView::Hex:
        return hexDump(data);
    case DataView::Base64:
        return QString::fromLatin1(data.toBase64());
    }
    return {};
}

std::optional<QByteArray> DataCodec::fromDisplay(const QString &text, DataView view,
                                                 QStringConverter::Encoding encoding, QString *error)
{
    switch (view) {
    case DataView::Text:
        return QByteArray(QStringEncoder(encoding)(text));
    case DataView::Json: {
        if (!text.trimmed().isEmpty()) {
            const QString problem = jsonProblem(text.toUtf8());
            if (!problem.isEmpty()) {
                if (error)
                    *error = problem;
                return std::nullopt;
            }
        }
        return QByteArray(QStringEncoder(encoding)(text));
    }
    case DataView::Hex: {
        QByteArray digits;
        for (const QChar character : text) {
            if (character.isSpace())
                continue;
            const char16_t code = character.unicode();
            const bool hexDigit = (code >= u'0' && code <= u'9') || (code >= u'a' && code <= u'f') ||
                                  (code >= u'A' && code <= u'F');
            if (!hexDigit) {
                if (error)
                    *error = QCoreApplication::translate("DataCodec", "'%1' is not a hexadecimal digit.").arg(character);
                return std::nullopt;
            }
            digits.append(char(character.unicode()));
        }
        if (digits.size() % 2 != 0) {
            if (error)
                *error = QCoreApplication::translate("DataCodec", "Hex data needs an even number of digits.");
            return std::nullopt;
        }
        return QByteArray::fromHex(digits);
    }
    case DataView::Base64: {
        QByteArray compact = text.toLatin1();
        compact.replace('\n', QByteArray()).replace(' ', QByteArray()).replace('\r', QByteArray());
        const auto decoded = QByteArray::fromBase64Encoding(compact, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            if (error)
                *error = QCoreApplication::translate("DataCodec", "The text is not valid Base64.");
            return std::nullopt;
        }
        return *decoded;
    }
    }
    return std::nullopt;
}

} // namespace zooscope::ui
