#include "ChildTable.h"

#include "DataNode.h"

#include <QHashFunctions>

#include <cstdlib>
#include <new>

#include <sys/mman.h>

namespace zooscope::tree {

namespace {
constexpr std::uint32_t MinimumCapacity = 4;
// Tables from this size on get a mapping of their own: freed, they return to the system at
// once instead of leaving a resident hole in the heap (a node with a million children grows
// through twenty tables).
constexpr std::size_t OwnMappingBytes = 64 * 1024;

std::uint32_t capacityFor(std::uint32_t count)
{
    std::uint32_t capacity = MinimumCapacity;
    while (std::uint64_t(count) * 5 > std::uint64_t(capacity) * 4)
        capacity *= 2;
    return capacity;
}
} // namespace

std::size_t ChildTable::bytesFor(std::uint32_t capacity)
{
    return offsetof(ChildTable, m_slots) + sizeof(DataNode *) * capacity;
}

std::size_t ChildTable::hashOf(QByteArrayView name)
{
    // A fixed seed: every ensemble member lists children in the same order.
    return qHash(name, 0);
}

ChildTable *ChildTable::create(std::uint32_t minimumCount)
{
    return allocate(capacityFor(minimumCount));
}

ChildTable *ChildTable::allocate(std::uint32_t capacity)
{
    const std::size_t bytes = bytesFor(capacity);
    void *memory = nullptr;
    if (bytes >= OwnMappingBytes) {
        memory = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED)
            memory = nullptr;
    } else {
        memory = std::calloc(1, bytes);
    }
    if (!memory)
        throw std::bad_alloc();
    auto *table = new (memory) ChildTable;
    table->m_mask = capacity - 1;
    return table;
}

void ChildTable::destroy(ChildTable *table)
{
    if (!table)
        return;
    const std::size_t bytes = bytesFor(table->capacity());
    if (bytes >= OwnMappingBytes)
        ::munmap(table, bytes);
    else
        std::free(table);
}

DataNode **ChildTable::find(QByteArrayView name)
{
    for (std::size_t index = hashOf(name) & m_mask;; index = (index + 1) & m_mask) {
        DataNode *child = m_slots[index];
        if (!child)
            return nullptr;
        if (child->name() == name)
            return &m_slots[index];
    }
}

void ChildTable::place(DataNode *child)
{
    std::size_t index = hashOf(child->name()) & m_mask;
    while (m_slots[index])
        index = (index + 1) & m_mask;
    m_slots[index] = child;
    ++m_count;
}

ChildTable *ChildTable::resized(ChildTable *table, std::uint32_t capacity)
{
    ChildTable *grown = allocate(capacity);
    for (std::uint32_t index = 0; index < table->capacity(); ++index) {
        if (table->m_slots[index])
            grown->place(table->m_slots[index]);
    }
    destroy(table);
    return grown;
}

ChildTable *ChildTable::grownFor(ChildTable *table, std::uint32_t count)
{
    if (!table)
        return create(count);
    if (std::uint64_t(count) * 5 > std::uint64_t(table->capacity()) * 4)
        return resized(table, table->capacity() * 2);
    return table;
}

ChildTable *ChildTable::insert(ChildTable *table, DataNode *child)
{
    table = grownFor(table, table ? table->m_count + 1 : 1);
    table->place(child);
    return table;
}

ChildTable *ChildTable::insertUnique(ChildTable *table, DataNode *child, bool *duplicate)
{
    table = grownFor(table, table ? table->m_count + 1 : 1);
    const QByteArrayView name = child->name();
    std::size_t index = hashOf(name) & table->m_mask;
    for (; table->m_slots[index]; index = (index + 1) & table->m_mask) {
        if (table->m_slots[index]->name() == name) {
            *duplicate = true;
            return table;
        }
    }
    table->m_slots[index] = child;
    ++table->m_count;
    *duplicate = false;
    return table;
}

ChildTable *ChildTable::erase(ChildTable *table, DataNode **slot)
{
    // Backward-shift deletion: pull later entries of the probe run into the gap.
    std::size_t gap = std::size_t(slot - table->m_slots);
    table->m_slots[gap] = nullptr;
    --table->m_count;
    for (std::size_t index = (gap + 1) & table->m_mask; table->m_slots[index]; index = (index + 1) & table->m_mask) {
        const std::size_t home = hashOf(table->m_slots[index]->name()) & table->m_mask;
        // The entry may move into the gap unless its home lies cyclically in (gap, index].
        const bool homeBetween = gap <= index ? (home > gap && home <= index) : (home > gap || home <= index);
        if (homeBetween)
            continue;
        table->m_slots[gap] = table->m_slots[index];
        table->m_slots[index] = nullptr;
        gap = index;
    }
    if (table->m_count == 0) {
        destroy(table);
        return nullptr;
    }
    if (table->capacity() > MinimumCapacity && std::uint64_t(table->m_count) * 8 < table->capacity())
        return resized(table, table->capacity() / 2);
    return table;
}

} // namespace zooscope::tree
