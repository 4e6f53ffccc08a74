#include "WatchEventLogModel.h"

#include "ConnectionSession.h"

#include "StatFormatter.h"

#include "client/WatchEvent.h"

#include <QLocale>
#include <QMetaEnum>
#include <QPointer>
#include <QStringDecoder>

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
    const qsizetype characters = role == Qt::ToolTipRole ? 4096 : PreviewCharacters;
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
    case ZxidColumn:
        if (row.zxid < 0)
            return {};
        return role == Qt::ToolTipRole ? StatFormatter::zxid(row.zxid)
                                       : QStringLiteral("0x%1").arg(quint64(row.zxid), 0, 16);
    case DataBeforeColumn:
        return row.dataBefore ? dataText(*row.dataBefore, characters) : QVariant();
    case DataAfterColumn:
        return row.dataAfter ? dataText(*row.dataAfter, characters) : QVariant();
    }
    return {};
}

QString WatchEventLogModel::dataText(const QByteArray &data, qsizetype maxCharacters)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(data);
    const bool printable = !decoder.hasError() && std::none_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control && c != u'\n' && c != u'\t' && c != u'\r';
    });
    if (!printable)
        text = QStringLiteral("0x") + QString::fromLatin1(data.toHex());
    text.replace(u'\n', u' ').replace(u'\r', u' ');
    if (maxCharacters > 0 && text.size() > maxCharacters)
        text = text.left(maxCharacters) + QChar(0x2026);
    return text;
}

QVariant WatchEventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ZxidColumn:
            return tr("The transaction of the change: read from the node after the event (mzxid, czxid or "
                      "pzxid), so a later change that lands first shows its own zxid");
        case DataBeforeColumn:
            return tr("The node's data before the change, known for nodes the studio watched and had read");
        case DataAfterColumn:
            return tr("The node's data read just after the event");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
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
    case ZxidColumn:
        return tr("Zxid");
    case DataBeforeColumn:
        return tr("Data before");
    case DataAfterColumn:
        return tr("Data after");
    }
    return {};
}

void WatchEventLogModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

void WatchEventLogModel::addSession(ConnectionSession *session)
{
    connect(session->client(), &client::ZooKeeperClient::watchEvent, this,
            [this, session](const client::WatchEvent &event) { logWatchEvent(session, event); });
    connect(session, &ConnectionSession::stateChanged, this, [this, session](ConnectionSession::State state) {
        append({QDateTime::currentDateTime(), session->name(), tr("Connection state"),
                QString::fromLatin1(QMetaEnum::fromType<client::ZooKeeperClient::State>().valueToKey(int(state))),
                QString()});
    });
}

void WatchEventLogModel::logWatchEvent(ConnectionSession *session, const client::WatchEvent &event)
{
    using Type = client::WatchEvent::Type;
    // Event and state names are ZooKeeper's own (NodeDataChanged, SyncConnected): not translated.
    Entry entry{QDateTime::currentDateTime(), session->name(),
                QString::fromLatin1(QMetaEnum::fromType<Type>().valueToKey(int(event.type))),
                QString::fromLatin1(QMetaEnum::fromType<client::WatchEvent::State>().valueToKey(int(event.state))),
                event.path};
    entry.zxid = event.zxid;
    if (event.type == Type::NodeDataChanged) {
        // Taken now: the inspector's own re-read replaces the session's copy when it answers.
        entry.dataBefore = session->watchedData(event.path);
        if (entry.dataBefore)
            entry.dataBefore->truncate(MaxDataBytes);
    }
    const quint64 sequence = append(entry);

    const bool wantsRead = event.type == Type::NodeDataChanged || event.type == Type::NodeCreated ||
                           event.type == Type::NodeChildrenChanged;
    client::ZooKeeperClient *client = session->client();
    if (!wantsRead || event.path.isEmpty() || m_detailReads >= MaxDetailReads || !client->isConnected())
        return;
    ++m_detailReads;
    QPointer<WatchEventLogModel> self(this);
    if (event.type == Type::NodeDataChanged) {
        client->getData(event.path, client::Watch::No, [self, sequence](const client::Result<client::DataResult> &r) {
            if (!self)
                return;
            --self->m_detailReads;
            if (r.ok())
                self->setDetails(sequence, r.value.stat.mzxid, r.value.data.left(MaxDataBytes));
        });
        return;
    }
    const bool created = event.type == Type::NodeCreated;
    client->exists(event.path, client::Watch::No, [self, sequence, created](const client::Result<client::Stat> &r) {
        if (!self)
            return;
        --self->m_detailReads;
        if (r.ok())
            self->setDetails(sequence, created ? r.value.czxid : r.value.pzxid, std::nullopt);
    });
}

quint64 WatchEventLogModel::append(const Entry &entry)
{
    m_pending.push_back(entry);
    const quint64 sequence = m_nextSequence++;
    m_pending.back().sequence = sequence;
    if (m_paused) {
        Q_EMIT heldBackCountChanged(int(m_pending.size()));
        return sequence;
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
    return sequence;
}

WatchEventLogModel::Entry *WatchEventLogModel::findEntry(quint64 sequence, int *row)
{
    // Sequences grow along m_rows and then m_pending; rows only leave from the front.
    const auto bySequence = [](const Entry &entry, quint64 wanted) { return entry.sequence < wanted; };
    const auto shown = std::lower_bound(m_rows.begin(), m_rows.end(), sequence, bySequence);
    if (shown != m_rows.end() && shown->sequence == sequence) {
        *row = int(shown - m_rows.begin());
        return &*shown;
    }
    const auto held = std::lower_bound(m_pending.begin(), m_pending.end(), sequence, bySequence);
    if (held != m_pending.end() && held->sequence == sequence) {
        *row = -1;
        return &*held;
    }
    return nullptr;
}

void WatchEventLogModel::setDetails(quint64 sequence, std::int64_t zxid, const std::optional<QByteArray> &dataAfter)
{
    int row = -1;
    Entry *entry = findEntry(sequence, &row);
    if (!entry)
        return; // cleared or dropped meanwhile
    if (entry->zxid < 0)
        entry->zxid = zxid;
    if (dataAfter)
        entry->dataAfter = dataAfter;
    if (row >= 0)
        Q_EMIT dataChanged(index(row, ZxidColumn), index(row, DataAfterColumn));
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
        const QString zxid = row.zxid < 0 ? QString() : QStringLiteral("0x%1").arg(quint64(row.zxid), 0, 16);
        const QStringList fields{quoted(row.time.toString(Qt::ISODateWithMs)),
                                 quoted(row.connection),
                                 quoted(row.type),
                                 quoted(row.state),
                                 quoted(row.path),
                                 quoted(zxid),
                                 quoted(row.dataBefore ? dataText(*row.dataBefore, 0) : QString()),
                                 quoted(row.dataAfter ? dataText(*row.dataAfter, 0) : QString())};
        csv += fields.join(u',').toUtf8() + "\r\n";
    }
    return csv;
}

} // namespace zooscope::ui
