#pragma once
// The views' feed from a live in-process ensemble: LocalEnsemble's trace events are queued as they
// arrive and folded once per frame (~30 Hz), so thousands of events per second cost one repaint per
// frame and the UI thread never waits for the members. Faults go straight to the ensemble; client
// writes go through real client sessions on the members' client ports (LiveWriteLoad).

#include "EnsembleFeed.h"
#include "LiveWriteLoad.h"

#include "ensemble/LocalEnsemble.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <set>

namespace zooscope::ui::ensemble {

class LiveEnsembleFeed : public EnsembleFeed
{
    Q_OBJECT

public:
    // The ensemble must outlive the feed or be destroyed with it (the feed stops folding then).
    explicit LiveEnsembleFeed(::zooscope::ensemble::LocalEnsemble *ensemble, QObject *parent = nullptr);

    const EnsembleState &state() const override { return m_state; }
    std::vector<quorum::TraceEvent> events() const override;
    qint64 firstEventNumber() const override;
    qint64 eventNumberEnd() const override { return m_eventNumberEnd; }
    const quorum::TraceEvent &eventAt(qint64 number) const override;
    // Events kept for export; older ones are dropped.
    void setEventLimit(std::size_t limit) { m_eventLimit = limit; }
    // Folds what arrived so far at once (tests, and before an export).
    void flush();

    bool supports(FaultKind kind) const override;
    bool kill(ServerId sid) override;
    bool restart(ServerId sid) override;
    bool pause(ServerId sid) override;
    bool resume(ServerId sid) override;
    bool partition(const std::vector<ServerId> &side) override;
    bool heal() override;
    bool setLinkFault(ServerId from, ServerId to, const LinkFaultRequest &fault) override;
    bool write(ServerId via) override;
    bool addMember(bool observer) override;
    bool removeMember(ServerId sid) override;

private:
    void enqueue(const quorum::TraceEvent &event);
    void memberChanged(ServerId sid);
    void foldPending();
    void resetMembers();
    void updateClientAddresses();

    QPointer<::zooscope::ensemble::LocalEnsemble> m_ensemble;
    EnsembleState m_state;
    std::vector<quorum::TraceEvent> m_pending;
    std::deque<quorum::TraceEvent> m_events;
    std::size_t m_eventLimit = 200000;
    qint64 m_eventNumberEnd = 0; // events folded since the start; the deque holds the newest
    QTimer m_frameTimer;
    bool m_membersChanged = false;
    std::set<ServerId> m_changedMembers;
    std::set<ServerId> m_abandonedMembers; // started to join, not added: kept out of the state
    LiveWriteLoad m_writes;
    QElapsedTimer m_sinceLastProblem;
    QElapsedTimer m_sinceLastEvent; // the events' clock advances between events too
    qint64 m_lastEventMs = 0;
};

} // namespace zooscope::ui::ensemble
