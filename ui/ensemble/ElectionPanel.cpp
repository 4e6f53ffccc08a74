#include "ElectionPanel.h"

#include "EnsemblePalette.h"
#include "MemberSelector.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace zooscope::ui::ensemble {

ElectionPanel::ElectionPanel(QWidget *parent)
    : QWidget(parent)
    , m_selector(new MemberSelector(this))
    , m_vote(new QLabel(this))
    , m_tally(new QLabel(this))
    , m_table(new QTableView(this))
    , m_model(new ElectionTableModel(this))
{
    auto *layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    layout->addWidget(m_title);
    layout->addWidget(m_selector);
    layout->addWidget(m_vote);
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Size columns from the rows on screen only: measuring a long history's every row on each
    // frame cost more than painting the whole page (bench_ensemble_view --simulated).
    m_table->horizontalHeader()->setResizeContentsPrecision(0);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_table, 1);
    m_tally->setWordWrap(true);
    layout->addWidget(m_tally);
    m_legend = new QLabel(this);
    m_legend->setWordWrap(true);
    m_legend->setEnabled(false);
    layout->addWidget(m_legend);
    connect(m_selector, &MemberSelector::memberSelected, this, &ElectionPanel::showMember);
    retranslate();
}

void ElectionPanel::retranslate()
{
    m_title->setText(tr("<b>Election</b>"));
    m_table->setAccessibleName(tr("Votes received"));
    m_legend->setText(tr("Votes compare by epoch, then zxid, then server id; the field that decided is highlighted."));
    Q_EMIT m_model->headerDataChanged(Qt::Horizontal, 0, ElectionTableModel::ColumnCount - 1);
    refresh();
}

void ElectionPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ElectionPanel::setFeed(EnsembleFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    m_selector->setFeed(feed);
    m_model->setFeed(feed);
    if (m_feed)
        connect(m_feed, &EnsembleFeed::stateChanged, this, &ElectionPanel::refresh);
    showMember(m_selector->selectedMember());
}

void ElectionPanel::showMember(ServerId sid)
{
    m_selector->selectMember(sid);
    m_model->setMember(sid);
    refresh();
}

QString ElectionPanel::voteText() const
{
    return m_vote->text();
}

QString ElectionPanel::tallyText() const
{
    return m_tally->text();
}

void ElectionPanel::refresh()
{
    const MemberState *member = m_feed ? m_feed->state().member(m_model->member()) : nullptr;
    if (!member) {
        m_vote->clear();
        m_tally->clear();
        return;
    }
    const quorum::Vote &vote = member->currentVote;
    if (vote.leader == quorum::NoServer)
        m_vote->setText(tr("Own vote: none (an observer waits to hear whom the voters follow)"));
    else
        m_vote->setText(tr("Own vote: member %1, zxid %2, epoch %3; round %4; %5")
                            .arg(vote.leader)
                            .arg(zxidEpochCounter(vote.zxid))
                            .arg(vote.peerEpoch)
                            .arg(member->electionRound)
                            .arg(EnsemblePalette::roleName(*member)));
    QString tally = m_model->tally();
    if (member->quorumReached && member->state == ServerState::Looking) // only while the finalize wait runs
        tally += QLatin1Char('\n') + tr("Quorum reached: waiting the finalize time for a better vote.");
    if (!member->decision.isEmpty() && member->state != ServerState::Looking)
        tally += QLatin1Char('\n') + tr("Decided: %1").arg(EnsemblePalette::decisionText(member->decision));
    m_tally->setText(tally);
}

} // namespace zooscope::ui::ensemble
