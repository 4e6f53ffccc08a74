#pragma once
// A deterministic, seeded discrete-event simulator that drives one LeaderElection per member over a
// simulated network: its own virtual clock, a queue of timed deliveries and timers, per-link delay,
// loss, duplication and reordering, partitions (also one-way), crashes and restarts. One step()
// handles one event; the same seed and the same calls give the same trace, byte for byte.
//
// Until ZAB lands, a member that wins or joins an election holds its role through a stand-in for
// ZAB's learner connection, with ZooKeeper's timeouts: a learner connects to its leader and hears a
// heartbeat every tickTime/2; a leader needs a quorum of voters connected within initLimit ticks and
// keeps it with acks no older than syncLimit ticks; whoever misses these goes back to LOOKING.

#include "LeaderElection.h"
#include "SimulationRandom.h"

#include <QByteArray>

#include <functional>
#include <map>
#include <memory>
#include <queue>

namespace zooscope::quorum {

struct LinkBehaviour
{
    qint64 minDelayMs = 1;
    qint64 maxDelayMs = 5;
    std::uint32_t lossPerMillion = 0;      // chance that a message is lost
    std::uint32_t duplicatePerMillion = 0; // chance that a message arrives twice
    bool inOrder = true;                   // FIFO like one TCP connection; false lets messages overtake
};

struct SimulatedMember
{
    ServerId sid = 0;
    bool observer = false;
    // What the member has on disk; a restart keeps it.
    Zxid lastLoggedZxid = 0;
    std::int64_t currentEpoch = 0;
};

struct SimulatorConfig
{
    std::vector<SimulatedMember> members;
    std::uint64_t seed = 1;
    LinkBehaviour link; // every link starts like this
    ElectionTiming election;
    // ZooKeeper's tickTime, initLimit and syncLimit, for the learner-connection stand-in.
    qint64 tickTimeMs = 2000;
    int initLimit = 10;
    int syncLimit = 5;

    // Voters 1..voters with empty logs, then observers.
    static SimulatorConfig ensemble(int voters, int observers = 0, std::uint64_t seed = 1);
};

class Simulator
{
public:
    explicit Simulator(SimulatorConfig config);
    ~Simulator();

    // Every member starts looking at the current virtual time.
    void start();
    // Handles the next event (a delivery or a timer), moving the clock to it; false when none is left.
    bool step();
    std::optional<qint64> nextEventTimeMs() const;
    // Steps until done() holds (checked before every step) or the clock would pass nowMs() +
    // maxVirtualMs; returns whether done() held.
    bool runUntil(const std::function<bool(const Simulator &)> &done, qint64 maxVirtualMs);
    // Handles every event up to nowMs() + virtualMs and leaves the clock there.
    void runFor(qint64 virtualMs);
    qint64 nowMs() const { return m_nowMs; }
    std::uint64_t stepsTaken() const { return m_steps; }

    // Faults. A crashed member stops, and the messages it had in flight are dropped; a restarted one
    // (crashed first if it was up) comes back with a fresh election state and the same disk.
    void crash(ServerId sid);
    void restart(ServerId sid);
    void setLink(ServerId from, ServerId to, const LinkBehaviour &behaviour);
    void setAllLinks(const LinkBehaviour &behaviour);
    // Blocked links drop what is sent on them and what was in flight on them.
    void blockLink(ServerId from, ServerId to);
    void unblockLink(ServerId from, ServerId to);
    // Cuts every link between `side` and the other members, both ways.
    void partition(const std::vector<ServerId> &side);
    void healPartitions();

