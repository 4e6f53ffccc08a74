#pragma once
// One member's transaction history as the broadcast panel lists it: zxid, proposed / acked /
// committed marks, and on the leader the acks counted per proposal.

#include "EnsembleFeed.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace zooscope::ui::ensemble {

class ProposalHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ZxidColumn, EpochCounterColumn, ProposedColumn, AckedColumn, CommittedColumn, AcksColumn, ColumnCount };

    explicit ProposalHistoryModel(QObject *parent = nullptr);

    void setFeed(EnsembleFeed *feed);
    void setMember(ServerId sid);
    ServerId member() const { return m_member; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // What a row shows: copying whole ProposalMarks (with their ack sets) 30 times a second was
    // measurable under write load.
    struct Row
    {
        Zxid zxid = 0;
        bool proposed = false;
        bool acked = false;
        bool committed = false;
        int ackCount = 0;
        bool operator==(const Row &other) const = default;
    };

    void refresh();
    // Tells the views about the change from m_rows to `rows` as inserted rows on top, removed rows
    // at the bottom and changed rows, so they neither reset nor re-measure the whole table.
    bool applyIncrementally(std::vector<Row> &rows);

    QPointer<EnsembleFeed> m_feed;
    ServerId m_member = 0;
    std::vector<Row> m_rows; // newest first
    int m_quorumSize = 1;
};

} // namespace zooscope::ui::ensemble
