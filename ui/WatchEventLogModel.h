#pragma once
// Every watch event and connection state change of every open connection, as table rows (time,
// connection, type, state, path). Rows arrive in batches (one insert per timer turn) so that an
// event storm costs one view update, and the oldest rows go beyond MaxRows. Pause holds new rows
// back until resume; clear empties the table; CSV export writes off the UI thread.

#include <QAbstractTableModel>
#include <QDateTime>
#include <QTimer>

#include <deque>
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
    enum Column { TimeColumn, ConnectionColumn, TypeColumn, StateColumn, PathColumn, ColumnCount };
    static constexpr int MaxRows = 100000;

    struct Entry
    {
        QDateTime time;
        QString connection;
        QString type;
        QString state;
        QString path;
    };

    explicit WatchEventLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Logs the session's watch events and state changes until it is destroyed.
    void addSession(ConnectionSession *session);
    void append(const Entry &entry);
    const Entry &entry(int row) const { return m_rows.at(size_t(row)); }

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

    std::deque<Entry> m_rows;
    std::vector<Entry> m_pending;
    QTimer m_flushTimer;
    bool m_paused = false;
};

} // namespace zooscope::ui
