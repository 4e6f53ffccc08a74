#include "FaultControls.h"

#include "MemberSelector.h"

#include <QCheckBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace zooscope::ui::ensemble {

FaultControls::FaultControls(QWidget *parent)
    : QWidget(parent)
    , m_member(new MemberSelector(this))
    , m_kill(new QPushButton(this))
    , m_restart(new QPushButton(this))
    , m_pause(new QPushButton(this))
    , m_resume(new QPushButton(this))
    , m_killLeader(new QPushButton(this))
    , m_addMember(new QPushButton(this))
    , m_addObserver(new QPushButton(this))
    , m_removeMember(new QPushButton(this))
    , m_partition(new QPushButton(this))
    , m_heal(new QPushButton(this))
    , m_linkFrom(new MemberSelector(this))
    , m_linkTo(new MemberSelector(this))
    , m_delay(new QSpinBox(this))
    , m_loss(new QSpinBox(this))
    , m_blocked(new QCheckBox(this))
    , m_applyLink(new QPushButton(this))
    , m_write(new QPushButton(this))
    , m_writeRate(new QSpinBox(this))
{
    auto *layout = new QVBoxLayout(this);

    m_memberBox = new QGroupBox(this);
    auto *memberLayout = new QVBoxLayout(m_memberBox);
    memberLayout->addWidget(m_member);
    auto *memberButtons = new QHBoxLayout();
    for (QPushButton *button : {m_kill, m_restart, m_pause, m_resume})
        memberButtons->addWidget(button);
    memberLayout->addLayout(memberButtons);
    memberLayout->addWidget(m_killLeader);
    auto *membershipButtons = new QHBoxLayout();
    for (QPushButton *button : {m_addMember, m_addObserver, m_removeMember})
        membershipButtons->addWidget(button);
    memberLayout->addLayout(membershipButtons);
    m_addMember->setObjectName(QStringLiteral("addMemberButton"));
    m_addObserver->setObjectName(QStringLiteral("addObserverButton"));
    m_removeMember->setObjectName(QStringLiteral("removeMemberButton"));
    layout->addWidget(m_memberBox);

    m_partitionBox = new QGroupBox(this);
    auto *partitionLayout = new QVBoxLayout(m_partitionBox);
    m_partitionBoxes = new QHBoxLayout();
    partitionLayout->addLayout(m_partitionBoxes);
    auto *partitionButtons = new QHBoxLayout();
    partitionButtons->addWidget(m_partition);
    partitionButtons->addWidget(m_heal);
    partitionLayout->addLayout(partitionButtons);
    layout->addWidget(m_partitionBox);

    m_linkBox = new QGroupBox(this);
    m_linkForm = new QFormLayout(m_linkBox);
    auto *linkLayout = m_linkForm;
    linkLayout->addRow(QStringLiteral("-"), m_linkFrom);
    linkLayout->addRow(QStringLiteral("-"), m_linkTo);
    m_delay->setRange(0, 10000);
    linkLayout->addRow(QStringLiteral("-"), m_delay);
    m_loss->setRange(0, 100);
    linkLayout->addRow(QStringLiteral("-"), m_loss);
    linkLayout->addRow(QString(), m_blocked);
    linkLayout->addRow(QString(), m_applyLink);
    layout->addWidget(m_linkBox);

    m_writeBox = new QGroupBox(this);
    m_writeForm = new QFormLayout(m_writeBox);
    m_writeRate->setRange(0, 5000);
    m_writeForm->addRow(m_write);
    m_writeForm->addRow(QStringLiteral("-"), m_writeRate);
    layout->addWidget(m_writeBox);
    layout->addStretch(1);

    connect(m_kill, &QPushButton::clicked, this, &FaultControls::killSelected);
    connect(m_restart, &QPushButton::clicked, this, &FaultControls::restartSelected);
    connect(m_pause, &QPushButton::clicked, this, [this] {
        if (m_feed)
            m_feed->pause(m_member->selectedMember());
    });
    connect(m_resume, &QPushButton::clicked, this, [this] {
        if (m_feed)
            m_feed->resume(m_member->selectedMember());
    });
    connect(m_killLeader, &QPushButton::clicked, this, &FaultControls::killLeader);
    connect(m_addMember, &QPushButton::clicked, this, &FaultControls::addMember);
    connect(m_addObserver, &QPushButton::clicked, this, &FaultControls::addObserver);
    connect(m_removeMember, &QPushButton::clicked, this, &FaultControls::removeSelected);
    connect(m_partition, &QPushButton::clicked, this, [this] {
        if (m_feed && !checkedMembers().empty())
            m_feed->partition(checkedMembers());
    });
    connect(m_heal, &QPushButton::clicked, this, [this] {
        if (m_feed)
            m_feed->heal();
    });
    connect(m_applyLink, &QPushButton::clicked, this, &FaultControls::applyLinkFault);
    connect(m_write, &QPushButton::clicked, this, &FaultControls::writeOnce);
    connect(m_writeRate, &QSpinBox::valueChanged, this, &FaultControls::setWriteRate);
    connect(&m_writeTimer, &QTimer::timeout, this, &FaultControls::writeDue);
    setEnabled(false);
    retranslate();
}

