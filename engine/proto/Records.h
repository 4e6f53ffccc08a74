#pragma once
// The client-facing jute records of Apache ZooKeeper 3.8 (zookeeper.jute), field for field in
// wire order. Each record lists its fields once in `visit`; see Jute.h.

#include "Jute.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace zooscope::proto {

struct Id
{
    QByteArray scheme;
    QByteArray id;
    bool operator==(const Id &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.scheme); v(self.id); }
};

struct Acl
{
    std::int32_t perms = 0;
    Id id;
    bool operator==(const Acl &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.perms); v(self.id); }
};
using AclList = std::vector<Acl>;

struct Stat
{
    std::int64_t czxid = 0;
    std::int64_t mzxid = 0;
    std::int64_t ctime = 0;
    std::int64_t mtime = 0;
    std::int32_t version = 0;
    std::int32_t cversion = 0;
    std::int32_t aversion = 0;
    std::int64_t ephemeralOwner = 0;
    std::int32_t dataLength = 0;
    std::int32_t numChildren = 0;
    std::int64_t pzxid = 0;
    bool operator==(const Stat &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v)
    {
        v(self.czxid); v(self.mzxid); v(self.ctime); v(self.mtime); v(self.version);
        v(self.cversion); v(self.aversion); v(self.ephemeralOwner); v(self.dataLength);
        v(self.numChildren); v(self.pzxid);
    }
};

// The Stat as stored: cversion counts child creations only (see DataTree::exposedStat).
struct StatPersisted
{
    std::int64_t czxid = 0;
    std::int64_t mzxid = 0;
    std::int64_t ctime = 0;
    std::int64_t mtime = 0;
    std::int32_t version = 0;
    std::int32_t cversion = 0;
    std::int32_t aversion = 0;
    std::int64_t ephemeralOwner = 0;
    std::int64_t pzxid = 0;
    bool operator==(const StatPersisted &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v)
    {
        v(self.czxid); v(self.mzxid); v(self.ctime); v(self.mtime); v(self.version);
        v(self.cversion); v(self.aversion); v(self.ephemeralOwner); v(self.pzxid);
    }
};

struct ClientInfo
{
    QByteArray authScheme;
    QByteArray user;
    bool operator==(const ClientInfo &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.authScheme); v(self.user); }
};

// readOnly is optional on the wire: old clients omit it, and the server echoes it only if sent.
struct ConnectRequest
{
    std::int32_t protocolVersion = 0;
    std::int64_t lastZxidSeen = 0;
    std::int32_t timeOut = 0;
    std::int64_t sessionId = 0;
    QByteArray passwd;
    bool readOnly = false;
    bool operator==(const ConnectRequest &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v)
    {
        v(self.protocolVersion); v(self.lastZxidSeen); v(self.timeOut); v(self.sessionId);
        v(self.passwd);
    }
};

struct ConnectResponse
{
    std::int32_t protocolVersion = 0;
    std::int32_t timeOut = 0;
    std::int64_t sessionId = 0;
    QByteArray passwd;
    bool operator==(const ConnectResponse &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v)
    {
        v(self.protocolVersion); v(self.timeOut); v(self.sessionId); v(self.passwd);
    }
};

struct SetWatches
{
    std::int64_t relativeZxid = 0;
    std::vector<QByteArray> dataWatches;
    std::vector<QByteArray> existWatches;
    std::vector<QByteArray> childWatches;
    bool operator==(const SetWatches &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v)
    {
        v(self.relativeZxid); v(self.dataWatches); v(self.existWatches); v(self.childWatches);
    }
};

struct SetWatches2
{
    std::int64_t relativeZxid = 0;
    std::vector<QByteArray> dataWatches;
    std::vector<QByteArray> existWatches;
    std::vector<QByteArray> childWatches;
    std::vector<QByteArray> persistentWatches;
    std::vector<QByteArray> persistentRecursiveWatches;
    bool operator==(const SetWatches2 &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v)
    {
        v(self.relativeZxid); v(self.dataWatches); v(self.existWatches); v(self.childWatches);
        v(self.persistentWatches); v(self.persistentRecursiveWatches);
    }
};

