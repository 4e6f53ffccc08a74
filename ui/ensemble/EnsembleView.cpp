#include "EnsembleView.h"

#include "EnsemblePalette.h"

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QtMath>

#include <algorithm>
#include <set>
#include <tuple>

namespace zooscope::ui::ensemble {

namespace {

constexpr int FrameMs = 16; // animation frames: 60 per second (the feeds fold at most ~30 times a second)
constexpr qint64 FadeMs = 350;         // and fades out over this long
constexpr std::size_t MaxAnimations = 400; // beyond this the oldest are dropped (heavy write load)
constexpr std::size_t MaxLabels = 60;      // beyond this messages are drawn as dots
constexpr int MaxLanes = 5;                 // side-by-side labels on one link before they share a lane

} // namespace

EnsembleView::EnsembleView(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    setMouseTracking(false);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Ensemble"));
    m_clock.start();
    m_frameTimer.setInterval(FrameMs);
    connect(&m_frameTimer, &QTimer::timeout, this, &EnsembleView::animationFrame);
}

void EnsembleView::setFeed(EnsembleFeed *feed)
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = feed;
    m_animations.clear();
    m_shownMembers.clear(); // a new feed's members are not news
    m_membershipChanges.clear();
    m_selectedMember.reset();
    m_selectedMessage.reset();
    if (m_feed)
        connect(m_feed, &EnsembleFeed::stateChanged, this, &EnsembleView::stateChanged);
    stateChanged();
}

void EnsembleView::setPresenterMode(bool presenter)
{
    m_presenter = presenter;
    m_dotSprites.clear(); // larger dots
    update();
}

void EnsembleView::setCaption(const QString &caption)
{
    m_caption = caption;
    update();
}

void EnsembleView::setAnimationSpeed(double factor)
{
    m_travelMs = 600.0 / std::clamp(factor, 0.05, 20.0);
}

QSize EnsembleView::sizeHint() const
{
    return QSize(640, 560);
}

QSize EnsembleView::minimumSizeHint() const
{
    return QSize(320, 280);
}

QFont EnsembleView::scaledFont(double points, bool bold) const
{
    QFont result = font();
    result.setPointSizeF(points * (m_presenter ? 1.7 : 1.0));
    result.setBold(bold);
    return result;
}

double EnsembleView::memberRadius() const
{
    const double side = std::min(width(), height());
    return std::clamp(side / 9.0, 30.0, 90.0);
}

QPointF EnsembleView::memberCenter(ServerId sid) const
{
    if (!m_feed)
        return {};
    const auto &members = m_feed->state().members();
    const int count = int(members.size());
    int index = 0;
    for (const auto &[id, member] : members) {
        if (id == sid)
            break;
        ++index;
    }
    const double captionSpace = m_presenter && !m_caption.isEmpty() ? height() * 0.18 : 0.0;
    const QPointF center(width() / 2.0, (height() - captionSpace) / 2.0);
    const double ring = std::max(10.0, std::min(width(), int(height() - captionSpace)) / 2.0 - memberRadius() - 12.0);
    if (count == 1)
        return center;
    const double angle = -M_PI / 2 + 2 * M_PI * index / count;
    return center + QPointF(std::cos(angle) * ring, std::sin(angle) * ring);
}

std::optional<ServerId> EnsembleView::memberAt(const QPointF &point) const
{
    if (!m_feed)
        return std::nullopt;
    for (const auto &[sid, member] : m_feed->state().members()) {
        if (QLineF(point, memberCenter(sid)).length() <= memberRadius())
            return sid;
    }
    return std::nullopt;
}

std::optional<FlightMessage> EnsembleView::messageAt(const QPointF &point) const
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_animations.rbegin(); it != m_animations.rend(); ++it) {
        if (messageRect(it->second, now).adjusted(-3, -3, 3, 3).contains(point))
            return it->second.message;
    }
    return std::nullopt;
}

QString EnsembleView::selectionDetails() const
{
    if (m_selectedMessage)
        return EnsemblePalette::messageDetails(*m_selectedMessage);
    if (m_selectedMember && m_feed) {
        if (const MemberState *member = m_feed->state().member(*m_selectedMember))
            return EnsemblePalette::memberDetails(*member);
    }
    return {};
}

