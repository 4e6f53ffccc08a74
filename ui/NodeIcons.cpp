#include "NodeIcons.h"

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace zooscope::ui {

namespace {
struct IconStyle
{
    QColor color;
    QChar letter;
    bool dashed = false;
};

IconStyle styleFor(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Persistent:
        return {QColor(0x3b, 0x7d, 0xd8), u'P'};
    case NodeKind::PersistentSequential:
        return {QColor(0x3b, 0x7d, 0xd8), u'S'};
    case NodeKind::Ephemeral:
        return {QColor(0xe0, 0x8a, 0x1e), u'E', true};
    case NodeKind::EphemeralSequential:
        return {QColor(0xe0, 0x8a, 0x1e), u'S', true};
    case NodeKind::Container:
        return {QColor(0x3a, 0xa5, 0x5d), u'C'};
    case NodeKind::Ttl:
        return {QColor(0x9b, 0x59, 0xb6), u'T'};
    case NodeKind::Unknown:
        break;
    }
    return {QColor(0x90, 0x90, 0x90), u'?'};
}

QPixmap drawIcon(NodeKind kind, int size)
{
    const IconStyle style = styleFor(kind);
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    QPen pen(style.color.darker(130), size / 12.0);
    if (style.dashed)
        pen.setStyle(Qt::DashLine);
    painter.setPen(pen);
    painter.setBrush(style.color);
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    QFont font = painter.font();
    font.setPixelSize(size * 6 / 10);
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(QRect(0, 0, size, size), Qt::AlignCenter, QString(style.letter));
    return pixmap;
}
} // namespace

QIcon nodeIcon(NodeKind kind)
{
    // Drawn once per kind, on first use (a QGuiApplication exists by then).
    static QHash<int, QIcon> cache;
    auto found = cache.find(int(kind));
    if (found != cache.end())
        return *found;
    QIcon icon;
    for (int size : {16, 24, 32})
        icon.addPixmap(drawIcon(kind, size));
    cache.insert(int(kind), icon);
    return icon;
}

QString nodeKindName(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Persistent:
        return QCoreApplication::translate("NodeKind", "Persistent");
    case NodeKind::PersistentSequential:
        return QCoreApplication::translate("NodeKind", "Persistent sequential");
    case NodeKind::Ephemeral:
        return QCoreApplication::translate("NodeKind", "Ephemeral");
    case NodeKind::EphemeralSequential:
        return QCoreApplication::translate("NodeKind", "Ephemeral sequential");
    case NodeKind::Container:
        return QCoreApplication::translate("NodeKind", "Container");
    case NodeKind::Ttl:
        return QCoreApplication::translate("NodeKind", "TTL");
    case NodeKind::Unknown:
        break;
    }
    return QCoreApplication::translate("NodeKind", "Unknown");
}

} // namespace zooscope::ui
