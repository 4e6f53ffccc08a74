#include "StatsTrack.h"

namespace zooscope::proto {

StatsTrack StatsTrack::parse(QByteArrayView text)
{
    StatsTrack track;
    const QString string = QString::fromUtf8(text);
    qsizetype start = 0;
    while (start <= string.size()) {
        qsizetype end = start;
        while (end < string.size() && string.at(end) != u',' && string.at(end) != u';')
            ++end;
        const QStringView pair = QStringView(string).sliced(start, end - start);
        start = end + 1;
        // Java's split("=") drops trailing empty parts: "bytes=5=" is bytes 5, "count" alone has no value.
        const QList<QStringView> parts = pair.split(u'=');
        if (parts.size() < 2 || parts.at(0).isEmpty())
            continue;
        if (parts.at(1).isEmpty()) {
            track.setValue(parts.at(0).toString(), -1);
            continue;
        }
        bool ok = false;
        const qint64 number = parts.at(1).toLongLong(&ok);
        if (ok)
            track.setValue(parts.at(0).toString(), number);
    }
    return track;
}

QString StatsTrack::toString() const
{
    QString text = QStringLiteral("count=%1,bytes=%2").arg(count()).arg(bytes());
    bool first = true;
    for (auto entry = m_values.cbegin(); entry != m_values.cend(); ++entry) {
        if (entry.key() == QLatin1String(CountKey) || entry.key() == QLatin1String(BytesKey))
            continue;
        if (first)
            text += u'=';
        first = false;
        text += u';' + entry.key() + u'=' + QString::number(entry.value());
    }
    return text;
}

} // namespace zooscope::proto
