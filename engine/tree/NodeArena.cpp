#include "NodeArena.h"

#include <algorithm>
#include <cstdlib>
#include <new>

namespace zooscope::tree {

namespace {
constexpr std::size_t BlockBytes = 256 * 1024;
}

NodeArena::~NodeArena()
{
    clear();
}

void *NodeArena::allocate(std::size_t bytes)
{
    const std::size_t size = roundUp(bytes < sizeof(FreeRecord) ? sizeof(FreeRecord) : bytes);
    if (size > MaxPooledBytes) {
        void *memory = std::malloc(size);
        if (!memory)
            throw std::bad_alloc();
        m_reservedBytes += size;
        return memory;
    }
    FreeRecord *&freeList = m_freeLists[size / Granularity];
    if (freeList) {
        FreeRecord *record = freeList;
        freeList = record->next;
        return record;
    }
    if (std::size_t(m_blockEnd - m_cursor) < size) {
        // The tail of the old block goes to the free list of its size, so nothing is lost.
        if (const std::size_t tail = std::size_t(m_blockEnd - m_cursor); tail >= sizeof(FreeRecord))
            release(m_cursor, tail);
        char *block = static_cast<char *>(std::malloc(BlockBytes));
        if (!block)
            throw std::bad_alloc();
        m_blocks.push_back(block);
        m_reservedBytes += BlockBytes;
        m_cursor = block;
        m_blockEnd = block + BlockBytes;
    }
    void *memory = m_cursor;
    m_cursor += size;
    return memory;
}

void NodeArena::release(void *memory, std::size_t bytes)
{
    if (!memory)
        return;
    const std::size_t size = roundUp(bytes < sizeof(FreeRecord) ? sizeof(FreeRecord) : bytes);
    if (size > MaxPooledBytes) {
        std::free(memory);
        m_reservedBytes -= size;
        return;
    }
    auto *record = static_cast<FreeRecord *>(memory);
    record->next = m_freeLists[size / Granularity];
    m_freeLists[size / Granularity] = record;
}

void NodeArena::clear()
{
    for (char *block : m_blocks)
        std::free(block);
    m_blocks.clear();
    std::fill(m_freeLists.begin(), m_freeLists.end(), nullptr);
    m_cursor = m_blockEnd = nullptr;
    m_reservedBytes = 0;
}

} // namespace zooscope::tree
