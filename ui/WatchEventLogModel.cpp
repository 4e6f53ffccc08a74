#include "WatchEventLogModel.h"

#include "ConnectionSession.h"

#include "client/WatchEvent.h"

#include <QLocale>
#include <QMetaEnum>

namespace zooscope::ui {

WatchEventLogModel::WatchEventLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(16); // about one frame: bursts become one insert
    connect(&m_flushTimer, &QTimer::timeout, this, &WatchEventLogModel::flush);
}

int WatchEventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int WatchEventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WatchEventLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const Entry &row = m_rows.at(size_t(index.row()));
    switch (index.column()) {
    case TimeColumn:
        return row.time.toString(QStringLiteral("HH:mm:ss.zzz"));
    case ConnectionColumn:
        return row.connection;
    case TypeColumn:
        return row.type;
    case StateColumn:
        return row.state;
    case PathColumn:
        return row.path;
    }
    return {};
}

QVariant WatchEventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ConnectionColumn:
        return tr("Connection");
    case TypeColumn:
        return tr("Type");
    case StateColumn:
        return tr("State");
    case PathColumn:
        return tr("Path");
    }
    return {};
}

void WatchEventLogModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

void WatchEventLogModel::addSession(ConnectionSession *session)
{
    // Event and state names are ZooKeeper's own (NodeDataChanged, SyncConnected): not translated.
    connect(session->client(), &client::ZooKeeperClient::watchEvent, this,
            [this, session](const client::WatchEvent &event) {
                append({QDateTime::currentDateTime(), session->name(),
                        QString::fromLatin1(QMetaEnum::fromType<client::WatchEvent::Type>().valueToKey(int(event.type))),
                        QString::fromLatin1(
                            QMetaEnum::fromType<client::WatchEvent::State>().valueToKey(int(event.state))),
                        event.path});
            });
    connect(session, &ConnectionSession::stateChanged, this, [this, session](ConnectionSession::State state) {
        append({QDateTime::currentDateTime(), session->name(), tr("Connection state"),
                QString::fromLatin1(QMetaEnum::fromType<client::ZooKeeperClient::State>().valueToKey(int(state))),
                QString()});
    });
}

void WatchEventLogModel::append(const Entry &entry)
{
    m_pending.push_back(entry);
    if (m_paused) {
        Q_EMIT heldBackCountChanged(int(m_pending.size()));
        return;
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void WatchEventLogModel::setPaused(bool paused)
{
    m_paused = paused;
    if (!paused)
        flush();
    Q_EMIT heldBackCountChanged(int(m_pending.size()));
}

void WatchEventLogModel::flush()
{
    if (m_paused || m_pending.empty())
        return;
    const int overflow = int(m_rows.size() + m_pending.size()) - MaxRows;
    if (overflow > 0) {
        const int drop = std::min<int>(overflow, int(m_rows.size()));
        if (drop > 0) {
            beginRemoveRows({}, 0, drop - 1);
            m_rows.erase(m_rows.begin(), m_rows.begin() + drop);
            endRemoveRows();
        }
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(m_pending.size()) - 1);
    m_rows.insert(m_rows.end(), m_pending.begin(), m_pending.end());
    m_pending.clear();
    endInsertRows();
}

void WatchEventLogModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    endResetModel();
    Q_EMIT heldBackCountChanged(0);
}

QByteArray WatchEventLogModel::toCsv() const
{
    const auto quoted = [](const QString &field) {
        QString escaped = field;
        escaped.replace(u'"', QStringLiteral("\"\""));
        return u'"' + escaped + u'"';
    };
    QByteArray csv;
    QStringList header;
    for (int column = 0; column < ColumnCount; ++column)
        header.append(quoted(headerData(column, Qt::Horizontal).toString()));
    csv += header.join(u',').toUtf8() + "\r\n";
    for (const Entry &row : m_rows) {
        const QStringList fields{quoted(row.time.toString(Qt::ISODateWithMs)), quoted(row.connection),
                                 quoted(row.type), quoted(row.state), quoted(row.path)};
        csv += fields.join(u',').toUtf8() + "\r\n";
    }
    return csv;
}

} // namespace zooscope::ui
