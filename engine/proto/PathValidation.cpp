#include "PathValidation.h"

#include <QStringDecoder>

namespace zooscope::proto {

namespace {
bool isForbiddenCodeUnit(char16_t c)
{
    return (c > 0x0000 && c <= 0x001f) || (c >= 0x007f && c <= 0x009f)
           || (c >= 0xd800 && c <= 0xf8ff) || (c >= 0xfff0);
}
} // namespace

QString pathValidationError(const QByteArray &path)
{
    if (path.isEmpty())
        return QStringLiteral("Path length must be > 0");
    if (path.at(0) != '/')
        return QStringLiteral("Path must start with / character");
    if (path.size() == 1)
        return {};
    if (path.endsWith('/'))
        return QStringLiteral("Path must not end with / character");

    // Java decodes the bytes as UTF-16 code units, replacing malformed UTF-8 with U+FFFD;
    // both the replacement character and surrogates fall into forbidden ranges.
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString units = decoder(path);
    for (qsizetype i = 1; i < units.size(); ++i) {
        const char16_t c = units.at(i).unicode();
        const char16_t previous = units.at(i - 1).unicode();
        if (c == 0)
            return QStringLiteral("null character not allowed @%1").arg(i);
        if (c == '/' && previous == '/')
            return QStringLiteral("empty node name specified @%1").arg(i);
        const bool segmentEnds = i + 1 == units.size() || units.at(i + 1) == u'/';
        if (c == '.' && previous == '.' && i >= 2 && units.at(i - 2) == u'/' && segmentEnds)
            return QStringLiteral("relative paths not allowed @%1").arg(i);
        if (c == '.' && previous == '/' && segmentEnds)
            return QStringLiteral("relative paths not allowed @%1").arg(i);
        if (isForbiddenCodeUnit(c))
            return QStringLiteral("invalid character @%1").arg(i);
    }
    return {};
}

} // namespace zooscope::proto
