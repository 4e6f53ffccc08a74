#pragma once
// The ensemble as the views draw it, folded from a stream of trace events: per-member state
// (MemberState), the messages in flight between members, the sync decisions, and the invariant
// monitors. A value type: the timeline keeps copies as checkpoints, and rewinding folds again.
// It does not care where the events come from (EnsembleSimulator or LocalEnsemble).

#include "FlightMessage.h"
#include "InvariantMonitor.h"
#include "MemberState.h"

#include "quorum/QuorumConfig.h"
#include "quorum/TraceEvent.h"

#include <vector>

namespace zooscope::ui::ensemble {

struct SyncRecord
{
    ServerId leader = 0;
    ServerId learner = 0;
    QString mode;    // DIFF, TRUNC or SNAP
    QString details; // the leader's description ("TRUNC to 0x100000003, then DIFF (2 proposals)")
    qint64 timeMs = 0;
};

struct LinkState
{
    bool blocked = false;
    QString details;
};

class EnsembleState
{
public:
    EnsembleState() = default;
    explicit EnsembleState(const std::vector<quorum::QuorumMember> &members);

    void apply(const quorum::TraceEvent &event);
    // How long an unanswered message stays drawn (loss leaves no trace of its own), and how long a
    // delivered one stays listed so the views can finish its animation; in the events' time base.
    void setMessageTimeouts(qint64 inFlightMs, qint64 lingerMs);
    // What the source knows besides the trace (a live ensemble's running / paused flags).
    void setMemberStatus(ServerId sid, bool up, bool paused);
    void setLinkBlocked(ServerId from, ServerId to, bool blocked);
    // A member the source gave up on without a reconfiguration (one that was started to join but was
    // not added): it leaves members() as a removed one does.
    void forgetMember(ServerId sid);
    // Time passes without events (heartbeats are not traced): expires messages that never arrived.
    void advanceTo(qint64 nowMs);

    const std::map<ServerId, MemberState> &members() const { return m_members; }
    const MemberState *member(ServerId sid) const;
    const quorum::QuorumConfig &quorum() const { return m_quorum; }
    const std::vector<FlightMessage> &messages() const { return m_messages; }
    std::vector<FlightMessage> messagesInFlight() const;
    const std::vector<SyncRecord> &syncs() const { return m_syncs; }
    const InvariantMonitor &invariants() const { return m_invariants; }
    const std::map<std::pair<ServerId, ServerId>, LinkState> &links() const { return m_links; }
    qint64 eventCount() const { return m_eventCount; }
    qint64 nowMs() const { return m_nowMs; }
    // The last configuration a reconfiguration activated ("voters 1,2,4; observers none"), empty before.
    const QString &activatedConfiguration() const { return m_activatedConfiguration; }
    // Members a reconfiguration removed (no longer in members()).
    const std::set<ServerId> &removedMembers() const { return m_removedMembers; }

    // Members that are up and LEADING.
    std::vector<ServerId> leaders() const;
    // The leader that every live member serves, if there is one.
    std::optional<ServerId> agreedLeader() const;
    // Zxids the leaders committed (CommitSent), in order.
    const std::set<Zxid> &committedZxids() const { return m_invariants.quorumCommitted(); }
    // Voters whose current vote agrees with `sid`'s (ZooKeeper's Vote.equals), itself included.
    int agreeingVoters(ServerId sid) const;

private:
    MemberState &memberFor(ServerId sid);
    FlightMessage &send(MessageType type, ServerId from, ServerId to, qint64 nowMs);
    void deliver(MessageType type, ServerId from, ServerId to, qint64 nowMs, const std::function<bool(const FlightMessage &)> &matches);
    void arrived(MessageType type, ServerId from, ServerId to, qint64 nowMs, Zxid zxid, const QString &details = {});
    void dropBetween(ServerId a, ServerId b, qint64 nowMs, bool zabOnly);
    void expireMessages(qint64 nowMs);
    std::vector<ServerId> learnersOf(ServerId leader, bool observers) const;

    void applyElection(const quorum::TraceEvent &event, MemberState &member);
    void applyZab(const quorum::TraceEvent &event, MemberState &member);
    void applyFault(const quorum::TraceEvent &event, MemberState &member);
    // A reconfiguration took effect: members join the circle, removed ones leave it.
    void applyConfiguration(const quorum::TraceEvent &event);

    quorum::QuorumConfig m_quorum;
    std::map<ServerId, MemberState> m_members;
    std::set<ServerId> m_removedMembers; // by a reconfiguration: their later events are not drawn
    std::vector<FlightMessage> m_messages;
    std::vector<SyncRecord> m_syncs;
    std::map<std::pair<ServerId, ServerId>, LinkState> m_links;
    InvariantMonitor m_invariants;
    QString m_activatedConfiguration;
    quint64 m_nextMessageId = 1;
    qint64 m_eventCount = 0;
    qint64 m_nowMs = 0;
    qint64 m_inFlightTimeoutMs = 2000;
    qint64 m_lingerMs = 20;
    std::size_t m_historyLimit = 400; // proposals kept per member for the broadcast panel
};

} // namespace zooscope::ui::ensemble