void EnsembleView::stateChanged()
{
    const qint64 now = m_clock.elapsed();
    // Ids in the state, in a vector kept between frames: no allocation per frame once it has grown.
    std::vector<quint64> &present = m_presentIds;
    present.clear();
    if (m_feed) {
        for (const FlightMessage &message : m_feed->state().messages()) {
            if (message.from == message.to)
                continue;
            present.push_back(message.id);
            auto found = m_animations.find(message.id);
            if (found == m_animations.end()) {
                if (!message.inFlight() && message.deliveredMs && m_feed->state().nowMs() - *message.deliveredMs > 1000)
                    continue; // long delivered (a rewind or a late frame): nothing to animate
                found = m_animations.emplace(message.id, Animation{message, now, {}, 0, false, false, freeLane(message)}).first;
            }
            Animation &animation = found->second;
            if (animation.message.type != message.type || animation.message.from != message.from) {
                animation = Animation{message, now, {}, 0, false, false, freeLane(message)}; // an id reused after a rewind
            }
            animation.message = message;
            if (message.deliveredMs && !animation.arrivedMs) {
                animation.progressAtArrival = progressOf(animation, now);
                animation.arrivedMs = now;
            }
            animation.lost = message.lost;
        }
    }
    std::sort(present.begin(), present.end());
    const auto isPresent = [&present](quint64 id) { return std::binary_search(present.begin(), present.end(), id); };
    for (auto &[id, animation] : m_animations) {
        if (!isPresent(id) && !animation.arrivedMs && !animation.lost) {
            animation.gone = true;
            animation.progressAtArrival = progressOf(animation, now);
            animation.arrivedMs = now;
        }
    }
    while (m_animations.size() > MaxAnimations)
        m_animations.erase(m_animations.begin());
    noteMembershipChanges(now);
    if (m_selectedMessage && !isPresent(m_selectedMessage->id))
        m_selectedMessage.reset();
    if ((!m_animations.empty() || !m_membershipChanges.empty()) && !m_frameTimer.isActive())
        m_frameTimer.start();
    update();
}

void EnsembleView::noteMembershipChanges(qint64 nowMs)
{
    std::vector<ServerId> members;
    if (m_feed) {
        for (const auto &[sid, member] : m_feed->state().members())
            members.push_back(sid);
    }
    if (members == m_shownMembers)
        return;
    // The first members shown (a new feed) are not news; later ones joined, missing ones left.
    if (!m_shownMembers.empty()) {
        for (ServerId sid : members) {
            if (!std::binary_search(m_shownMembers.begin(), m_shownMembers.end(), sid)) {
                m_membershipChanges[sid] = MembershipChange{{}, true, nowMs};
                ++m_membershipChangesNoted;
            }
        }
        for (ServerId sid : m_shownMembers) {
            if (!std::binary_search(members.begin(), members.end(), sid)) {
                m_membershipChanges[sid] = MembershipChange{m_lastCenters.value(sid), false, nowMs};
                ++m_membershipChangesNoted;
            }
        }
    }
    m_shownMembers = std::move(members);
    for (ServerId sid : m_shownMembers)
        m_lastCenters.insert(sid, memberCenter(sid));
}

