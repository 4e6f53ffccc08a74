#pragma once
// ZAB broadcast: one member's transaction history with proposed / acked / committed marks and ack
// counts, and the zxid-progress chart of every member, scrubbed with the timeline.

#include "ProposalHistoryModel.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace zooscope::ui::ensemble {

class MemberSelector;
class ZxidProgressChart;

class BroadcastPanel : public QWidget
{
    Q_OBJECT

public:
    explicit BroadcastPanel(QWidget *parent = nullptr);

    void setFeed(EnsembleFeed *feed);
    void showMember(ServerId sid);
    ProposalHistoryModel *model() const { return m_model; }
    ZxidProgressChart *chart() const { return m_chart; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QLabel *m_title = nullptr;
    MemberSelector *m_selector = nullptr;
    QTableView *m_table = nullptr;
    ProposalHistoryModel *m_model = nullptr;
    ZxidProgressChart *m_chart = nullptr;
};

} // namespace zooscope::ui::ensemble
