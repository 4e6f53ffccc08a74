#pragma once
// What the ensemble views bind to: a folded EnsembleState that changes at most once per frame, the
// events behind it, and the faults the source can inject. Two sources implement it: the classroom
// timeline over the simulator (SimulationTimeline) and a live in-process ensemble (LiveEnsembleFeed).

#include "EnsembleState.h"

#include <QObject>

namespace zooscope::ui::ensemble {

// Reconfigure: members and observers added or removed live (dynamic reconfiguration).
enum class FaultKind : std::uint8_t { Kill, Restart, Pause, Resume, Partition, Heal, LinkFault, Write, Reconfigure };

struct LinkFaultRequest
{
    bool blocked = false;
    int delayMs = 0;
    int lossPercent = 0;
};

class EnsembleFeed : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual const EnsembleState &state() const = 0;
    // Every event folded into state(), oldest first (the live feed keeps a bounded tail).
    virtual std::vector<quorum::TraceEvent> events() const = 0;
    // The same events by number, without copying: numbers firstEventNumber() .. eventNumberEnd()-1.
    virtual qint64 firstEventNumber() const { return 0; }
    virtual qint64 eventNumberEnd() const = 0;
    virtual const quorum::TraceEvent &eventAt(qint64 number) const = 0;
    virtual QString caption() const { return {}; }

    virtual bool supports(FaultKind kind) const = 0;
    virtual bool kill(ServerId sid) = 0;
    virtual bool restart(ServerId sid) = 0;
    virtual bool pause(ServerId sid) = 0;
    virtual bool resume(ServerId sid) = 0;
    virtual bool partition(const std::vector<ServerId> &side) = 0;
    virtual bool heal() = 0;
    virtual bool setLinkFault(ServerId from, ServerId to, const LinkFaultRequest &fault) = 0;
    // One client write through `via` (the leader when NoServer).
    virtual bool write(ServerId via) = 0;
    // Reconfiguration (sources that support FaultKind::Reconfigure): asks for a new voter or observer,
    // or for `sid`'s removal; the outcome shows in the trace (ConfigActivated) or as a problem().
    virtual bool addMember(bool observer)
    {
        Q_UNUSED(observer);
        return false;
    }
    virtual bool removeMember(ServerId sid)
    {
        Q_UNUSED(sid);
        return false;
    }

Q_SIGNALS:
    // The state moved (coalesced: at most once per frame).
    void stateChanged();
    // A fault request failed or the source stopped; for the status bar.
    void problem(const QString &message);
    // Something worth a line in the status bar that is not a problem (a reconfiguration finished).
    void notice(const QString &message);
};

} // namespace zooscope::ui::ensemble
