#pragma once
// Fault injection for whichever feed is shown: kill / restart / pause / resume a member, add a member
// or an observer and remove the selected member (live reconfiguration, where supported), partition
// the checked members from the rest and heal, per-link delay, loss or block, and client writes
// (once, or at a rate). Controls the source cannot do are disabled. On the classroom timeline, a
// fault injected while scrubbed back forks a new future from that point.

#include "EnsembleFeed.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QFormLayout;
class QGroupBox;
class QHBoxLayout;
class QPushButton;
class QSpinBox;

namespace zooscope::ui::ensemble {

class MemberSelector;

class FaultControls : public QWidget
{
    Q_OBJECT

public:
    explicit FaultControls(QWidget *parent = nullptr);
    void setFeed(EnsembleFeed *feed);
    void selectMember(ServerId sid);

public Q_SLOTS:
    void killSelected();
    void restartSelected();
    void killLeader();
    void addMember();
    void addObserver();
    void removeSelected();
    void setWriteRate(int writesPerSecond);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void refresh();
    void rebuildPartitionBoxes();
    void applyLinkFault();
    void writeOnce();
    void writeDue();
    std::vector<ServerId> checkedMembers() const;

    QPointer<EnsembleFeed> m_feed;
    QGroupBox *m_memberBox = nullptr;
    QGroupBox *m_partitionBox = nullptr;
    QGroupBox *m_linkBox = nullptr;
    QGroupBox *m_writeBox = nullptr;
    QFormLayout *m_linkForm = nullptr;
    QFormLayout *m_writeForm = nullptr;
    MemberSelector *m_member = nullptr;
    QPushButton *m_kill = nullptr;
    QPushButton *m_restart = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_resume = nullptr;
    QPushButton *m_killLeader = nullptr;
    QPushButton *m_addMember = nullptr;
    QPushButton *m_addObserver = nullptr;
    QPushButton *m_removeMember = nullptr;
    QHBoxLayout *m_partitionBoxes = nullptr;
    std::vector<std::pair<ServerId, QCheckBox *>> m_checks;
    QPushButton *m_partition = nullptr;
    QPushButton *m_heal = nullptr;
    MemberSelector *m_linkFrom = nullptr;
    MemberSelector *m_linkTo = nullptr;
    QSpinBox *m_delay = nullptr;
    QSpinBox *m_loss = nullptr;
    QCheckBox *m_blocked = nullptr;
    QPushButton *m_applyLink = nullptr;
    QPushButton *m_write = nullptr;
    QSpinBox *m_writeRate = nullptr;
    QTimer m_writeTimer;
    QElapsedTimer m_writeClock; // since the rate was set: writes due = rate x elapsed
    int m_writesPerSecond = 0;
    qint64 m_writesSent = 0;    // by the rate, since it was set
};

} // namespace zooscope::ui::ensemble
