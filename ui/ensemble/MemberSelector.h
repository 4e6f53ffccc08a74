#pragma once
// A combo box listing the feed's members ("Member 3 (LEADING)"), kept current as roles change.

#include "EnsembleFeed.h"

#include <QComboBox>
#include <QPointer>

namespace zooscope::ui::ensemble {

class MemberSelector : public QComboBox
{
    Q_OBJECT

public:
    explicit MemberSelector(QWidget *parent = nullptr);
    void setFeed(EnsembleFeed *feed);
    ServerId selectedMember() const;
    void selectMember(ServerId sid);

Q_SIGNALS:
    void memberSelected(zooscope::quorum::ServerId sid);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();

    QPointer<EnsembleFeed> m_feed;
};

} // namespace zooscope::ui::ensemble
