#include "ProposalHistoryModel.h"

#include <QBrush>
#include <QColor>

#include <algorithm>

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
    std::vector<Row> rows;
    const MemberState *member = m_feed ? m_feed->state().member(m_member) : nullptr;
    if (member) {
        rows.reserve(member->proposals.size());
        for (auto it = member->proposals.rbegin(); it != member->proposals.rend(); ++it)
            rows.push_back(Row{it->second.zxid, it->second.proposed, it->second.acked, it->second.committed, it->second.ackCount});
        m_quorumSize = m_feed->state().quorum().quorumSize();
    }
    if (applyIncrementally(rows))
        return;
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

bool ProposalHistoryModel::applyIncrementally(std::vector<Row> &rows)
{
    if (m_rows.empty() || rows.empty())
        return rows.empty() && m_rows.empty();
    // Newest first: new proposals come in on top, the history limit drops the oldest at the bottom.
    const auto firstKept = std::find_if(rows.begin(), rows.end(), [&](const Row &row) { return row.zxid == m_rows.front().zxid; });
    if (firstKept == rows.end())
        return false;
    const int inserted = int(firstKept - rows.begin());
    const int kept = int(rows.size()) - inserted;
    if (kept > int(m_rows.size()))
        return false; // older rows appeared below: not the shape handled here
    for (int row = 0; row < kept; ++row) {
        if (rows[std::size_t(inserted + row)].zxid != m_rows[std::size_t(row)].zxid)
            return false;
    }
    if (kept < int(m_rows.size())) {
        beginRemoveRows({}, kept, int(m_rows.size()) - 1);
        m_rows.resize(std::size_t(kept));
        endRemoveRows();
    }
    int firstChanged = -1;
    int lastChanged = -1;
    for (int row = 0; row < kept; ++row) {
        if (!(rows[std::size_t(inserted + row)] == m_rows[std::size_t(row)])) {
            firstChanged = firstChanged < 0 ? row : firstChanged;
            lastChanged = row;
        }
    }
    if (inserted > 0) {
        beginInsertRows({}, 0, inserted - 1);
        m_rows = std::move(rows);
        endInsertRows();
    } else {
        m_rows = std::move(rows);
    }
    if (firstChanged >= 0)
        Q_EMIT dataChanged(index(inserted + firstChanged, 0), index(inserted + lastChanged, ColumnCount - 1));
    return true;
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
    const Row &mark = m_rows[std::size_t(index.row())];
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
