#pragma once
// The ensemble drawn as members on a circle (role colour, epoch, last and committed zxid, sessions)
// with the messages in flight animated from member to member, typed and colour-coded. Animations
// run on the wall clock at ~30 Hz whatever the source's pace; the feed's state is only read.
// Clicking a member or a message selects it and reports its details.

#include "EnsembleFeed.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPixmap>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <map>
#include <vector>

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
    // Members that joined or left (reconfiguration) in the last moments, drawn as a ring that fades.
    int membershipChangesShown() const { return int(m_membershipChanges.size()); }
    int membershipChangesNoted() const { return m_membershipChangesNoted; }
    // Under a high message rate messages become dots, at most DotSlotsPerLink per link (one per
    // stretch of the link), and the view says so; this is the number of dots the last paint drew.
    static constexpr int DotSlotsPerLink = 8;
    bool aggregatingMessages() const;
    int drawnDotCount() const { return m_drawnDots; }
    QString selectionDetails() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void memberClicked(zooscope::quorum::ServerId sid);
    void messageClicked(const QString &details);
    void selectionChanged(const QString &details);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
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
    QStringList memberLines(const MemberState &member) const;
    QString backdropKey() const;
    const QPixmap &backdrop();
    void paintLinks(QPainter &painter);
    void paintMember(QPainter &painter, const MemberState &member);
    void paintMessages(QPainter &painter, qint64 nowMs);
    void paintMessageDots(QPainter &painter, qint64 nowMs);
    const QPixmap &dotSprite(const QColor &colour);
    void paintCaption(QPainter &painter);

    QPointer<EnsembleFeed> m_feed;
    std::map<quint64, Animation> m_animations;
    // A member that joined (ring growing out of it) or left (ring shrinking where it was).
    struct MembershipChange
    {
        QPointF center;
        bool joined = true;
        qint64 sinceMs = 0;
    };
    void noteMembershipChanges(qint64 nowMs);
    void paintMembershipChanges(QPainter &painter, qint64 nowMs);
    std::vector<ServerId> m_shownMembers;
    QHash<ServerId, QPointF> m_lastCenters; // where a member that leaves was drawn
    int m_membershipChangesNoted = 0;
    std::map<ServerId, MembershipChange> m_membershipChanges;
    QElapsedTimer m_clock;
    QTimer m_frameTimer;
    bool m_presenter = false;
    QString m_caption;
    double m_travelMs = 600;
    std::optional<ServerId> m_selectedMember;
    std::optional<FlightMessage> m_selectedMessage;

    // The links and members change at most once per state change (~30 Hz) while messages move at
    // 60 Hz: they are painted once into this pixmap and reused until what they show changes.
    QPixmap m_backdrop;
    QString m_backdropKey;
    QHash<QRgb, QPixmap> m_dotSprites; // a pre-rendered antialiased dot per message colour
    struct DotCell
    {
        ServerId from = 0;
        ServerId to = 0;
        int slot = 0;
        quint64 id = 0; // the newest message in the cell gives its colour
        double opacity = 0;
        const Animation *animation = nullptr;
    };
    std::vector<DotCell> m_dotCells; // reused every frame: no allocation while painting
    std::vector<quint64> m_presentIds; // reused by stateChanged()
    int m_drawnDots = 0;
};

} // namespace zooscope::ui::ensemble
