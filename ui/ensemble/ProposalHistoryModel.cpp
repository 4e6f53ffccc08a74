#include "ProposalHistoryModel.h"

#include <QBrush>
#include <QColor>

namespace zooscope::ui::ensemble {

ProposalHistoryModel::ProposalHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ProposalHistoryModel::setFeed(EnsembleFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    if (m_feed)
        connect(m_feed, &EnsembleFeed::stateChanged, this, &ProposalHistoryModel::refresh);
    refresh();
}

void ProposalHistoryModel::setMember(ServerId sid)
{
    m_member = sid;
    refresh();
}

void ProposalHistoryModel::refresh()
{
    std::vector<ProposalMark> rows;
    const MemberState *member = m_feed ? m_feed->state().member(m_member) : nullptr;
    if (member) {
        for (auto it = member->proposals.rbegin(); it != member->proposals.rend(); ++it)
            rows.push_back(it->second);
        m_quorumSize = m_feed->state().quorum().quorumSize();
    }
    const bool sameRows = rows.size() == m_rows.size() &&
                          std::equal(rows.begin(), rows.end(), m_rows.begin(),
                                     [](const ProposalMark &a, const ProposalMark &b) { return a.zxid == b.zxid; });
    if (sameRows) {
        m_rows = std::move(rows);
        if (!m_rows.empty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int ProposalHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProposalHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProposalHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const ProposalMark &mark = m_rows[std::size_t(index.row())];
    const auto check = [](bool value) { return value ? QStringLiteral("\u2713") : QString(); };
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case ZxidColumn: return zxidText(mark.zxid);
        case EpochCounterColumn: return zxidEpochCounter(mark.zxid);
        case ProposedColumn: return check(mark.proposed);
        case AckedColumn: return check(mark.acked);
        case CommittedColumn: return check(mark.committed);
        case AcksColumn: return mark.ackCount > 0 ? tr("%1 / %2").arg(mark.ackCount).arg(m_quorumSize) : QString();
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() >= ProposedColumn)
        return int(Qt::AlignCenter);
    if (role == Qt::BackgroundRole && index.column() == CommittedColumn)
        return mark.committed ? QBrush(QColor(0xc8, 0xef, 0xc8)) : QBrush(QColor(0xff, 0xe9, 0xb8));
    if (role == Qt::ForegroundRole && index.column() == CommittedColumn)
        return QBrush(Qt::black);
    if (role == Qt::ToolTipRole && index.column() == AcksColumn)
        return tr("Acks counted by the leader / acks needed for a quorum");
    return {};
}

QVariant ProposalHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ZxidColumn: return tr("Zxid");
    case EpochCounterColumn: return tr("Epoch/counter");
    case ProposedColumn: return tr("Proposed");
    case AckedColumn: return tr("Acked");
    case CommittedColumn: return tr("Committed");
    case AcksColumn: return tr("Acks");
    }
    return {};
}

} // namespace zooscope::ui::ensemble