void FaultControls::retranslate()
{
    m_memberBox->setTitle(tr("Member"));
    m_kill->setText(tr("Kill"));
    m_restart->setText(tr("Restart"));
    m_pause->setText(tr("Pause"));
    m_resume->setText(tr("Resume"));
    m_killLeader->setText(tr("Kill the leader"));
    m_killLeader->setToolTip(tr("Kill whichever member leads now (K)"));
    m_addMember->setText(tr("Add member"));
    m_addMember->setToolTip(tr("Start a new voting member and add it to the ensemble (reconfig)"));
    m_addObserver->setText(tr("Add observer"));
    m_addObserver->setToolTip(tr("Start a new observer and add it to the ensemble (reconfig)"));
    m_removeMember->setText(tr("Remove member"));
    m_removeMember->setToolTip(tr("Remove the selected member from the ensemble (reconfig), then stop it"));
    m_partitionBox->setTitle(tr("Partition"));
    m_partition->setText(tr("Partition checked members"));
    m_heal->setText(tr("Heal all links"));
    m_linkBox->setTitle(tr("Link (one way)"));
    const auto setLabel = [](QFormLayout *form, QWidget *field, const QString &text) {
        if (auto *label = qobject_cast<QLabel *>(form->labelForField(field)))
            label->setText(text);
    };
    setLabel(m_linkForm, m_linkFrom, tr("From"));
    setLabel(m_linkForm, m_linkTo, tr("To"));
    setLabel(m_linkForm, m_delay, tr("Delay"));
    setLabel(m_linkForm, m_loss, tr("Notification loss"));
    m_delay->setSuffix(tr(" ms"));
    m_loss->setSuffix(tr(" %"));
    m_blocked->setText(tr("Blocked"));
    m_applyLink->setText(tr("Apply to link"));
    m_writeBox->setTitle(tr("Client writes"));
    m_write->setText(tr("Write once"));
    setLabel(m_writeForm, m_writeRate, tr("Write load"));
    m_writeRate->setSuffix(tr(" writes/s"));
    m_writeRate->setSpecialValueText(tr("off"));
    for (auto &[sid, check] : m_checks)
        check->setToolTip(tr("Member %1 goes to the cut-off side").arg(sid));
}

void FaultControls::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void FaultControls::setFeed(EnsembleFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    m_writeRate->setValue(0);
    for (MemberSelector *selector : {m_member, m_linkFrom, m_linkTo})
        selector->setFeed(feed);
    if (m_feed)
        connect(m_feed, &EnsembleFeed::stateChanged, this, &FaultControls::refresh);
    setEnabled(m_feed != nullptr);
    if (m_linkTo->count() > 1)
        m_linkTo->setCurrentIndex(1);
    rebuildPartitionBoxes();
    refresh();
}

void FaultControls::selectMember(ServerId sid)
{
    m_member->selectMember(sid);
}

