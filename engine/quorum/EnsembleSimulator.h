#pragma once
// A deterministic, seeded discrete-event simulator for whole ensembles: one QuorumPeer (election +
// ZAB) per member, each with a simulated disk (log with fsync delay, snapshot, epoch files) and a
// state that is the list of applied transactions. Its network has per-link delay, loss, duplication
// and reordering for election notifications, and FIFO connections for ZAB whose loss or blocking
// breaks the connection (as TCP would), partitions (also one-way), crashes and restarts keeping the
// disk. One step() handles one event; the same seed and calls give the same trace, byte for byte.
//
// It also checks ZAB's guarantees as it goes (violation()): at most one established leader per
// epoch; every member's state is in zxid order and contains every committed transaction up to its
// last one (so committed prefixes agree and nothing committed is lost or reordered); a truncation or
// a crash never removes a committed transaction from a member that had it durably.

#include "ClientHistory.h"
#include "QuorumPeer.h"
#include "SimulationRandom.h"
#include "Simulator.h"

#include <QByteArray>

#include <functional>
#include <map>
#include <memory>
#include <queue>

namespace zooscope::quorum {

struct EnsembleSimulatorConfig
{
    std::vector<QuorumMember> members;
    std::uint64_t seed = 1;
    LinkBehaviour link; // every link starts like this
    PeerTiming timing;
    qint64 minFsyncMs = 1;
    qint64 maxFsyncMs = 3;

    // Voters 1..voters, then observers.
    static EnsembleSimulatorConfig ensemble(int voters, int observers = 0, std::uint64_t seed = 1);
};

class EnsembleSimulator
{
public:
    explicit EnsembleSimulator(EnsembleSimulatorConfig config);
    ~EnsembleSimulator();

    void start();
    bool step();
    std::optional<qint64> nextEventTimeMs() const;
    bool runUntil(const std::function<bool(const EnsembleSimulator &)> &done, qint64 maxVirtualMs);
    void runFor(qint64 virtualMs);
    qint64 nowMs() const { return m_nowMs; }
    std::uint64_t stepsTaken() const { return m_steps; }

    // Faults.
    void crash(ServerId sid);
    void restart(ServerId sid);
    void setLink(ServerId from, ServerId to, const LinkBehaviour &behaviour);
    void setAllLinks(const LinkBehaviour &behaviour);
    void blockLink(ServerId from, ServerId to);
    void unblockLink(ServerId from, ServerId to);
    void partition(const std::vector<ServerId> &side);
    void healPartitions();

    // A client write through member `via`: proposed there if it leads, forwarded if it follows.
    // False when that member is down or not serving.
    bool submitWrite(ServerId via, const QByteArray &payload);
    // A client's sync followed by a read at member `via`; completes when the member can answer.
    bool submitSyncRead(ServerId via);
    // Every client operation and its outcome, for the linearizability check.
    const ClientHistory &clientHistory() const { return m_history; }

    // Observation.
    const QuorumConfig &quorum() const { return m_quorum; }
    std::vector<ServerId> memberIds() const;
    bool isUp(ServerId sid) const;
    const QuorumPeer &peer(ServerId sid) const;
    const std::vector<Proposal> &state(ServerId sid) const;
    // The serving leader every live member follows, all of them serving; nothing otherwise.
    std::optional<ServerId> agreedLeader() const;
    // Transactions committed by a leader (zxid -> payload): what clients saw acknowledged.
    const std::map<Zxid, QByteArray> &committed() const { return m_committed; }
    // Epoch -> the member that established itself as leader of it.
    const std::map<std::int64_t, ServerId> &establishedLeaders() const { return m_establishedLeaders; }
    // The first broken guarantee, empty while all hold.
    const QString &violation() const { return m_violation; }
    // Every live member serves, and all hold the same state, which contains every committed write.
    QString checkConverged() const;