void EnsembleView::paintMembershipChanges(QPainter &painter, qint64 nowMs)
{
    constexpr qint64 ShowMs = 1500;
    for (auto it = m_membershipChanges.begin(); it != m_membershipChanges.end();) {
        const double progress = double(nowMs - it->second.sinceMs) / ShowMs;
        if (progress >= 1.0) {
            it = m_membershipChanges.erase(it);
            continue;
        }
        const bool joined = it->second.joined;
        const QPointF center = joined ? memberCenter(it->first) : it->second.center;
        // Joining: a green ring grows out of the member; leaving: a grey ring closes in where it was.
        const double radius = memberRadius() * (joined ? 1.0 + progress : 2.0 - progress);
        QColor colour = joined ? QColor(0x2e, 0x9e, 0x4f) : palette().mid().color();
        colour.setAlphaF(1.0 - progress);
        painter.setPen(QPen(colour, 3, joined ? Qt::SolidLine : Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(center, radius, radius);
        ++it;
    }
}

int EnsembleView::freeLane(const FlightMessage &message) const
{
    // The lowest lane no message still travelling on the same link uses (a sync batch sends DIFF,
    // PROPOSALs, COMMITs and NEWLEADER at once).
    if (m_animations.size() >= MaxLabels)
        return 0; // drawn as dots: lanes only matter for labels
    std::set<int> used;
    for (const auto &[id, animation] : m_animations) {
        if (animation.message.from == message.from && animation.message.to == message.to && !animation.arrivedMs && !animation.lost)
            used.insert(animation.lane);
    }
    int lane = 0;
    while (used.count(lane) && lane < MaxLanes - 1)
        ++lane;
    return lane;
}

qint64 EnsembleView::finishMs() const
{
    // An arrived message completes its trip in a quarter of the normal travel time.
    return qint64(m_travelMs / 4);
}

double EnsembleView::progressOf(const Animation &animation, qint64 nowMs) const
{
    const double travelled = double(nowMs - animation.startedMs) / m_travelMs;
    if (!animation.arrivedMs)
        return std::min(travelled, 0.85); // still in flight: waits near the receiver
    const double finishing = animation.progressAtArrival + double(nowMs - *animation.arrivedMs) / finishMs();
    return std::min(1.0, std::max(std::min(travelled, 1.0), finishing));
}

void EnsembleView::animationFrame()
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_animations.begin(); it != m_animations.end();) {
        const Animation &animation = it->second;
        const bool finished = animation.arrivedMs && progressOf(animation, now) >= 1.0 &&
                              now - *animation.arrivedMs > finishMs() + FadeMs;
        const bool lostAndFaded = animation.lost && animation.arrivedMs && now - *animation.arrivedMs > FadeMs * 2;
        if (finished || lostAndFaded)
            it = m_animations.erase(it);
        else
            ++it;
    }
    for (auto &[id, animation] : m_animations) {
        if (animation.lost && !animation.arrivedMs) {
            animation.progressAtArrival = progressOf(animation, now);
            animation.arrivedMs = now;
        }
    }
    if (m_animations.empty() && m_membershipChanges.empty())
        m_frameTimer.stop();
    update();
}

QPointF EnsembleView::messagePosition(const Animation &animation, qint64 nowMs) const
{
    const QPointF from = memberCenter(animation.message.from);
    const QPointF to = memberCenter(animation.message.to);
    const QLineF line(from, to);
    const double radius = memberRadius();
    if (line.length() < 2 * radius)
        return from;
    // Travel from edge to edge, a little to the right of the line so both directions stay readable.
    const QPointF start = line.pointAt(radius / line.length());
    const QPointF end = line.pointAt(1.0 - radius / line.length());
    double progress = animation.lost ? animation.progressAtArrival : progressOf(animation, nowMs);
    if (aggregatingMessages()) {
        // Dots share DotSlotsPerLink places per link: what is drawn and what a click finds agree.
        const int slot = std::clamp(int(progress * DotSlotsPerLink), 0, DotSlotsPerLink - 1);
        progress = (slot + 0.5) / DotSlotsPerLink;
    }
    const QPointF along = start + (end - start) * progress;
    const QLineF normal = line.normalVector();
    const QPointF offset = (normal.p2() - normal.p1()) / std::max(1.0, normal.length()) * 9.0;
    // Lanes stack straight down: labels are wide, so a step across a steep link would still overlap.
    const double laneStep = m_animations.size() <= MaxLabels ? QFontMetricsF(scaledFont(7.5)).height() + 6 : 0.0;
    return along + offset + QPointF(0, animation.lane * laneStep);
}

QString EnsembleView::labelText(const Animation &animation) const
{
    return animation.lost ? tr("%1 (lost)").arg(animation.message.label()) : animation.message.label();
}

QRectF EnsembleView::messageRect(const Animation &animation, qint64 nowMs) const
{
    const QPointF position = messagePosition(animation, nowMs);
    if (m_animations.size() > MaxLabels) {
        const double dot = m_presenter ? 8 : 5;
        return QRectF(position - QPointF(dot, dot), QSizeF(2 * dot, 2 * dot));
    }
    const QFontMetricsF metrics(scaledFont(7.5));
    const QSizeF size(metrics.horizontalAdvance(labelText(animation)) + 10, metrics.height() + 4);
    return QRectF(position - QPointF(size.width() / 2, size.height() / 2), size);
}

bool EnsembleView::aggregatingMessages() const
{
    return m_animations.size() > MaxLabels;
}

void EnsembleView::resizeEvent(QResizeEvent *event)
{
    m_backdropKey.clear();
    QWidget::resizeEvent(event);
}

