#pragma once
// A node's children: an open-addressing hash set of record pointers keyed by the child's
// name, with linear probing and backward-shift deletion (no tombstones). 8 bytes per slot,
// at most 80% full.

#include <QByteArrayView>

#include <cstdint>

namespace zooscope::tree {

class DataNode;

class ChildTable
{
public:
    static ChildTable *create(std::uint32_t minimumCount);
    static void destroy(ChildTable *table);

    std::uint32_t count() const { return m_count; }
    std::uint32_t capacity() const { return m_mask + 1; }
    DataNode *const *slots() const { return m_slots; }
    DataNode **slots() { return m_slots; }

    // The slot holding the child called `name`, or nullptr.
    DataNode **find(QByteArrayView name);
    DataNode *const *find(QByteArrayView name) const { return const_cast<ChildTable *>(this)->find(name); }
    // Adds `child` (its name must be absent) and returns the table, which may have moved.
    [[nodiscard]] static ChildTable *insert(ChildTable *table, DataNode *child);
    // As insert(), but finds a child of the same name in the same probe: then nothing is added
    // and `duplicate` is set (for loading snapshots, which must not hold a path twice).
    [[nodiscard]] static ChildTable *insertUnique(ChildTable *table, DataNode *child, bool *duplicate);
    // Removes the slot's child and returns the table, which may have moved or be nullptr when empty.
    [[nodiscard]] static ChildTable *erase(ChildTable *table, DataNode **slot);

    static std::size_t hashOf(QByteArrayView name);

private:
    ChildTable() = default;
    static ChildTable *allocate(std::uint32_t capacity);
    static std::size_t bytesFor(std::uint32_t capacity);
    static ChildTable *resized(ChildTable *table, std::uint32_t capacity);
    void place(DataNode *child);
    static ChildTable *grownFor(ChildTable *table, std::uint32_t count);

    std::uint32_t m_count = 0;
    std::uint32_t m_mask = 0;
    DataNode *m_slots[1]; // really capacity() slots
};

} // namespace zooscope::tree