    const std::vector<TraceEvent> &trace() const { return m_trace; }
    QByteArray traceText() const;
    void setTraceEnabled(bool enabled) { m_traceEnabled = enabled; }

private:
    class Host;
    enum class EventKind : std::uint8_t { Notification, Zab, Disconnect, Timer, Durable, LocalPropose };

    struct Event
    {
        qint64 timeMs = 0;
        std::uint64_t sequence = 0;
        EventKind kind = EventKind::Timer;
        ServerId from = 0;
        ServerId to = 0;
        std::uint64_t toIncarnation = 0;
        std::uint64_t generation = 0; // timers, connections and log truncations: stale ones are ignored
        Notification notification;
        ZabMessage message;
        Zxid zxid = 0;
    };
    struct LaterEvent
    {
        bool operator()(const Event &a, const Event &b) const
        {
            return a.timeMs != b.timeMs ? a.timeMs > b.timeMs : a.sequence > b.sequence;
        }
    };
    struct Member
    {
        QuorumMember spec;
        bool up = false;
        std::uint64_t incarnation = 0;
        std::unique_ptr<Host> host;
        std::unique_ptr<QuorumPeer> peer;
        // Disk: survives crashes.
        std::vector<Proposal> snapshotState;
        std::vector<Proposal> durableLog;
        std::int64_t acceptedEpoch = 0;
        std::int64_t currentEpoch = 0;
        // Memory.
        std::vector<Proposal> unsynced;
        std::uint64_t logGeneration = 0;
        qint64 lastFsyncDoneMs = 0;
        std::vector<Proposal> state;
        std::uint64_t timerGeneration = 0;
        std::optional<qint64> timerAtMs;
    };
    struct Link
    {
        LinkBehaviour behaviour;
        bool blocked = false;
        qint64 lastArrivalMs = 0;
    };

    Member &member(ServerId sid);
    const Member &member(ServerId sid) const;
    Link &link(ServerId from, ServerId to);
    std::uint64_t &connection(ServerId a, ServerId b);
    void push(Event event);
    void boot(Member &member);
    void afterInput(Member &member);
    void sendNotification(ServerId from, ServerId to, const Notification &notification);
    void sendZab(ServerId from, ServerId to, const ZabMessage &message);
    void breakConnection(ServerId a, ServerId b, const QString &why);
    qint64 arrivalTime(Link &path);
    void handle(const Event &event);

    // Invariant checks.
    void checkApplied(const Member &member, Zxid previousLast, const Proposal &proposal);
    void checkWholeState(const Member &member, const QString &when);
    void noteCommitted(const Member &leader, const Proposal &proposal);
    void noteRole(const Member &member, const RoleStatus &role);
    void fail(const QString &violation);
    void record(TraceEvent event);
    TraceEvent simulatorEvent(TraceKind kind, ServerId member, ServerId peer, const QString &details) const;

    EnsembleSimulatorConfig m_config;
    QuorumConfig m_quorum;
    SimulationRandom m_random;
    std::map<ServerId, Member> m_members;
    std::map<std::pair<ServerId, ServerId>, Link> m_links;
    std::map<std::pair<ServerId, ServerId>, std::uint64_t> m_connections;
    // (member, peer) -> the connection generation that member has seen: what it sends before it
    // has handled a break goes down the old, broken connection.
    std::map<std::pair<ServerId, ServerId>, std::uint64_t> m_knownConnections;
    std::priority_queue<Event, std::vector<Event>, LaterEvent> m_events;
    qint64 m_nowMs = 0;
    std::uint64_t m_nextSequence = 0;
    std::uint64_t m_steps = 0;
    std::map<Zxid, QByteArray> m_committed;
    ClientHistory m_history;
    std::map<std::pair<ServerId, QByteArray>, int> m_pendingWrites; // (via, payload) -> operation
    std::map<std::int64_t, ServerId> m_establishedLeaders;
    QString m_violation;
    std::vector<TraceEvent> m_trace;
    bool m_traceEnabled = true;
};

} // namespace zooscope::quorum
