#pragma once
// A feed over an EnsembleState the caller folds itself (a crafted trace, or a simulator driven
// frame by frame): no faults, no event list; changed() is the frame's stateChanged().

#include "EnsembleFeed.h"

namespace zooscope::testing {

class StateFeed : public ui::ensemble::EnsembleFeed
{
public:
    explicit StateFeed(const ui::ensemble::EnsembleState *state) : m_state(state) {}
    const ui::ensemble::EnsembleState &state() const override { return *m_state; }
    std::vector<quorum::TraceEvent> events() const override { return {}; }
    qint64 eventNumberEnd() const override { return 0; }
    const quorum::TraceEvent &eventAt(qint64) const override
    {
        static const quorum::TraceEvent none;
        return none;
    }
    bool supports(ui::ensemble::FaultKind) const override { return false; }
    bool kill(quorum::ServerId) override { return false; }
    bool restart(quorum::ServerId) override { return false; }
    bool pause(quorum::ServerId) override { return false; }
    bool resume(quorum::ServerId) override { return false; }
    bool partition(const std::vector<quorum::ServerId> &) override { return false; }
    bool heal() override { return false; }
    bool setLinkFault(quorum::ServerId, quorum::ServerId, const ui::ensemble::LinkFaultRequest &) override { return false; }
    bool write(quorum::ServerId) override { return false; }
    void changed() { Q_EMIT stateChanged(); }

private:
    const ui::ensemble::EnsembleState *m_state;
};

} // namespace zooscope::testing