    // Observation.
    const QuorumConfig &quorum() const { return m_quorum; }
    const SimulatorConfig &config() const { return m_config; }
    std::vector<ServerId> memberIds() const;
    bool isUp(ServerId sid) const;
    // A crashed member's election keeps the state it crashed in; call after start().
    const LeaderElection &election(ServerId sid) const;
    ServerState state(ServerId sid) const;
    // The leader a member that left the election follows (itself when leading).
    std::optional<ServerId> leaderOf(ServerId sid) const;
    // A learner that heard its leader within the last tick; a leader with a quorum of voters synced.
    bool isConnectedToLeader(ServerId sid) const;
    bool isEstablishedLeader(ServerId sid) const;
    // The leader every live member agrees on: it is established, and it and every live learner heard
    // each other within the last tick. Nothing while any live member looks or follows someone else.
    std::optional<ServerId> agreedLeader() const;

    const std::vector<TraceEvent> &trace() const { return m_trace; }
    // The trace, one TraceEvent::toText() line per event.
    QByteArray traceText() const;

private:
    enum class PacketKind : std::uint8_t { Notification, LearnerConnect, LeaderPing, LearnerPing };
    enum class EventKind : std::uint8_t { Delivery, ElectionTimer, RoleTimer };

    struct Event
    {
        qint64 timeMs = 0;
        std::uint64_t sequence = 0;
        EventKind kind = EventKind::Delivery;
        ServerId from = 0;
        ServerId to = 0; // the member a timer belongs to
        std::uint64_t fromIncarnation = 0;
        std::uint64_t toIncarnation = 0;
        std::uint64_t generation = 0; // timers: only the latest one of a member counts
        PacketKind packet = PacketKind::Notification;
        Notification notification;
    };
    struct LaterEvent
    {
        bool operator()(const Event &a, const Event &b) const
        {
            return a.timeMs != b.timeMs ? a.timeMs > b.timeMs : a.sequence > b.sequence;
        }
    };

    // The learner-connection stand-in for one member while it is out of the election.
    struct Role
    {
        ServerState state = ServerState::Looking;
        ServerId leader = NoServer;
        qint64 sinceMs = 0;
        bool connected = false;              // learner: heard its leader
        qint64 lastHeardMs = 0;              // learner: last heartbeat from its leader
        bool established = false;            // leader: a quorum of voters connected
        std::map<ServerId, qint64> learners; // leader: learner -> last time heard
    };

    struct Member
    {
        SimulatedMember spec;
        bool up = false;
        std::uint64_t incarnation = 0;
        std::unique_ptr<LeaderElection> election;
        std::uint64_t electionTimerGeneration = 0;
        std::optional<qint64> electionTimerMs;
        std::uint64_t roleTimerGeneration = 0;
        Role role;
    };

    struct Link
    {
        LinkBehaviour behaviour;
        bool blocked = false;
        qint64 lastArrivalMs = 0; // keeps an in-order link FIFO
    };

    Member &member(ServerId sid);
    const Member &member(ServerId sid) const;
    Link &link(ServerId from, ServerId to);
    void push(Event event);
    void send(ServerId from, ServerId to, PacketKind packet, const Notification &notification = {});
    void deliver(const Event &event);
    void deliverLearnerPacket(Member &receiver, const Event &event);
    void apply(Member &member, ElectionOutput output);
    void scheduleElectionTimer(Member &member);
    void enterRole(Member &member, const Vote &decision);
    void roleTick(Member &member);
    void checkEstablished(Member &leader);
    std::vector<ServerId> syncedVoters(const Member &leader) const;
    void loseRole(Member &member, const QString &why);
    void startElection(Member &member);
    void record(TraceEvent event);
    TraceEvent simulatorEvent(TraceKind kind, ServerId member, ServerId peer, const QString &details) const;

    SimulatorConfig m_config;
    QuorumConfig m_quorum;
    SimulationRandom m_random;
    std::map<ServerId, Member> m_members;
    std::map<std::pair<ServerId, ServerId>, Link> m_links;
    std::priority_queue<Event, std::vector<Event>, LaterEvent> m_events;
    qint64 m_nowMs = 0;
    std::uint64_t m_nextSequence = 0;
    std::uint64_t m_steps = 0;
    std::vector<TraceEvent> m_trace;
};

} // namespace zooscope::quorum
