#pragma once
// One member of a replicated ensemble: the client server (TCP driver + service), durable storage,
// the quorum links, and the QuorumPeer (election + ZAB) that decides what this member does. This
// class is the peer's host: it turns the peer's outputs into sends, log appends, tree changes and
// serving modes, and feeds it messages, durability reports and ticks — one input at a time.

#include "DynamicConfig.h"
#include "ZooConfig.h"
#include "quorum/QuorumPeer.h"
#include "quorum/QuorumTransport.h"
#include "server/TcpServerDriver.h"
#include "storage/Database.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>

namespace zooscope::node {

// The ensemble members of a zoo.cfg and this member's id (its dataDir/myid file).
struct EnsembleIdentity
{
    std::int64_t myid = 0;
    quorum::QuorumConfig quorum;
    std::map<quorum::ServerId, quorum::PeerAddress> electionAddresses;
    QuorumServerEntry self;
};

// Reads dataDir/myid and checks that zoo.cfg names this member; the error names what is wrong.
std::optional<EnsembleIdentity> ensembleIdentity(const ZooConfig &config, QString *error);

class EnsembleServer : public QObject, private quorum::QuorumPeerHost, private server::TransactionPersistence
{
    Q_OBJECT

public:
    EnsembleServer(ZooConfig config, EnsembleIdentity identity, QObject *parent = nullptr);
    ~EnsembleServer() override;

    // Restores the data directory, listens for clients and peers, and starts looking for a leader.
    bool start();
    void shutdown();
    QString errorString() const { return m_error; }
    quint16 clientPort() const { return m_driver->port(); }
    quint16 secureClientPort() const { return m_driver->securePort(); }
    server::ZooKeeperService &service() { return m_driver->service(); }
    const quorum::QuorumPeer &peer() const { return *m_peer; }
    quorum::QuorumTransport &transport() { return *m_transport; }

Q_SIGNALS:
    // Every protocol step, for whoever watches (the studio's ensemble view).
    void traced(const zooscope::quorum::TraceEvent &event);
    void roleUpdated(const zooscope::quorum::RoleStatus &role);

private:
    // quorum::QuorumPeerHost
    void sendNotification(quorum::ServerId to, const quorum::Notification &notification) override;
    void sendMessage(quorum::ServerId to, const quorum::ZabMessage &message) override;
    void closeConnection(quorum::ServerId peer) override;
    void appendToLog(const quorum::Proposal &proposal) override;
    void applyCommitted(const quorum::Proposal &proposal) override;
    void truncateTo(quorum::Zxid zxid) override;
    QByteArray takeSnapshot() override;
    void loadSnapshot(quorum::Zxid zxid, const QByteArray &snapshot) override;
    void persistEpochs(std::int64_t acceptedEpoch, std::int64_t currentEpoch) override;
    void roleChanged(const quorum::RoleStatus &status) override;
    void forwardedRequest(quorum::ServerId from, const QByteArray &request) override;
    void syncDone(const QByteArray &payload) override;
    QByteArray learnerPingPayload() override;
    void learnerPing(quorum::ServerId from, const QByteArray &payload) override;
    void trace(const quorum::TraceEvent &event) override;
    std::optional<quorum::QuorumConfig> membershipOf(const quorum::Proposal &proposal) override;
    std::optional<quorum::QuorumConfig> membershipOfState() override;
    // server::TransactionPersistence: the leader's service proposes what it prepared.
    void append(const proto::Transaction &transaction) override;

    // Runs one input of the peer now, or right after the input in progress (the peer is not
    // re-entrant); then re-arms the peer's timer. False when it was deferred.
    bool runPeer(std::function<void()> input);
    void rearmTimer();
    qint64 nowMs() const { return m_clock.elapsed(); }
    std::int64_t readEpochFile(const QString &name, std::int64_t fallback) const;
    void reloadFromDisk();
    void traceSessionChange(const quorum::Proposal &proposal);
    // Dynamic reconfiguration: the leader's answer to a reconfig request, the configuration a committed
    // one installs (addresses, /zookeeper/config, the dynamic configuration file), and the one in the state.
    server::ReconfigPlan planReconfig(const proto::ReconfigRequest &request, std::int64_t zxid) const;
    void installConfig(const DynamicConfig &config);
    void writeDynamicConfigFile(const DynamicConfig &config);
    std::optional<DynamicConfig> configOfState() const;

    ZooConfig m_config;
    EnsembleIdentity m_identity;
    DynamicConfig m_activeConfig; // what /zookeeper/config says once a reconfiguration happened
    std::unique_ptr<server::TcpServerDriver> m_driver;
    std::unique_ptr<storage::Database> m_database;
    std::unique_ptr<quorum::QuorumTransport> m_transport;
    std::unique_ptr<quorum::QuorumPeer> m_peer;
    QTimer m_peerTimer;
    qint64 m_timerDeadlineMs = 0;
    QElapsedTimer m_clock;
    bool m_inPeerCall = false;
    std::deque<std::function<void()>> m_deferred;
    // Durability reports from before a truncation or snapshot load are stale.
    std::shared_ptr<std::atomic<quint64>> m_logGeneration = std::make_shared<std::atomic<quint64>>(0);
    QString m_error;
};

} // namespace zooscope::node
