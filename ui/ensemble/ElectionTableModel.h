#pragma once
// The votes one member received in its current election round, one row per sender, compared with
// the member's own vote in ZooKeeper's order (epoch, then zxid, then sid): the column that decided
// the comparison is highlighted, and rows that agree with the member's vote count for the quorum.

#include "EnsembleFeed.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace zooscope::ui::ensemble {

class ElectionTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { FromColumn, LeaderColumn, ZxidColumn, EpochColumn, RoundColumn, StateColumn, VerdictColumn, ColumnCount };
    // Which field decided the comparison with the member's own vote (-1: none, identical candidates).
    static constexpr int DecidingColumnRole = Qt::UserRole + 1;

    explicit ElectionTableModel(QObject *parent = nullptr);

    void setFeed(EnsembleFeed *feed);
    void setMember(ServerId sid);
    ServerId member() const { return m_member; }
    // "2 of 3 voters agree on member 3 (a quorum is 2)"
    QString tally() const;
    int agreeingVoters() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        ServerId from = 0;
        ReceivedVote received;
        int comparison = 0; // the candidate against ours: <0 weaker, 0 same, >0 stronger
        int decidingColumn = -1;
        bool agrees = false;
    };
    void refresh();

    QPointer<EnsembleFeed> m_feed;
    ServerId m_member = 0;
    quorum::Vote m_ownVote;
    std::vector<Row> m_rows;
};

} // namespace zooscope::ui::ensemble
