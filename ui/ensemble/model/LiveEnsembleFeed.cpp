#include "LiveEnsembleFeed.h"

namespace zooscope::ui::ensemble {

using LocalEnsemble = ::zooscope::ensemble::LocalEnsemble;

LiveEnsembleFeed::LiveEnsembleFeed(LocalEnsemble *ensemble, QObject *parent)
    : EnsembleFeed(parent)
    , m_ensemble(ensemble)
{
    // Real time: messages travel in well under a second; delivered ones linger for the animation.
    m_frameTimer.setInterval(33);
    connect(&m_frameTimer, &QTimer::timeout, this, &LiveEnsembleFeed::foldPending);
    resetMembers();
    connect(&m_writes, &LiveWriteLoad::failing, this, &EnsembleFeed::problem);
    updateClientAddresses();
    if (m_ensemble) {
        connect(m_ensemble, &LocalEnsemble::traced, this, &LiveEnsembleFeed::enqueue);
        connect(m_ensemble, &LocalEnsemble::memberChanged, this, &LiveEnsembleFeed::memberChanged);
        connect(m_ensemble, &LocalEnsemble::memberAdded, this,
                [this](ServerId sid) { Q_EMIT notice(tr("Member %1 joined the ensemble.").arg(sid)); });
        connect(m_ensemble, &LocalEnsemble::memberRemoved, this,
                [this](ServerId sid) { Q_EMIT notice(tr("Member %1 left the ensemble and was stopped.").arg(sid)); });
        connect(m_ensemble, &LocalEnsemble::reconfigFailed, this, [this](ServerId sid, const QString &message) {
            if (!m_ensemble->member(sid)) {
                m_abandonedMembers.insert(sid);
                m_state.forgetMember(sid);
            }
            Q_EMIT problem(message);
        });
    }
    m_frameTimer.start();
}

void LiveEnsembleFeed::resetMembers()
{
    std::vector<quorum::QuorumMember> members;
    if (m_ensemble) {
        for (const auto &info : m_ensemble->members())
            members.push_back({info.sid, info.observer});
    }
    m_state = EnsembleState(members);
    m_state.setMessageTimeouts(3000, 400);
    for (ServerId sid : m_abandonedMembers)
        m_state.forgetMember(sid);
    for (const quorum::TraceEvent &event : m_events)
        m_state.apply(event);
}

std::vector<quorum::TraceEvent> LiveEnsembleFeed::events() const
{
    return std::vector<quorum::TraceEvent>(m_events.begin(), m_events.end());
}

qint64 LiveEnsembleFeed::firstEventNumber() const
{
    return m_eventNumberEnd - qint64(m_events.size());
}

const quorum::TraceEvent &LiveEnsembleFeed::eventAt(qint64 number) const
{
    return m_events[std::size_t(number - firstEventNumber())];
}

void LiveEnsembleFeed::enqueue(const quorum::TraceEvent &event)
{
    m_pending.push_back(event);
}

void LiveEnsembleFeed::memberChanged(ServerId sid)
{
    if (m_changedMembers.empty())
        QTimer::singleShot(0, this, &LiveEnsembleFeed::updateClientAddresses); // ports change on restart
    m_membersChanged = true;
    m_changedMembers.insert(sid);
}

void LiveEnsembleFeed::flush()
{
    foldPending();
}

void LiveEnsembleFeed::foldPending()
{
    if (m_membersChanged && m_ensemble && m_ensemble->members().size() != m_state.members().size())
        resetMembers(); // the ensemble was (re)started with another membership
    if (m_pending.empty() && !m_membersChanged) {
        if (!m_state.messagesInFlight().empty() && m_sinceLastEvent.isValid()) {
            m_state.advanceTo(m_lastEventMs + m_sinceLastEvent.elapsed());
            Q_EMIT stateChanged();
        }
        return;
    }
    // Paused (and killed) members may leave no trace event: take the ensemble's word for it.
    if (m_ensemble) {
        for (ServerId sid : m_changedMembers) {
            if (const auto info = m_ensemble->member(sid))
                m_state.setMemberStatus(sid, info->running, info->paused);
        }
    }
    m_changedMembers.clear();
    for (const quorum::TraceEvent &event : m_pending) {
        m_state.apply(event);
        // The fault's own description may be translated: ask the ensemble what the link is now.
        if (event.kind == quorum::TraceKind::LinkChanged && event.peer != quorum::NoServer && m_ensemble)
            m_state.setLinkBlocked(event.member, event.peer, m_ensemble->linkFault(event.member, event.peer).blocked);
        m_events.push_back(event);
        ++m_eventNumberEnd;
        m_lastEventMs = std::max(m_lastEventMs, event.timeMs);
    }
    if (!m_pending.empty())
        m_sinceLastEvent.start();
    m_pending.clear();
    while (m_events.size() > m_eventLimit)
        m_events.pop_front();
    m_membersChanged = false;
    Q_EMIT stateChanged();
}

void LiveEnsembleFeed::updateClientAddresses()
{
    if (!m_ensemble || !m_ensemble->isRunning())
        return;
    const QString all = m_ensemble->connectString();
    m_writes.setConnectString(quorum::NoServer, all);
    const QStringList servers = all.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const auto &info : m_ensemble->members()) {
        const QString suffix = QLatin1Char(':') + QString::number(info.clientPort);
        QString address = QStringLiteral("127.0.0.1") + suffix;
        for (const QString &server : servers) {
            if (server.endsWith(suffix))
                address = server;
        }
        m_writes.setConnectString(info.sid, address);
    }
}

