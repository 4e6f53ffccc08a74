#pragma once
// Turns a write request into a transaction, as ZooKeeper's PrepRequestProcessor does: checks
// session, path, ACL, version and existence against the tree *plus* every transaction prepared
// but not yet applied (change records), so writes can be pipelined behind persistence or ZAB.
// A failed check still yields a transaction (an ErrorTxn) that consumes a zxid, as in ZooKeeper.

#include "Authentication.h"
#include "QuotaEnforcer.h"
#include "ServerConfig.h"
#include "proto/Transaction.h"
#include "tree/DataTree.h"

#include <QHash>

#include <deque>
#include <functional>
#include <optional>

namespace zooscope::server {

class SessionTracker;

// What a reconfig request becomes on an ensemble's leader: the new /zookeeper/config text, or the error
// ZooKeeper answers (BadArguments, BadVersion, NewConfigNoQuorum). Supplied by the ensemble member.
struct ReconfigPlan
{
    proto::ErrorCode error = proto::ErrorCode::Ok;
    QByteArray configText;
};
using ReconfigPlanner = std::function<ReconfigPlan(const proto::ReconfigRequest &request, std::int64_t zxid)>;

// The suffix of a sequential node: the parent's create counter as %010d (it may be negative).
QByteArray sequenceSuffix(std::int32_t counter);

// A create/create2 of an ephemeral node, or a multi holding one: what makes a local session upgrade.
bool createsEphemeralNode(std::int32_t type, const QByteArray &body);

struct RequestContext
{
    std::int64_t sessionId = 0;
    std::int32_t cxid = 0;
    const AuthIds *authIds = nullptr;
    std::int64_t wallTimeMs = 0;
    // Ensemble: the member the request came through; a session owned by another one has moved.
    std::int64_t owner = 0;
    // A local session of the member preparing the request (localSessionsEnabled).
    bool localSession = false;
};

class RequestPreparer
{
public:
    RequestPreparer(const tree::DataTree &tree, const SessionTracker &sessions, const ServerConfig &config);

    // `body` is the request record after the RequestHeader; false if it could not be decoded.
    bool prepare(std::int32_t type, const QByteArray &body, const RequestContext &context, std::int64_t zxid,
                 proto::Transaction &transaction);
    proto::Transaction prepareCloseSession(const RequestContext &context, std::int64_t zxid);
    proto::Transaction prepareCreateSession(const RequestContext &context, std::int64_t zxid, std::int32_t timeoutMs);

    const QuotaEnforcer &quotas() const { return m_quotas; }

    // The tree has applied everything up to `zxid`: its change records are no longer needed.
    void applied(std::int64_t zxid);
    // Without a planner (standalone) reconfig is Unimplemented once enabled.
    void setReconfigPlanner(ReconfigPlanner planner) { m_reconfigPlanner = std::move(planner); }

private:
    struct ChangeRecord
    {
        std::int64_t zxid = 0;
        QByteArray path;
        std::optional<proto::StatPersisted> stat; // nullopt: deleted
        std::int32_t childCount = 0;
        proto::AclList acl;
        qint64 dataLength = 0; // for quota checks, as ZooKeeper's ChangeRecord keeps the data
    };
    struct KeeperError
    {
        proto::ErrorCode code;
    };

    proto::SubTxn prepareOne(std::int32_t type, const QByteArray &body, const RequestContext &context,
                             std::int64_t zxid);
    proto::SubTxn prepareCreate(std::int32_t type, const QByteArray &body, const RequestContext &context,
                                std::int64_t zxid);
    ChangeRecord recordFor(const QByteArray &path) const;
    std::optional<ChangeRecord> outstandingFor(const QByteArray &path) const;
    void addChangeRecord(ChangeRecord record);
    void checkSession(const RequestContext &context) const;
    void checkAcl(const proto::AclList &acl, std::int32_t permission, const RequestContext &context) const;
    static void validatePath(const QByteArray &path);
    QByteArray parentForDelete(const QByteArray &path) const;
    static std::int32_t checkAndIncrementVersion(std::int32_t current, std::int32_t expected);
    // With enforceQuota: QuotaExceeded when the change breaks a hard quota (only logs for soft ones).
    void checkQuota(const QByteArray &path, qint64 bytesDiff, qint64 countDiff);
    void rollback(std::int64_t zxid, const QHash<QByteArray, std::optional<ChangeRecord>> &saved);

    const tree::DataTree &m_tree;
    const SessionTracker &m_sessions;
    const ServerConfig &m_config;
    ReconfigPlanner m_reconfigPlanner;
    QuotaEnforcer m_quotas;
    std::deque<ChangeRecord> m_outstanding;
    QHash<QByteArray, ChangeRecord> m_outstandingByPath;
};

} // namespace zooscope::server
