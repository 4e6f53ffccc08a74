#include "DataNode.h"

#include "ChildTable.h"
#include "NodeArena.h"

#include <array>

namespace zooscope::tree {

namespace {
// Bytes of the optional fields for each combination: three 4-byte fields, the rest 8 bytes.
constexpr std::array<std::uint8_t, 256> ExtrasBytes = [] {
    std::array<std::uint8_t, 256> table{};
    for (unsigned extras = 0; extras < 256; ++extras) {
        unsigned bytes = 0;
        for (unsigned bit = 0; bit < 8; ++bit) {
            if (extras & (1u << bit))
                bytes += (bit >= 3 && bit <= 5) ? 4 : 8;
        }
        table[extras] = std::uint8_t(bytes);
    }
    return table;
}();
} // namespace

std::size_t DataNode::extrasBytesFor(std::uint8_t extras)
{
    return ExtrasBytes[extras];
}

std::size_t DataNode::extraOffset(std::uint8_t extras, Extra field)
{
    return extrasBytesFor(std::uint8_t(extras & (unsigned(field) - 1)));
}

proto::StatPersisted DataNode::stat() const
{
    proto::StatPersisted stat;
    stat.czxid = m_czxid;
    stat.ctime = m_ctime;
    stat.mzxid = extra(Mzxid, m_czxid);
    stat.mtime = extra(Mtime, m_ctime);
    stat.pzxid = extra(Pzxid, m_czxid);
    stat.version = extra(Version, std::int32_t(0));
    stat.cversion = extra(Cversion, std::int32_t(0));
    stat.aversion = extra(Aversion, std::int32_t(0));
    stat.ephemeralOwner = extra(EphemeralOwner, std::int64_t(0));
    return stat;
}

std::int32_t DataNode::childCount() const
{
    const ChildTable *table = children();
    return table ? std::int32_t(table->count()) : 0;
}

std::vector<QByteArray> DataNode::childNames() const
{
    std::vector<QByteArray> names;
    const ChildTable *table = children();
    if (!table)
        return names;
    names.reserve(table->count());
    for (std::uint32_t index = 0; index < table->capacity(); ++index) {
        if (const DataNode *child = table->slots()[index])
            names.push_back(child->name().toByteArray());
    }
    return names;
}

void DataNode::setChildren(ChildTable *table)
{
    std::memcpy(tail() + extraOffset(extras(), Children), &table, sizeof table);
}

std::uint8_t DataNode::extrasFor(const Fields &fields)
{
    const proto::StatPersisted &stat = fields.stat;
    std::uint8_t extras = 0;
    if (stat.mzxid != stat.czxid)
        extras |= Mzxid;
    if (stat.mtime != stat.ctime)
        extras |= Mtime;
    if (stat.pzxid != stat.czxid)
        extras |= Pzxid;
    if (stat.version != 0)
        extras |= Version;
    if (stat.cversion != 0)
        extras |= Cversion;
    if (stat.aversion != 0)
        extras |= Aversion;
    if (stat.ephemeralOwner != 0)
        extras |= EphemeralOwner;
    if (fields.children)
        extras |= Children;
    return extras;
}

void DataNode::write(const Fields &fields, std::uint8_t extras)
{
    const proto::StatPersisted &stat = fields.stat;
    m_czxid = stat.czxid;
    m_ctime = stat.ctime;
    m_dataLength = std::uint32_t(fields.data.size()) | (fields.data.isNull() ? NullData : 0);
    m_aclId = fields.aclId;
    m_nameLengthAndExtras = std::uint32_t(fields.name.size()) | (std::uint32_t(extras) << 24);
    char *out = tail();
    auto put = [&](Extra field, const auto &value) {
        if (extras & field) {
            std::memcpy(out, &value, sizeof value);
            out += sizeof value;
        }
    };
    put(Mzxid, stat.mzxid);
    put(Mtime, stat.mtime);
    put(Pzxid, stat.pzxid);
    put(Version, stat.version);
    put(Cversion, stat.cversion);
    put(Aversion, stat.aversion);
    put(EphemeralOwner, stat.ephemeralOwner);
    put(Children, fields.children);
    // The fields may be views into this very record (same layout): move, never copy.
    if (fields.name.data() != out && !fields.name.isEmpty())
        std::memmove(out, fields.name.data(), std::size_t(fields.name.size()));
    out += fields.name.size();
    if (fields.data.data() != out && !fields.data.isEmpty())
        std::memmove(out, fields.data.data(), std::size_t(fields.data.size()));
}

DataNode *DataNode::create(NodeArena &arena, const Fields &fields)
{
    const std::uint8_t extras = extrasFor(fields);
    const std::size_t bytes = sizeof(DataNode) + extrasBytesFor(extras) + std::size_t(fields.name.size())
        + std::size_t(fields.data.size());
    auto *node = new (arena.allocate(bytes)) DataNode;
    node->write(fields, extras);
    return node;
}

bool DataNode::overwrite(const Fields &fields)
{
    const std::uint8_t newExtras = extrasFor(fields);
    if (newExtras != extras() || std::uint32_t(fields.name.size()) != nameLength()
        || fields.data.size() != dataLength() || fields.data.isNull() != bool(m_dataLength & NullData))
        return false;
    write(fields, newExtras);
    return true;
}

void DataNode::destroy(NodeArena &arena, DataNode *node)
{
    if (node)
        arena.release(node, node->recordBytes());
}

} // namespace zooscope::tree