bool LiveEnsembleFeed::supports(FaultKind kind) const
{
    Q_UNUSED(kind);
    return true;
}

bool LiveEnsembleFeed::kill(ServerId sid)
{
    if (!m_ensemble)
        return false;
    m_ensemble->kill(sid);
    return true;
}

bool LiveEnsembleFeed::restart(ServerId sid)
{
    if (!m_ensemble)
        return false;
    if (!m_ensemble->restart(sid)) {
        Q_EMIT problem(tr("Member %1 did not restart: %2").arg(sid).arg(m_ensemble->errorString()));
        return false;
    }
    return true;
}

bool LiveEnsembleFeed::pause(ServerId sid)
{
    if (!m_ensemble)
        return false;
    m_ensemble->pause(sid);
    return true;
}

bool LiveEnsembleFeed::resume(ServerId sid)
{
    if (!m_ensemble)
        return false;
    m_ensemble->resume(sid);
    return true;
}

bool LiveEnsembleFeed::partition(const std::vector<ServerId> &side)
{
    if (!m_ensemble)
        return false;
    m_ensemble->partition(side);
    return true;
}

bool LiveEnsembleFeed::heal()
{
    if (!m_ensemble)
        return false;
    m_ensemble->heal();
    return true;
}

bool LiveEnsembleFeed::setLinkFault(ServerId from, ServerId to, const LinkFaultRequest &fault)
{
    if (!m_ensemble)
        return false;
    m_ensemble->setLinkFault(from, to, ::zooscope::ensemble::LinkFault{fault.blocked, fault.delayMs, fault.lossPercent});
    return true;
}

bool LiveEnsembleFeed::addMember(bool observer)
{
    if (!m_ensemble)
        return false;
    if (m_ensemble->reconfigInProgress()) {
        Q_EMIT problem(tr("A reconfiguration is in progress; try again when it has finished."));
        return false;
    }
    return m_ensemble->addMember(observer);
}

bool LiveEnsembleFeed::removeMember(ServerId sid)
{
    if (!m_ensemble)
        return false;
    if (m_ensemble->reconfigInProgress()) {
        Q_EMIT problem(tr("A reconfiguration is in progress; try again when it has finished."));
        return false;
    }
    if (!m_ensemble->removeMember(sid)) {
        Q_EMIT problem(tr("Member %1 cannot be removed.").arg(sid));
        return false;
    }
    return true;
}

bool LiveEnsembleFeed::write(ServerId via)
{
    if (m_writes.write(via))
        return true;
    // At a high write rate this would repeat for every write: once a second is enough.
    if (!m_sinceLastProblem.isValid() || m_sinceLastProblem.elapsed() > 1000) {
        m_sinceLastProblem.start();
        Q_EMIT problem(tr("The write was not sent: the client is not connected yet or too many writes are pending."));
    }
    return false;
}

} // namespace zooscope::ui::ensemble
