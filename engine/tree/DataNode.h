#pragma once
// One znode in one arena record: a 28-byte header, then only the Stat fields that differ from
// what a fresh node has (mzxid = pzxid = czxid, mtime = ctime, versions 0, no owner), the
// child table pointer if it has children, the node's name (its last path component) and its
// data. A leaf with a 100-byte value takes 136 bytes. Records are rewritten, never resized, by
// DataTree, which owns them; everything here is read-only.

#include "proto/Records.h"

#include <QByteArrayView>

#include <cstring>
#include <vector>

namespace zooscope::tree {

class ChildTable;
class NodeArena;

// Everything a record holds, unpacked; what DataTree builds new records from. (Outside the
// packed class: its Stat must keep its natural alignment.)
struct NodeFields
{
    QByteArrayView name;
    QByteArrayView data;
    std::int32_t aclId = -1;
    proto::StatPersisted stat;
    ChildTable *children = nullptr;
};

#pragma pack(push, 4)
class DataNode
{
public:
    DataNode(const DataNode &) = delete;
    DataNode &operator=(const DataNode &) = delete;

    QByteArrayView name() const { return {tail() + extrasBytes(), qsizetype(nameLength())}; }
    // Null (not just empty) when the node was created with null data, as ZooKeeper keeps it.
    QByteArrayView dataView() const
    {
        if (m_dataLength & NullData)
            return {};
        return {tail() + extrasBytes() + nameLength(), qsizetype(m_dataLength)};
    }
    QByteArray data() const { return dataView().toByteArray(); }
    std::int32_t dataLength() const { return std::int32_t(m_dataLength & ~NullData); }
    std::int64_t aclId() const { return m_aclId; }
    proto::StatPersisted stat() const;
    std::int64_t ephemeralOwner() const { return extra(Extra::EphemeralOwner, std::int64_t(0)); }

    const ChildTable *children() const { return extra(Extra::Children, static_cast<ChildTable *>(nullptr)); }
    std::int32_t childCount() const;
    // Child names in the table's order (ZooKeeper's order is a hash set's too).
    std::vector<QByteArray> childNames() const;

    // Which optional fields follow the header, in this order.
    enum Extra : std::uint8_t {
        Mzxid = 1,
        Mtime = 2,
        Pzxid = 4,
        Version = 8,
        Cversion = 16,
        Aversion = 32,
        EphemeralOwner = 64,
        Children = 128,
    };

    static constexpr std::uint32_t MaxNameLength = (1u << 24) - 1;
    static constexpr std::uint32_t NullData = 1u << 31;

private:
    friend class DataTree;
    DataNode() = default;

    using Fields = NodeFields;
    Fields fields() const { return {name(), dataView(), m_aclId, stat(), const_cast<ChildTable *>(children())}; }
    static DataNode *create(NodeArena &arena, const Fields &fields);
    // Rewrites this record in place when `fields` need the same layout; false otherwise.
    bool overwrite(const Fields &fields);
    static void destroy(NodeArena &arena, DataNode *node);

    const char *tail() const { return reinterpret_cast<const char *>(this) + sizeof(DataNode); }
    char *tail() { return reinterpret_cast<char *>(this) + sizeof(DataNode); }
    std::uint32_t nameLength() const { return m_nameLengthAndExtras & MaxNameLength; }
    std::uint8_t extras() const { return std::uint8_t(m_nameLengthAndExtras >> 24); }
    std::size_t extrasBytes() const { return extrasBytesFor(extras()); }
    std::size_t recordBytes() const
    {
        return sizeof(DataNode) + extrasBytes() + nameLength() + std::size_t(dataLength());
    }
    static std::uint8_t extrasFor(const Fields &fields);
    void write(const Fields &fields, std::uint8_t extras);
    static std::size_t extrasBytesFor(std::uint8_t extras);
    static std::size_t extraOffset(std::uint8_t extras, Extra field);

    template <typename Value>
    Value extra(Extra field, Value absent) const
    {
        if (!(extras() & field))
            return absent;
        Value value;
        std::memcpy(&value, tail() + extraOffset(extras(), field), sizeof value);
        return value;
    }
    // Only when the Children field is present: the table moved, the record stays.
    void setChildren(ChildTable *table);

    std::int64_t m_czxid;
    std::int64_t m_ctime;
    std::uint32_t m_dataLength;
    std::int32_t m_aclId;
    std::uint32_t m_nameLengthAndExtras;
};
#pragma pack(pop)
static_assert(sizeof(DataNode) == 28, "the header is packed to 28 bytes");

} // namespace zooscope::tree