void FaultControls::rebuildPartitionBoxes()
{
    for (auto &[sid, check] : m_checks)
        delete check;
    m_checks.clear();
    if (!m_feed)
        return;
    for (const auto &[sid, member] : m_feed->state().members()) {
        auto *check = new QCheckBox(QString::number(sid), this);
        check->setToolTip(tr("Member %1 goes to the cut-off side").arg(sid));
        m_partitionBoxes->addWidget(check);
        m_checks.emplace_back(sid, check);
    }
}

std::vector<ServerId> FaultControls::checkedMembers() const
{
    std::vector<ServerId> side;
    for (const auto &[sid, check] : m_checks) {
        if (check->isChecked())
            side.push_back(sid);
    }
    return side;
}

void FaultControls::refresh()
{
    if (!m_feed)
        return;
    if (m_checks.size() != m_feed->state().members().size())
        rebuildPartitionBoxes();
    m_pause->setEnabled(m_feed->supports(FaultKind::Pause));
    m_resume->setEnabled(m_feed->supports(FaultKind::Resume));
    m_write->setEnabled(m_feed->supports(FaultKind::Write));
    m_writeRate->setEnabled(m_feed->supports(FaultKind::Write));
    m_killLeader->setEnabled(!m_feed->state().leaders().empty());
    const bool reconfigures = m_feed->supports(FaultKind::Reconfigure);
    for (QPushButton *button : {m_addMember, m_addObserver, m_removeMember})
        button->setEnabled(reconfigures);
}

void FaultControls::killSelected()
{
    if (m_feed && !m_feed->kill(m_member->selectedMember()))
        Q_EMIT m_feed->problem(tr("Could not kill member %1.").arg(m_member->selectedMember()));
}

void FaultControls::restartSelected()
{
    if (m_feed)
        m_feed->restart(m_member->selectedMember());
}

void FaultControls::killLeader()
{
    if (!m_feed)
        return;
    const std::vector<ServerId> leaders = m_feed->state().leaders();
    if (leaders.empty()) {
        Q_EMIT m_feed->problem(tr("No member leads right now."));
        return;
    }
    m_feed->kill(leaders.front());
}

void FaultControls::addMember()
{
    if (m_feed)
        m_feed->addMember(false);
}

void FaultControls::addObserver()
{
    if (m_feed)
        m_feed->addMember(true);
}

void FaultControls::removeSelected()
{
    if (m_feed && m_member->selectedMember() != quorum::NoServer)
        m_feed->removeMember(m_member->selectedMember());
}

void FaultControls::applyLinkFault()
{
    if (!m_feed || m_linkFrom->selectedMember() == m_linkTo->selectedMember())
        return;
    m_feed->setLinkFault(m_linkFrom->selectedMember(), m_linkTo->selectedMember(),
                         LinkFaultRequest{m_blocked->isChecked(), m_delay->value(), m_loss->value()});
}

void FaultControls::writeOnce()
{
    if (m_feed)
        m_feed->write(quorum::NoServer);
}

void FaultControls::setWriteRate(int writesPerSecond)
{
    if (m_writeRate->value() != writesPerSecond)
        m_writeRate->setValue(writesPerSecond);
    m_writesPerSecond = writesPerSecond;
    if (writesPerSecond <= 0) {
        m_writeTimer.stop();
        return;
    }
    // A timer per write cannot go beyond ~1,000 writes/s (1 ms is QTimer's floor): tick every 10 ms
    // and send the writes that fell due since the rate was set.
    m_writesSent = 0;
    m_writeClock.start();
    m_writeTimer.setTimerType(Qt::PreciseTimer);
    m_writeTimer.start(std::clamp(1000 / writesPerSecond, 1, 10));
}

void FaultControls::writeDue()
{
    const qint64 due = m_writesPerSecond * m_writeClock.elapsed() / 1000;
    // After a stall (a paused debugger, a busy UI thread) the backlog is dropped, not burst out.
    m_writesSent = std::max(m_writesSent, due - std::max(1, m_writesPerSecond / 10));
    for (; m_writesSent < due; ++m_writesSent)
        writeOnce();
}

} // namespace zooscope::ui::ensemble
