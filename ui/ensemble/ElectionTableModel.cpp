#include "ElectionTableModel.h"

#include "EngineTexts.h"
#include "EnsemblePalette.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace zooscope::ui::ensemble {

using quorum::NoServer;

namespace {

QString idText(std::int64_t value)
{
    return value == NoServer ? QStringLiteral("-") : QString::number(value);
}

} // namespace

ElectionTableModel::ElectionTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ElectionTableModel::setFeed(EnsembleFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    if (m_feed)
        connect(m_feed, &EnsembleFeed::stateChanged, this, &ElectionTableModel::refresh);
    refresh();
}

void ElectionTableModel::setMember(ServerId sid)
{
    if (sid != m_member && !m_rows.empty()) {
        // Another member's table: rows are not comparable with the old ones ("itself" moves).
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }
    m_member = sid;
    refresh();
}

void ElectionTableModel::refresh()
{
    std::vector<Row> rows;
    m_ownVote = {};
    const MemberState *self = m_feed ? m_feed->state().member(m_member) : nullptr;
    if (self) {
        // Once decided, the table shows the votes against the vote the election ended with: the
        // member's current vote takes the new epoch after synchronization and agrees with nobody's.
        const bool decided = self->state != ServerState::Looking && !self->decision.isEmpty();
        m_ownVote = decided ? self->decidedVote : self->currentVote;
        for (const auto &[from, received] : self->receivedVotes) {
            Row row{from, received, quorum::compareCandidates(received.vote, m_ownVote), -1, false};
            if (received.vote.peerEpoch != m_ownVote.peerEpoch)
                row.decidingColumn = EpochColumn;
            else if (received.vote.zxid != m_ownVote.zxid)
                row.decidingColumn = ZxidColumn;
            else if (received.vote.leader != m_ownVote.leader)
                row.decidingColumn = LeaderColumn;
            row.agrees = !received.ignored && m_feed->state().quorum().isVoter(from) && quorum::votesAgree(received.vote, m_ownVote);
            rows.push_back(row);
        }
    }
    // Same senders: update in place so views keep their selection; otherwise reset.
    const bool sameShape = rows.size() == m_rows.size() &&
                           std::equal(rows.begin(), rows.end(), m_rows.begin(), [](const Row &a, const Row &b) { return a.from == b.from; });
    if (sameShape) {
        // Only rows that changed: after the election nothing does, and a dataChanged on every
        // frame made the table re-measure its columns 30 times a second under write load.
        const auto sameRow = [](const Row &a, const Row &b) {
            return a.received.vote == b.received.vote && a.received.ignored == b.received.ignored &&
                   a.received.ignoredBecause == b.received.ignoredBecause && a.comparison == b.comparison &&
                   a.decidingColumn == b.decidingColumn && a.agrees == b.agrees;
        };
        int firstChanged = -1;
        int lastChanged = -1;
        for (int row = 0; row < int(rows.size()); ++row) {
            if (!sameRow(rows[std::size_t(row)], m_rows[std::size_t(row)])) {
                firstChanged = firstChanged < 0 ? row : firstChanged;
                lastChanged = row;
            }
        }
        m_rows = std::move(rows);
        if (firstChanged >= 0)
            Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int ElectionTableModel::agreeingVoters() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const Row &row) { return row.agrees; }));
}

QString ElectionTableModel::tally() const
{
    if (!m_feed || !m_feed->state().member(m_member))
        return {};
    const quorum::QuorumConfig &quorum = m_feed->state().quorum();
    if (m_ownVote.leader == NoServer)
        return tr("No vote yet");
    return tr("%1 of %2 voters agree on member %3 (a quorum is %4)")
        .arg(agreeingVoters())
        .arg(quorum.voters().size())
        .arg(m_ownVote.leader)
        .arg(quorum.quorumSize());
}

int ElectionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ElectionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ElectionTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const quorum::Vote &vote = row.received.vote;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case FromColumn: return row.from == m_member ? tr("%1 (itself)").arg(row.from) : QString::number(row.from);
        case LeaderColumn: return idText(vote.leader);
        case ZxidColumn: return vote.zxid == NoServer ? QStringLiteral("-") : zxidEpochCounter(vote.zxid);
        case EpochColumn: return idText(vote.peerEpoch);
        case RoundColumn: return QString::number(vote.electionEpoch);
        case StateColumn: return EnsemblePalette::stateName(vote.state);
        case VerdictColumn:
            if (row.received.ignored)
                return tr("ignored: %1").arg(voteIgnoredDetailsDisplayText(row.received.ignoredBecause));
            if (row.agrees)
                return tr("agrees");
            return row.comparison > 0 ? tr("stronger") : row.comparison < 0 ? tr("weaker") : tr("same candidate");
        }
        break;
    case Qt::ToolTipRole:
        if (row.decidingColumn == EpochColumn)
            return tr("Decided by the epoch: the higher epoch wins.");
        if (row.decidingColumn == ZxidColumn)
            return tr("Same epoch: decided by the zxid, the longer history wins.");
        if (row.decidingColumn == LeaderColumn)
            return tr("Same epoch and zxid: decided by the server id, the higher id wins.");
        if (index.column() == VerdictColumn)
            return tr("Compared with the member's own vote");
        return {};
    case Qt::BackgroundRole:
        if (index.column() == row.decidingColumn)
            return QBrush(row.comparison > 0 ? QColor(0xff, 0xd8, 0x8a) : QColor(0xdd, 0xe8, 0xf6));
        if (row.agrees && index.column() == VerdictColumn)
            return QBrush(QColor(0xc8, 0xef, 0xc8));
        return {};
    case Qt::ForegroundRole:
        if (index.column() == row.decidingColumn || (row.agrees && index.column() == VerdictColumn))
            return QBrush(Qt::black); // readable on the highlight in dark themes too
        return {};
    case Qt::FontRole:
        if (index.column() == row.decidingColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case DecidingColumnRole:
        return row.decidingColumn;
    default:
        break;
    }
    return {};
}

QVariant ElectionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case FromColumn: return tr("From");
    case LeaderColumn: return tr("Votes for");
    case ZxidColumn: return tr("Zxid");
    case EpochColumn: return tr("Epoch");
    case RoundColumn: return tr("Round");
    case StateColumn: return tr("Sender state");
    case VerdictColumn: return tr("Verdict");
    }
    return {};
}

} // namespace zooscope::ui::ensemble
