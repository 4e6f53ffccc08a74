#pragma once
// Every watch event and connection state change of every open connection, as table rows (time,
// connection, type, state, path, zxid, data before/after). Rows arrive in batches (one insert per
// timer turn) so that an event storm costs one view update, and the oldest rows go beyond MaxRows.
// Pause holds new rows back until resume; clear empties the table; CSV export writes off the UI thread.
//
// ZooKeeper 3.8 notifications carry no zxid and no data, so a row is completed by one read after the
// event (at most MaxDetailReads in flight): NodeDataChanged reads the data (the data after, and the
// zxid as the Stat's mzxid), NodeCreated the czxid, NodeChildrenChanged the pzxid. The data before
// comes from the session's copy of the watched node's last read. A later change that lands before the
// read makes the zxid and data after those of the later change; NodeDeleted has no zxid.

#include <QAbstractTableModel>
#include <QDateTime>
#include <QTimer>

#include <deque>
#include <optional>
#include <vector>

namespace zooscope::client {
struct WatchEvent;
}

namespace zooscope::ui {

class ConnectionSession;

class WatchEventLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        ConnectionColumn,
        TypeColumn,
        StateColumn,
        PathColumn,
        ZxidColumn,
        DataBeforeColumn,
        DataAfterColumn,
        ColumnCount
    };
    static constexpr int MaxRows = 100000;
    static constexpr int MaxDetailReads = 64;          // reads completing rows, in flight at once
    static constexpr qsizetype MaxDataBytes = 64 * 1024; // data kept per row and side
    static constexpr qsizetype PreviewCharacters = 120; // shown in the cell; the tooltip shows more

    struct Entry
    {
        QDateTime time;
        QString connection;
        QString type;
        QString state;
        QString path;
        std::int64_t zxid = -1; // -1: unknown
        std::optional<QByteArray> dataBefore = std::nullopt;
        std::optional<QByteArray> dataAfter = std::nullopt;
        quint64 sequence = 0; // assigned by append(): finds the row when its details arrive
    };

    explicit WatchEventLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Logs the session's watch events and state changes until it is destroyed.
    void addSession(ConnectionSession *session);
    // Returns the entry's sequence number, for setDetails().
    quint64 append(const Entry &entry);
    const Entry &entry(int row) const { return m_rows.at(size_t(row)); }
    // Completes a row (held back or shown) once the read after its event answers.
    void setDetails(quint64 sequence, std::int64_t zxid, const std::optional<QByteArray> &dataAfter);
    // Data as one line: UTF-8 text when it is text, hex otherwise; elided beyond maxCharacters.
    static QString dataText(const QByteArray &data, qsizetype maxCharacters);

    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    int heldBackCount() const { return int(m_pending.size()); }
    void clear();
    // The rows as CSV (RFC 4180 quoting), header first.
    QByteArray toCsv() const;
    void retranslate();

Q_SIGNALS:
    void heldBackCountChanged(int count);

private:
    void flush();
    void logWatchEvent(ConnectionSession *session, const client::WatchEvent &event);
    Entry *findEntry(quint64 sequence, int *row);

    std::deque<Entry> m_rows;
    std::vector<Entry> m_pending;
    QTimer m_flushTimer;
    bool m_paused = false;
    quint64 m_nextSequence = 1;
    int m_detailReads = 0;
};

} // namespace zooscope::ui
