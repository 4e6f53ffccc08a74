#pragma once
// ZooKeeper's reference-counted ACL cache: every distinct ACL list gets a long id, nodes store the
// id, and snapshots store the table. Id -1 is the open ACL (world:anyone, all permissions).

#include "proto/Records.h"

#include <QHash>

namespace zooscope::tree {

class AclCache
{
public:
    static constexpr std::int64_t OpenAclId = -1;

    std::int64_t acquire(const proto::AclList &acl);
    void release(std::int64_t id);
    proto::AclList lookup(std::int64_t id) const;
    qsizetype size() const { return m_byId.size(); }

    // For snapshots: the whole table, and rebuilding it.
    const QHash<std::int64_t, proto::AclList> &entries() const { return m_byId; }
    void restore(std::int64_t id, const proto::AclList &acl);
    void addUsage(std::int64_t id)
    {
        if (id != OpenAclId && m_byId.contains(id))
            ++m_referenceCount[id];
    }

private:
    QHash<std::int64_t, proto::AclList> m_byId;
    QHash<QByteArray, std::int64_t> m_idByEncoding;
    QHash<std::int64_t, qint64> m_referenceCount;
    std::int64_t m_nextId = 1;
};

proto::AclList openAclUnsafe();

} // namespace zooscope::tree
