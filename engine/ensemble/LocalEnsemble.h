#pragma once
// An ensemble inside this process: N members (voters, then observers), each a real ZooScope member
// (EnsembleServer: client port, quorum links, ZAB, durable storage) on its own thread with real
// loopback sockets, so zkCli.sh, kazoo or the studio connect to it like to any ensemble. Faults are
// injected where they happen: a killed member stops (its disk stays), a paused one stops handling
// anything until resumed, a blocked link refuses quorum connections (and drops notifications) in one
// direction, a slow link delays what is sent on it, a lossy one loses election notifications.
// Every protocol step of every member, and every fault, arrives through traced() on the owner's thread
// (trace details are fixed English words, not translated: views and exports parse them).
// Membership changes live through ZooKeeper's dynamic reconfiguration: the members run with
// reconfigEnabled and a super digest whose password only this object knows (ACLs stay enforced),
// and addMember() / removeMember() send the reconfig through a client authenticated as super.

#include "proto/ErrorCode.h"
#include "quorum/QuorumPeer.h"
#include "quorum/TraceEvent.h"

#include <QHostAddress>
#include <QMutex>
#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace zooscope::client {
class ZooKeeperClient;
}

namespace zooscope::ensemble {

struct LocalEnsembleOptions
{
    int voters = 3;
    int observers = 0;
    // Where the members keep their data (one sub-directory each); empty: a temporary directory that
    // is removed when the ensemble is destroyed.
    QString dataDirectory;
    int tickTimeMs = 2000;
    int initLimit = 10;
    int syncLimit = 5;
    // Where members listen (client, quorum and election ports): loopback unless chosen otherwise.
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
};

struct LocalMemberInfo
{
    quorum::ServerId sid = 0;
    bool observer = false;
    quint16 clientPort = 0;
    quint16 electionPort = 0;
    QString dataDirectory;
    bool running = false;
    bool paused = false;
    quorum::RoleStatus role;
    quorum::Zxid lastCommittedZxid = 0;
};

struct LinkFault
{
    bool blocked = false;
    int delayMs = 0;
    int notificationLossPercent = 0;
};

class LocalEnsemble : public QObject
{
    Q_OBJECT

public:
    explicit LocalEnsemble(QObject *parent = nullptr);
    ~LocalEnsemble() override;

    // Picks free loopback ports, writes each member's myid, and starts every member; false with
    // errorString() when a member cannot start.
    bool start(const LocalEnsembleOptions &options);
    void stop();
    bool isRunning() const { return !m_members.empty(); }
    QString errorString() const { return m_error; }

    // "127.0.0.1:p1,127.0.0.1:p2,..." for clients.
    QString connectString() const;
    std::vector<LocalMemberInfo> members() const;
    std::optional<LocalMemberInfo> member(quorum::ServerId sid) const;
    // The member every running member agrees leads and that serves, if any.
    std::optional<quorum::ServerId> servingLeader() const;

    // Faults. Each one is also a trace event.
    void kill(quorum::ServerId sid);
    bool restart(quorum::ServerId sid);
    void pause(quorum::ServerId sid);
    void resume(quorum::ServerId sid);
    void setLinkFault(quorum::ServerId from, quorum::ServerId to, const LinkFault &fault);
    LinkFault linkFault(quorum::ServerId from, quorum::ServerId to) const;
    // Blocks every link between `side` and the rest, both ways; heal() clears every link fault.
    void partition(const std::vector<quorum::ServerId> &side);
    void heal();

    // Dynamic reconfiguration, asynchronous: addMember starts a new member (the next free id, free
    // ports) whose configuration lists the current members and itself, then asks the ensemble to add it
    // (reconfig joining); removeMember asks it to remove `sid` (reconfig leaving) and stops that member
    // once the ensemble agreed. Each ends with memberAdded / memberRemoved or reconfigFailed (with
    // ZooKeeper's error); one at a time (false, and nothing done, while another is in progress).
    bool addMember(bool observer);
    bool removeMember(quorum::ServerId sid);
    bool reconfigInProgress() const { return m_reconfigClient != nullptr; }

Q_SIGNALS:
    void traced(const zooscope::quorum::TraceEvent &event);
    void memberChanged(zooscope::quorum::ServerId sid);
    void memberAdded(zooscope::quorum::ServerId sid);
    void memberRemoved(zooscope::quorum::ServerId sid);
    void reconfigFailed(zooscope::quorum::ServerId sid, const QString &message);

private:
    class Member;
    bool prepareMember(std::unique_ptr<Member> &member, const QString &base);
    // Sends one reconfig as super through the members in `via`; `done` gets the error (Ok on success).
    // A lost answer (ConnectionLoss) counts as Ok when the configuration read afterwards passes `tookEffect`.
    void sendReconfig(const QStringList &via, const QByteArray &joining, const QByteArray &leaving,
                      std::function<bool(const QByteArray &)> tookEffect, std::function<void(proto::ErrorCode)> done);
    void stopMember(quorum::ServerId sid, const QString &details);
    // After a reconfiguration: every member's configuration lists the new members (for restarts).
    void adoptMembership();
    void record(quorum::TraceKind kind, quorum::ServerId member, quorum::ServerId peer, const QString &details);
    void applyLinkFaults(quorum::ServerId sid);
    // Members' trace events cross to this object's thread in batches: one posted event per batch, not
    // one per trace event (thousands a second under load would starve the GUI's low-priority repaints).
    void enqueueTrace(quorum::ServerId sid, const quorum::TraceEvent &event); // any thread
    void deliverTraces();

    QMutex m_traceMutex;
    std::vector<std::pair<quorum::ServerId, quorum::TraceEvent>> m_traceBatch; // guarded by m_traceMutex
    bool m_traceDeliveryPosted = false;                                          // guarded by m_traceMutex

    LocalEnsembleOptions m_options;
    std::map<quorum::ServerId, std::unique_ptr<Member>> m_members;
    std::map<std::pair<quorum::ServerId, quorum::ServerId>, LinkFault> m_faults;
    QString m_temporaryDirectory;
    QString m_dataBase;
    QString m_error;
    QByteArray m_superPassword; // random per start(); never leaves this object
    quorum::ServerId m_lastServerId = 0; // ids are not reused: a removed member's directory stays
    client::ZooKeeperClient *m_reconfigClient = nullptr; // the reconfig in progress, owned
};

} // namespace zooscope::ensemble
