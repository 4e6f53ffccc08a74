#include "NodeArena.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>

#include <sys/mman.h>

namespace zooscope::tree {

namespace {
constexpr std::size_t SmallBlockBytes = 256 * 1024;
constexpr std::size_t SmallBlocks = 8;
constexpr std::size_t HugeBlockBytes = 2 * 1024 * 1024;

// A 2 MiB-aligned 2 MiB mapping (what a transparent huge page needs), or nullptr.
char *mapHugeBlock()
{
    void *region = ::mmap(nullptr, 2 * HugeBlockBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED)
        return nullptr;
    const auto start = reinterpret_cast<std::uintptr_t>(region);
    const std::uintptr_t aligned = (start + HugeBlockBytes - 1) & ~std::uintptr_t(HugeBlockBytes - 1);
    if (aligned > start)
        ::munmap(region, aligned - start);
    if (const std::uintptr_t tail = start + 2 * HugeBlockBytes - (aligned + HugeBlockBytes); tail > 0)
        ::munmap(reinterpret_cast<void *>(aligned + HugeBlockBytes), tail);
    ::madvise(reinterpret_cast<void *>(aligned), HugeBlockBytes, MADV_HUGEPAGE);
    return reinterpret_cast<char *>(aligned);
}
} // namespace

char *NodeArena::newBlock(std::size_t *bytes)
{
    if (m_blocks.size() >= SmallBlocks) {
        if (char *block = mapHugeBlock()) {
            m_blocks.push_back({block, true});
            *bytes = HugeBlockBytes;
            return block;
        }
    }
    char *block = static_cast<char *>(std::malloc(SmallBlockBytes));
    if (!block)
        throw std::bad_alloc();
    m_blocks.push_back({block, false});
    *bytes = SmallBlockBytes;
    return block;
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
        std::size_t blockBytes = 0;
        char *block = newBlock(&blockBytes);
        m_cursor = block;
        m_blockEnd = block + blockBytes;
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
        return;
    }
    auto *record = static_cast<FreeRecord *>(memory);
    record->next = m_freeLists[size / Granularity];
    m_freeLists[size / Granularity] = record;
}

void NodeArena::clear()
{
    for (const Block &block : m_blocks) {
        if (block.mapped)
            ::munmap(block.memory, HugeBlockBytes);
        else
            std::free(block.memory);
    }
    m_blocks.clear();
    std::fill(m_freeLists.begin(), m_freeLists.end(), nullptr);
    m_cursor = m_blockEnd = nullptr;
}

} // namespace zooscope::tree
