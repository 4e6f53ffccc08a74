#pragma once
// Fast Leader Election for one member: its current vote, the votes it received this round with
// the deciding comparison highlighted, and the quorum tally.

#include "ElectionTableModel.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace zooscope::ui::ensemble {

class MemberSelector;

class ElectionPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ElectionPanel(QWidget *parent = nullptr);

    void setFeed(EnsembleFeed *feed);
    void showMember(ServerId sid);
    ElectionTableModel *model() const { return m_model; }
    QString voteText() const;
    QString tallyText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void refresh();

    QPointer<EnsembleFeed> m_feed;
    MemberSelector *m_selector = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_legend = nullptr;
    QLabel *m_vote = nullptr;
    QLabel *m_tally = nullptr;
    QTableView *m_table = nullptr;
    ElectionTableModel *m_model = nullptr;
};

} // namespace zooscope::ui::ensemble