QStringList EnsembleView::memberLines(const MemberState &member) const
{
    QStringList lines;
    lines << EnsemblePalette::roleName(member);
    if (member.up) {
        lines << tr("epoch %1").arg(member.epoch);
        lines << tr("last %1").arg(zxidEpochCounter(member.lastZxid));
        lines << tr("committed %1").arg(zxidEpochCounter(member.committedZxid));
        if (member.state == ServerState::Looking && member.currentVote.leader != quorum::NoServer)
            lines << tr("votes for %1").arg(member.currentVote.leader);
        else
            lines << tr("%n session(s)", nullptr, member.sessionCount);
    }
    return lines;
}

QString EnsembleView::backdropKey() const
{
    // Everything the backdrop shows or is laid out by; a few hundred characters, built at most once a frame.
    QString key = QStringLiteral("%1x%2@%3 %4%5 %6 %7 %8|")
                      .arg(width())
                      .arg(height())
                      .arg(devicePixelRatioF())
                      .arg(m_presenter)
                      .arg(m_caption.isEmpty())
                      .arg(m_selectedMember ? qint64(*m_selectedMember) : -1)
                      .arg(palette().base().color().rgba())
                      .arg(font().key());
    for (const auto &[sid, member] : m_feed->state().members()) {
        key += QString::number(sid) + QLatin1Char(':') + QString::number(EnsemblePalette::roleColor(member).rgba()) +
               QLatin1Char(member.serving ? 's' : '-') + QLatin1Char(member.observer ? 'o' : '-') + QLatin1Char(member.up ? 'u' : '-') +
               QLatin1Char(':') + memberLines(member).join(QLatin1Char('/')) + QLatin1Char('|');
    }
    for (const auto &[pair, link] : m_feed->state().links()) {
        if (link.blocked)
            key += QStringLiteral("x%1-%2").arg(pair.first).arg(pair.second);
    }
    return key;
}

const QPixmap &EnsembleView::backdrop()
{
    const QString key = backdropKey();
    if ((key == m_backdropKey && !m_backdrop.isNull()) || size().isEmpty())
        return m_backdrop;
    m_backdropKey = key;
    const qreal ratio = devicePixelRatioF();
    if (m_backdrop.size() != size() * ratio)
        m_backdrop = QPixmap(size() * ratio);
    m_backdrop.setDevicePixelRatio(ratio);
    m_backdrop.fill(palette().base().color());
    QPainter painter(&m_backdrop);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setFont(font());
    paintLinks(painter);
    for (const auto &[sid, member] : m_feed->state().members())
        paintMember(painter, member);
    return m_backdrop;
}

void EnsembleView::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event);
    QPainter painter(this);
    if (!m_feed || m_feed->state().members().empty()) {
        painter.fillRect(rect(), palette().base());
        painter.setFont(scaledFont(11));
        painter.drawText(rect(), Qt::AlignCenter, tr("No ensemble"));
        return;
    }
    painter.drawPixmap(0, 0, backdrop());
    painter.setRenderHint(QPainter::Antialiasing);
    paintMessages(painter, m_clock.elapsed());
    paintMembershipChanges(painter, m_clock.elapsed());
    if (m_presenter)
        paintCaption(painter);
}

void EnsembleView::paintLinks(QPainter &painter)
{
    const auto &members = m_feed->state().members();
    painter.setPen(QPen(palette().mid().color(), 1));
    for (auto a = members.begin(); a != members.end(); ++a) {
        for (auto b = std::next(a); b != members.end(); ++b)
            painter.drawLine(memberCenter(a->first), memberCenter(b->first));
    }
    // Blocked links (partitions, one-way faults): dashed red.
    painter.setPen(QPen(QColor(0xd0, 0x30, 0x30), 2, Qt::DashLine));
    for (const auto &[pair, link] : m_feed->state().links()) {
        if (link.blocked && members.count(pair.first) && members.count(pair.second))
            painter.drawLine(memberCenter(pair.first), memberCenter(pair.second));
    }
}

