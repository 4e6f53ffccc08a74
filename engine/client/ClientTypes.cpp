#include "ClientTypes.h"

#include <QCryptographicHash>

namespace zooscope::client {

bool isSequential(CreateMode mode)
{
    return mode == CreateMode::PersistentSequential || mode == CreateMode::EphemeralSequential ||
           mode == CreateMode::PersistentSequentialWithTtl;
}

bool isTtl(CreateMode mode)
{
    return mode == CreateMode::PersistentWithTtl || mode == CreateMode::PersistentSequentialWithTtl;
}

AclList openAclUnsafe()
{
    return {Acl{Perm::All, {"world", "anyone"}}};
}

AclList creatorAllAcl()
{
    return {Acl{Perm::All, {"auth", ""}}};
}

AclList readAclUnsafe()
{
    return {Acl{Perm::Read, {"world", "anyone"}}};
}

QByteArray digestId(const QByteArray &user, const QByteArray &password)
{
    const QByteArray credentials = user + ':' + password;
    return user + ':' + QCryptographicHash::hash(credentials, QCryptographicHash::Sha1).toBase64();
}

QString errorText(ErrorCode code)
{
    return QStringLiteral("%1 (%2)").arg(QString::fromLatin1(proto::errorCodeName(code))).arg(std::int32_t(code));
}

Op Op::create(const QString &path, const QByteArray &data, const AclList &acl, CreateMode mode, std::int64_t ttlMs)
{
    Op op;
    op.type = Type::Create;
    op.path = path;
    op.data = data;
    op.acl = acl;
    op.mode = mode;
    op.ttlMs = ttlMs;
    return op;
}

Op Op::remove(const QString &path, std::int32_t version)
{
    Op op;
    op.type = Type::Delete;
    op.path = path;
    op.version = version;
    return op;
}

Op Op::setData(const QString &path, const QByteArray &data, std::int32_t version)
{
    Op op;
    op.type = Type::SetData;
    op.path = path;
    op.data = data;
    op.version = version;
    return op;
}

Op Op::check(const QString &path, std::int32_t version)
{
    Op op;
    op.type = Type::Check;
    op.path = path;
    op.version = version;
    return op;
}

} // namespace zooscope::client