struct RequestHeader
{
    std::int32_t xid = 0;
    std::int32_t type = 0;
    bool operator==(const RequestHeader &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.xid); v(self.type); }
};

struct MultiHeader
{
    std::int32_t type = 0;
    bool done = false;
    std::int32_t err = 0;
    bool operator==(const MultiHeader &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.type); v(self.done); v(self.err); }
};

struct AuthPacket
{
    std::int32_t type = 0;
    QByteArray scheme;
    QByteArray auth;
    bool operator==(const AuthPacket &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.type); v(self.scheme); v(self.auth); }
};

struct ReplyHeader
{
    std::int32_t xid = 0;
    std::int64_t zxid = 0;
    std::int32_t err = 0;
    bool operator==(const ReplyHeader &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.xid); v(self.zxid); v(self.err); }
};

// Requests that carry a path and a watch flag: getData, exists, getChildren, getChildren2.
struct PathWatchRequest
{
    QByteArray path;
    bool watch = false;
    bool operator==(const PathWatchRequest &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.path); v(self.watch); }
};
using GetDataRequest = PathWatchRequest;
using ExistsRequest = PathWatchRequest;
using GetChildrenRequest = PathWatchRequest;
using GetChildren2Request = PathWatchRequest;

// Requests that carry only a path: sync, getACL, getAllChildrenNumber, getEphemerals, deleteContainer.
struct PathRequest
{
    QByteArray path;
    bool operator==(const PathRequest &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.path); }
};
using SyncRequest = PathRequest;
using SyncResponse = PathRequest;
using GetAclRequest = PathRequest;
using GetAllChildrenNumberRequest = PathRequest;
using GetEphemeralsRequest = PathRequest;
using DeleteContainerRequest = PathRequest;
using CreateResponse = PathRequest;

struct SetDataRequest
{
    QByteArray path;
    QByteArray data;
    std::int32_t version = -1;
    bool operator==(const SetDataRequest &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.path); v(self.data); v(self.version); }
};

struct ReconfigRequest
{
    QByteArray joiningServers;
    QByteArray leavingServers;
    QByteArray newMembers;
    std::int64_t curConfigId = -1;
    bool operator==(const ReconfigRequest &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v)
    {
        v(self.joiningServers); v(self.leavingServers); v(self.newMembers); v(self.curConfigId);
    }
};

struct StatResponse
{
    Stat stat;
    bool operator==(const StatResponse &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.stat); }
};
using SetDataResponse = StatResponse;
using SetAclResponse = StatResponse;
using ExistsResponse = StatResponse;

struct SaslToken
{
    QByteArray token;
    bool operator==(const SaslToken &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.token); }
};

struct CreateRequest
{
    QByteArray path;
    QByteArray data;
    AclList acl;
    std::int32_t flags = 0;
    bool operator==(const CreateRequest &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.path); v(self.data); v(self.acl); v(self.flags); }
};

struct CreateTtlRequest
{
    QByteArray path;
    QByteArray data;
    AclList acl;
    std::int32_t flags = 0;
    std::int64_t ttl = 0;
    bool operator==(const CreateTtlRequest &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v)
    {
        v(self.path); v(self.data); v(self.acl); v(self.flags); v(self.ttl);
    }
};

// DeleteRequest and CheckVersionRequest share the shape {path, version}.
struct PathVersionRequest
{
    QByteArray path;
    std::int32_t version = -1;
    bool operator==(const PathVersionRequest &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.path); v(self.version); }
};
using DeleteRequest = PathVersionRequest;
using CheckVersionRequest = PathVersionRequest;

struct SetAclRequest
{
    QByteArray path;
    AclList acl;
    std::int32_t version = -1;
    bool operator==(const SetAclRequest &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.path); v(self.acl); v(self.version); }
};

// AddWatchRequest {path, mode}, CheckWatchesRequest / RemoveWatchesRequest {path, type}.
struct PathModeRequest
{
    QByteArray path;
    std::int32_t mode = 0;
    bool operator==(const PathModeRequest &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.path); v(self.mode); }
};
using AddWatchRequest = PathModeRequest;
using CheckWatchesRequest = PathModeRequest;
using RemoveWatchesRequest = PathModeRequest;