void EnsembleView::paintMember(QPainter &painter, const MemberState &member)
{
    const QPointF center = memberCenter(member.sid);
    const double radius = memberRadius();
    const QColor colour = EnsemblePalette::roleColor(member);
    painter.setPen(QPen(member.serving ? colour.darker(160) : colour.darker(120), member.serving ? 5 : 2,
                        member.observer ? Qt::DashLine : Qt::SolidLine));
    painter.setBrush(colour.lighter(member.up ? 150 : 120));
    painter.drawEllipse(center, radius, radius);
    if (m_selectedMember == member.sid) {
        painter.setPen(QPen(palette().highlight().color(), 3, Qt::DotLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(center, radius + 6, radius + 6);
    }
    painter.setPen(palette().text().color());
    const QStringList lines = memberLines(member);
    const QFont titleFont = scaledFont(radius > 45 ? 13 : 10, true);
    QFont lineFont = scaledFont(radius > 45 ? 8 : 6.5);
    {
        // Keep the text inside the circle: long role names ("FOLLOWING（跟随者）") shrink the lines.
        const QFontMetricsF metrics(lineFont);
        double widest = 0;
        for (const QString &line : lines)
            widest = std::max(widest, metrics.horizontalAdvance(line));
        const double room = radius * 1.8;
        if (widest > room)
            lineFont.setPointSizeF(lineFont.pointSizeF() * std::max(0.6, room / widest));
    }
    const double titleHeight = QFontMetricsF(titleFont).height();
    const double lineHeight = QFontMetricsF(lineFont).height();
    double y = center.y() - (titleHeight + lineHeight * lines.size()) / 2;
    painter.setFont(titleFont);
    const QString title = member.observer ? tr("%1 (observer)").arg(member.sid) : QString::number(member.sid);
    painter.drawText(QRectF(center.x() - radius * 1.6, y, radius * 3.2, titleHeight), Qt::AlignCenter, title);
    y += titleHeight;
    painter.setFont(lineFont);
    for (const QString &line : lines) {
        painter.drawText(QRectF(center.x() - radius * 1.6, y, radius * 3.2, lineHeight), Qt::AlignCenter, line);
        y += lineHeight;
    }
}

void EnsembleView::paintMessages(QPainter &painter, qint64 nowMs)
{
    m_drawnDots = 0;
    if (aggregatingMessages()) {
        paintMessageDots(painter, nowMs);
        return;
    }
    painter.setFont(scaledFont(7.5));
    for (const auto &[id, animation] : m_animations) {
        const QRectF box = messageRect(animation, nowMs);
        QColor colour = EnsemblePalette::messageColor(animation.message);
        double opacity = 1.0;
        if (animation.arrivedMs && (animation.lost || progressOf(animation, nowMs) >= 1.0))
            opacity = std::clamp(1.0 - double(nowMs - *animation.arrivedMs - (animation.lost ? 0 : finishMs())) / FadeMs, 0.15, 1.0);
        painter.setOpacity(opacity);
        if (animation.lost)
            colour = QColor(0xd0, 0x30, 0x30);
        painter.setPen(QPen(colour.darker(140), m_selectedMessage && m_selectedMessage->id == id ? 3 : 1));
        painter.setBrush(colour.lighter(170));
        const bool arrived = animation.arrivedMs && !animation.lost && progressOf(animation, nowMs) >= 1.0;
        if (arrived) {
            // Arrived messages shrink to a fading dot so labels at busy members stay readable.
            const double dot = m_presenter ? 7 : 4;
            painter.drawEllipse(QRectF(box.center() - QPointF(dot, dot), QSizeF(2 * dot, 2 * dot)));
            continue;
        }
        painter.drawRoundedRect(box, 4, 4);
        painter.setPen(colour.darker(250));
        painter.drawText(box, Qt::AlignCenter, labelText(animation));
    }
    painter.setOpacity(1.0);
}

const QPixmap &EnsembleView::dotSprite(const QColor &colour)
{
    auto found = m_dotSprites.find(colour.rgba());
    if (found != m_dotSprites.end())
        return *found;
    // Drawn once per colour: blitting a small pixmap costs a fraction of an antialiased ellipse.
    const double dot = m_presenter ? 8 : 5;
    const qreal ratio = devicePixelRatioF();
    QPixmap sprite(QSize(int(2 * dot + 2), int(2 * dot + 2)) * ratio);
    sprite.setDevicePixelRatio(ratio);
    sprite.fill(Qt::transparent);
    QPainter painter(&sprite);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(colour.darker(140), 1));
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(1, 1, 2 * dot, 2 * dot));
    return *m_dotSprites.insert(colour.rgba(), sprite);
}

