#include "MemberSelector.h"

#include <QEvent>

#include "EnsemblePalette.h"

namespace zooscope::ui::ensemble {

void MemberSelector::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QComboBox::changeEvent(event);
}

MemberSelector::MemberSelector(QWidget *parent)
    : QComboBox(parent)
{
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(this, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            Q_EMIT memberSelected(itemData(index).toLongLong());
    });
}

void MemberSelector::setFeed(EnsembleFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    if (m_feed)
        connect(m_feed, &EnsembleFeed::stateChanged, this, &MemberSelector::refresh);
    refresh();
}

ServerId MemberSelector::selectedMember() const
{
    return currentIndex() >= 0 ? currentData().toLongLong() : 0;
}

void MemberSelector::selectMember(ServerId sid)
{
    const int index = findData(qint64(sid));
    if (index >= 0)
        setCurrentIndex(index);
}

void MemberSelector::refresh()
{
    if (!m_feed)
        return;
    const auto &members = m_feed->state().members();
    const bool sameMembers = count() == int(members.size());
    int row = 0;
    for (const auto &[sid, member] : members) {
        const QString text = tr("Member %1 (%2)").arg(sid).arg(EnsemblePalette::roleName(member));
        if (sameMembers) {
            // Only real changes: with AdjustToContents every setItemText re-measures the box and
            // relayouts its panel, which under write load happened on every frame.
            if (itemText(row) != text)
                setItemText(row, text);
            if (itemData(row).toLongLong() != qint64(sid))
                setItemData(row, qint64(sid));
        } else {
            if (row == 0)
                clear();
            addItem(text, qint64(sid));
        }
        ++row;
    }
}

} // namespace zooscope::ui::ensemble
