#include "AclCache.h"

namespace zooscope::tree {

proto::AclList openAclUnsafe()
{
    return {proto::Acl{31, proto::Id{"world", "anyone"}}};
}

std::int64_t AclCache::acquire(const proto::AclList &acl)
{
    const QByteArray encoding = proto::serialize(acl);
    auto found = m_idByEncoding.constFind(encoding);
    std::int64_t id;
    if (found != m_idByEncoding.cend()) {
        id = *found;
    } else {
        id = m_nextId++;
        m_byId.insert(id, acl);
        m_idByEncoding.insert(encoding, id);
    }
    ++m_referenceCount[id];
    return id;
}

void AclCache::release(std::int64_t id)
{
    if (id == OpenAclId)
        return;
    auto count = m_referenceCount.find(id);
    if (count == m_referenceCount.end())
        return;
    if (--*count > 0)
        return;
    m_referenceCount.erase(count);
    m_idByEncoding.remove(proto::serialize(m_byId.take(id)));
}

proto::AclList AclCache::lookup(std::int64_t id) const
{
    if (id == OpenAclId)
        return openAclUnsafe();
    return m_byId.value(id);
}

void AclCache::restore(std::int64_t id, const proto::AclList &acl)
{
    m_byId.insert(id, acl);
    m_idByEncoding.insert(proto::serialize(acl), id);
    m_referenceCount.insert(id, 0);
    m_nextId = std::max(m_nextId, id + 1);
}

} // namespace zooscope::tree
