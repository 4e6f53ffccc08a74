#pragma once
// The vocabulary of ZooKeeperClient's API: modes, results and multi operations. Paths are client
// paths (below the chroot, as QString); data stays bytes. Stat and ACLs are the wire records.

#include "proto/ErrorCode.h"
#include "proto/Events.h"
#include "proto/Permissions.h"
#include "proto/Records.h"

#include <QPointer>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <vector>

namespace zooscope::client {

using proto::Acl;
using proto::AclList;
using proto::ErrorCode;
using proto::Stat;

// CreateMode flags as they travel in CreateRequest.flags (Java's CreateMode.toFlag()).
enum class CreateMode : std::int32_t {
    Persistent = 0,
    Ephemeral = 1,
    PersistentSequential = 2,
    EphemeralSequential = 3,
    Container = 4,
    PersistentWithTtl = 5,
    PersistentSequentialWithTtl = 6,
};
bool isSequential(CreateMode mode);
bool isTtl(CreateMode mode);

// Whether a read leaves a one-time watch behind.
enum class Watch { No, Yes };

// addWatch modes (AddWatchMode in Java).
enum class AddWatchMode : std::int32_t {
    Persistent = proto::AddWatchMode::Persistent,
    PersistentRecursive = proto::AddWatchMode::PersistentRecursive,
};

// Which watches removeWatches / checkWatches address (WatcherType in Java).
enum class WatcherType : std::int32_t {
    Children = proto::WatcherType::Children,
    Data = proto::WatcherType::Data,
    Any = proto::WatcherType::Any,
};

namespace Perm = proto::Permission;

// ZooDefs.Ids: world:anyone with every permission, the creator's own ids, and read-only world.
AclList openAclUnsafe();
AclList creatorAllAcl();
AclList readAclUnsafe();
// "user:password" -> the digest id "user:base64(sha1(user:password))" that digest ACLs name.
QByteArray digestId(const QByteArray &user, const QByteArray &password);

// The TTL range the server accepts (40 bits of milliseconds, EphemeralType.TTL).
constexpr std::int64_t MaxTtlMs = 0xFFFFFFFFFFLL;

// The outcome of one operation: the server's error code (or a connection-level one such as
// ConnectionLoss) and, when it carries one, the reply. `value` is default-constructed unless the
// reply had a body; multi fills it even when an op failed.
template <typename T> struct Result
{
    ErrorCode error = ErrorCode::Ok;
    T value{};
    bool ok() const { return error == ErrorCode::Ok; }
};

template <> struct Result<void>
{
    ErrorCode error = ErrorCode::Ok;
    bool ok() const { return error == ErrorCode::Ok; }
};

// Every operation reports through one of these, exactly once, on the client's thread. Callbacks
// still pending when the client is destroyed are dropped, not called.
template <typename T> using Callback = std::function<void(const Result<T> &)>;

// Wraps a callback so that it is skipped once `context` is gone: for callbacks that use a widget
// or model which may be destroyed before the reply comes.
template <typename T, typename Function> Callback<T> guarded(QObject *context, Function callback)
{
    return [context = QPointer<QObject>(context), callback = std::move(callback)](const Result<T> &result) {
        if (context)
            callback(result);
    };
}

// "NoNode (-101)": a name for logs and messages.
QString errorText(ErrorCode code);

struct CreateResult
{
    QString path; // the created path, with the sequence suffix for sequential modes
    Stat stat;
};

struct DataResult
{
    QByteArray data;
    Stat stat;
};

struct ChildrenResult
{
    QStringList children;
    Stat stat;
};

struct AclResult
{
    AclList acl;
    Stat stat;
};

// One identity of the session (whoAmI).
struct ClientIdentity
{
    QString scheme;
    QString user;
    bool operator==(const ClientIdentity &) const = default;
};

// One write of a multi transaction.
struct Op
{
    enum class Type { Create, Delete, SetData, Check };

    Type type = Type::Check;
    QString path;
    QByteArray data;
    AclList acl;
    CreateMode mode = CreateMode::Persistent;
    std::int64_t ttlMs = -1;
    std::int32_t version = -1;

    static Op create(const QString &path, const QByteArray &data, const AclList &acl,
                     CreateMode mode = CreateMode::Persistent, std::int64_t ttlMs = -1);
    static Op remove(const QString &path, std::int32_t version = -1);
    static Op setData(const QString &path, const QByteArray &data, std::int32_t version = -1);
    static Op check(const QString &path, std::int32_t version);
};

// The result of one op, as the server reported it. opCode is the MultiHeader type of the reply
// (proto::OpCode::Create / Create2 / Delete / SetData / Check, or Error for a failed op).
struct OpResult
{
    std::int32_t opCode = 0;
    ErrorCode error = ErrorCode::Ok;
    QString path; // create
    Stat stat;    // create2, setData
};
using MultiResult = std::vector<OpResult>;

// One read of multiRead.
struct ReadOp
{
    enum class Type { GetData, GetChildren };

    Type type = Type::GetData;
    QString path;

    static ReadOp getData(const QString &path) { return {Type::GetData, path}; }
    static ReadOp getChildren(const QString &path) { return {Type::GetChildren, path}; }
};

struct ReadOpResult
{
    std::int32_t opCode = 0; // proto::OpCode::GetData / GetChildren, or Error
    ErrorCode error = ErrorCode::Ok;
    QByteArray data;      // getData
    Stat stat;            // getData
    QStringList children; // getChildren
};
using MultiReadResult = std::vector<ReadOpResult>;

} // namespace zooscope::client
