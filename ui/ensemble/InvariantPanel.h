#pragma once
// The invariant monitors, live: green while a guarantee holds, red with the offending step once
// it is broken. Clicking a red monitor asks to jump to the offending event.

#include "EnsembleFeed.h"

#include <QPointer>
#include <QWidget>

class QLabel;

namespace zooscope::ui::ensemble {

class InvariantPanel : public QWidget
{
    Q_OBJECT

public:
    explicit InvariantPanel(QWidget *parent = nullptr);
    void setFeed(EnsembleFeed *feed);
    bool allGreen() const;
    QString monitorText(Invariant invariant) const;

Q_SIGNALS:
    void offendingEventRequested(qint64 eventIndex);

protected:
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    void refresh();                     // on every state change: only what changed is redone
    void showStatuses(bool evenIfSame); // labels, tooltips and colours from the feed's statuses

    QPointer<EnsembleFeed> m_feed;
    std::vector<QLabel *> m_labels;
    std::vector<InvariantStatus> m_statuses;
};

} // namespace zooscope::ui::ensemble
