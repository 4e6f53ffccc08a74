#pragma once
// The ensemble drawn as members on a circle (role colour, epoch, last and committed zxid, sessions)
// with the messages in flight animated from member to member, typed and colour-coded. Animations
// run on the wall clock at ~30 Hz whatever the source's pace; the feed's state is only read.
// Clicking a member or a message selects it and reports its details.

#include "EnsembleFeed.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <map>

namespace zooscope::ui::ensemble {

class EnsembleView : public QWidget
{
    Q_OBJECT

public:
    explicit EnsembleView(QWidget *parent = nullptr);

    void setFeed(EnsembleFeed *feed);
    EnsembleFeed *feed() const { return m_feed; }
    // Large fonts and the caption drawn across the bottom: for a projector.
    void setPresenterMode(bool presenter);
    bool presenterMode() const { return m_presenter; }
    void setCaption(const QString &caption);
    // 1.0: a message takes 600 ms from member to member on screen.
    void setAnimationSpeed(double factor);

    QPointF memberCenter(ServerId sid) const;
    std::optional<ServerId> memberAt(const QPointF &point) const;
    std::optional<FlightMessage> messageAt(const QPointF &point) const;
    int animatedMessageCount() const { return int(m_animations.size()); }
    QString selectionDetails() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void memberClicked(zooscope::quorum::ServerId sid);
    void messageClicked(const QString &details);
    void selectionChanged(const QString &details);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Animation
    {
        FlightMessage message;
        qint64 startedMs = 0;
        std::optional<qint64> arrivedMs;
        double progressAtArrival = 0;
        bool lost = false;
        bool gone = false; // no longer in the state: finish quickly
        int lane = 0;      // messages sent together on one link are drawn side by side, not on top
    };

    void stateChanged();
    void animationFrame();
    double progressOf(const Animation &animation, qint64 nowMs) const;
    qint64 finishMs() const;
    QPointF messagePosition(const Animation &animation, qint64 nowMs) const;
    QRectF messageRect(const Animation &animation, qint64 nowMs) const;
    QString labelText(const Animation &animation) const;
    int freeLane(const FlightMessage &message) const;
    double memberRadius() const;
    QFont scaledFont(double points, bool bold = false) const;
    void paintLinks(QPainter &painter);
    void paintMember(QPainter &painter, const MemberState &member);
    void paintMessages(QPainter &painter, qint64 nowMs);
    void paintCaption(QPainter &painter);

    QPointer<EnsembleFeed> m_feed;
    std::map<quint64, Animation> m_animations;
    QElapsedTimer m_clock;
    QTimer m_frameTimer;
    bool m_presenter = false;
    QString m_caption;
    double m_travelMs = 600;
    std::optional<ServerId> m_selectedMember;
    std::optional<FlightMessage> m_selectedMessage;
};

} // namespace zooscope::ui::ensemble