void EnsembleView::paintMessageDots(QPainter &painter, qint64 nowMs)
{
    // Too many messages to label: one dot per stretch of each link (the newest message there gives
    // its colour), so the cost stays flat however many thousands of messages a second flow.
    m_dotCells.clear();
    for (const auto &[id, animation] : m_animations) {
        const double progress = animation.lost ? animation.progressAtArrival : progressOf(animation, nowMs);
        const int slot = std::clamp(int(progress * DotSlotsPerLink), 0, DotSlotsPerLink - 1);
        double opacity = 1.0;
        if (animation.arrivedMs && (animation.lost || progress >= 1.0))
            opacity = std::clamp(1.0 - double(nowMs - *animation.arrivedMs - (animation.lost ? 0 : finishMs())) / FadeMs, 0.15, 1.0);
        m_dotCells.push_back(DotCell{animation.message.from, animation.message.to, slot, id, opacity, &animation});
    }
    std::sort(m_dotCells.begin(), m_dotCells.end(), [](const DotCell &a, const DotCell &b) {
        return std::tie(a.from, a.to, a.slot, a.id) > std::tie(b.from, b.to, b.slot, b.id);
    });
    const DotCell *previous = nullptr;
    for (const DotCell &cell : m_dotCells) {
        if (previous && previous->from == cell.from && previous->to == cell.to && previous->slot == cell.slot)
            continue; // sorted newest first within a cell: the first one is drawn
        previous = &cell;
        const Animation &animation = *cell.animation;
        const QColor colour = animation.lost ? QColor(0xd0, 0x30, 0x30) : EnsemblePalette::messageColor(animation.message);
        const QPixmap &sprite = dotSprite(colour);
        const QPointF position = messagePosition(animation, nowMs);
        painter.setOpacity(cell.opacity);
        painter.drawPixmap(position - QPointF(sprite.width(), sprite.height()) / (2 * sprite.devicePixelRatio()), sprite);
        ++m_drawnDots;
    }
    painter.setOpacity(1.0);
    if (m_selectedMessage) {
        const auto selected = m_animations.find(m_selectedMessage->id);
        if (selected != m_animations.end()) {
            painter.setPen(QPen(palette().highlight().color(), 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(messagePosition(selected->second, nowMs), 8, 8);
        }
    }
    // Say so: the dots are a summary, not one per message.
    painter.setPen(palette().text().color());
    painter.setFont(scaledFont(8));
    painter.drawText(QRectF(8, 4, width() - 16, QFontMetricsF(painter.font()).height() * 2.4), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                     tr("%n message(s) in flight: shown as at most %1 dots per link", nullptr, int(m_animations.size()))
                         .arg(DotSlotsPerLink));
}

void EnsembleView::paintCaption(QPainter &painter)
{
    if (m_caption.isEmpty())
        return;
    const QRectF area(20, height() * 0.82, width() - 40, height() * 0.17);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 170));
    painter.drawRoundedRect(area, 8, 8);
    painter.setPen(Qt::white);
    painter.setFont(scaledFont(11));
    painter.drawText(area.adjusted(12, 6, -12, -6), Qt::AlignCenter | Qt::TextWordWrap, m_caption);
}

void EnsembleView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        setAccessibleName(tr("Ensemble"));
        update();
    }
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        m_dotSprites.clear();
        update();
    }
    QWidget::changeEvent(event);
}

void EnsembleView::mousePressEvent(QMouseEvent *event)
{
    const QPointF point = event->position();
    // A member's core wins over a message passing over its edge.
    const auto member = memberAt(point);
    const bool onCore = member && QLineF(point, memberCenter(*member)).length() < memberRadius() * 0.6;
    if (const auto message = onCore ? std::nullopt : messageAt(point)) {
        m_selectedMessage = message;
        m_selectedMember.reset();
        const QString details = EnsemblePalette::messageDetails(*message);
        Q_EMIT messageClicked(details);
        Q_EMIT selectionChanged(details);
    } else if (member) {
        m_selectedMember = member;
        m_selectedMessage.reset();
        Q_EMIT memberClicked(*member);
        Q_EMIT selectionChanged(selectionDetails());
    } else {
        m_selectedMember.reset();
        m_selectedMessage.reset();
        Q_EMIT selectionChanged(QString());
    }
    update();
}

} // namespace zooscope::ui::ensemble