struct WatcherEvent
{
    std::int32_t type = 0;
    std::int32_t state = 0;
    QByteArray path;
    bool operator==(const WatcherEvent &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.type); v(self.state); v(self.path); }
};

struct ErrorResponse
{
    std::int32_t err = 0;
    bool operator==(const ErrorResponse &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.err); }
};
using GetAllChildrenNumberResponse = ErrorResponse; // {int totalNumber}: same shape

struct Create2Response
{
    QByteArray path;
    Stat stat;
    bool operator==(const Create2Response &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.path); v(self.stat); }
};

struct GetDataResponse
{
    QByteArray data;
    Stat stat;
    bool operator==(const GetDataResponse &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.data); v(self.stat); }
};

struct StringListResponse
{
    std::vector<QByteArray> strings;
    bool operator==(const StringListResponse &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.strings); }
};
using GetChildrenResponse = StringListResponse;
using GetEphemeralsResponse = StringListResponse;

struct GetChildren2Response
{
    std::vector<QByteArray> children;
    Stat stat;
    bool operator==(const GetChildren2Response &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.children); v(self.stat); }
};

struct GetAclResponse
{
    AclList acl;
    Stat stat;
    bool operator==(const GetAclResponse &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.acl); v(self.stat); }
};

struct WhoAmIResponse
{
    std::vector<ClientInfo> clientInfo;
    bool operator==(const WhoAmIResponse &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.clientInfo); }
};

// ---- Transactions (zookeeper.jute module org.apache.zookeeper.txn): what the write path
// persists and replicates, and what DataTree applies.

struct TxnHeader
{
    std::int64_t clientId = 0;
    std::int32_t cxid = 0;
    std::int64_t zxid = 0;
    std::int64_t time = 0;
    std::int32_t type = 0;
    bool operator==(const TxnHeader &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v)
    {
        v(self.clientId); v(self.cxid); v(self.zxid); v(self.time); v(self.type);
    }
};

struct CreateTxn
{
    QByteArray path;
    QByteArray data;
    AclList acl;
    bool ephemeral = false;
    std::int32_t parentCVersion = 0;
    bool operator==(const CreateTxn &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v)
    {
        v(self.path); v(self.data); v(self.acl); v(self.ephemeral); v(self.parentCVersion);
    }
};

struct CreateContainerTxn
{
    QByteArray path;
    QByteArray data;
    AclList acl;
    std::int32_t parentCVersion = 0;
    bool operator==(const CreateContainerTxn &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.path); v(self.data); v(self.acl); v(self.parentCVersion); }
};

struct CreateTtlTxn
{
    QByteArray path;
    QByteArray data;
    AclList acl;
    std::int32_t parentCVersion = 0;
    std::int64_t ttl = 0;
    bool operator==(const CreateTtlTxn &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v)
    {
        v(self.path); v(self.data); v(self.acl); v(self.parentCVersion); v(self.ttl);
    }
};

using DeleteTxn = PathRequest;

struct SetDataTxn
{
    QByteArray path;
    QByteArray data;
    std::int32_t version = 0;
    bool operator==(const SetDataTxn &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.path); v(self.data); v(self.version); }
};

using CheckVersionTxn = PathVersionRequest;

struct SetAclTxn
{
    QByteArray path;
    AclList acl;
    std::int32_t version = 0;
    bool operator==(const SetAclTxn &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.path); v(self.acl); v(self.version); }
};

struct CreateSessionTxn
{
    std::int32_t timeOut = 0;
    bool operator==(const CreateSessionTxn &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.timeOut); }
};

struct CloseSessionTxn
{
    std::vector<QByteArray> paths2Delete;
    bool operator==(const CloseSessionTxn &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.paths2Delete); }
};

using ErrorTxn = ErrorResponse;

// One sub-transaction of a MultiTxn: its type and its serialized record.
struct Txn
{
    std::int32_t type = 0;
    QByteArray data;
    bool operator==(const Txn &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.type); v(self.data); }
};

struct MultiTxn
{
    std::vector<Txn> txns;
    bool operator==(const MultiTxn &) const = default;
    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.txns); }
};

} // namespace zooscope::proto
