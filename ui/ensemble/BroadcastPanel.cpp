#include "BroadcastPanel.h"

#include "MemberSelector.h"
#include "ZxidProgressChart.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace zooscope::ui::ensemble {

BroadcastPanel::BroadcastPanel(QWidget *parent)
    : QWidget(parent)
    , m_selector(new MemberSelector(this))
    , m_table(new QTableView(this))
    , m_model(new ProposalHistoryModel(this))
    , m_chart(new ZxidProgressChart(this))
{
    auto *layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    layout->addWidget(m_title);
    layout->addWidget(m_selector);
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Size columns from the rows on screen only: measuring a long history's every row on each
    // frame cost more than painting the whole page (bench_ensemble_view --simulated).
    m_table->horizontalHeader()->setResizeContentsPrecision(0);
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_chart);
    // Half and half: a shorter chart clips its axis titles.
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({1, 1});
    layout->addWidget(splitter, 1);
    connect(m_selector, &MemberSelector::memberSelected, this, &BroadcastPanel::showMember);
    retranslate();
}

void BroadcastPanel::retranslate()
{
    m_title->setText(tr("<b>Broadcast</b>"));
    m_table->setAccessibleName(tr("Transaction history"));
    Q_EMIT m_model->headerDataChanged(Qt::Horizontal, 0, ProposalHistoryModel::ColumnCount - 1);
}

void BroadcastPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void BroadcastPanel::setFeed(EnsembleFeed *feed)
{
    m_selector->setFeed(feed);
    m_model->setFeed(feed);
    m_chart->setFeed(feed);
    showMember(m_selector->selectedMember());
}

void BroadcastPanel::showMember(ServerId sid)
{
    m_selector->selectMember(sid);
    m_model->setMember(sid);
}

} // namespace zooscope::ui::ensemble
