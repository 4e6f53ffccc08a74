#pragma once
// Memory for znode records. A million small records through malloc cost 8–24 bytes each in
// headers and rounding; here records of up to MaxPooledBytes come from blocks, rounded to 8
// bytes, and freed records are reused by size. The first blocks are 256 KiB from malloc, so a
// small tree stays small; later ones are 2 MiB mappings of their own, marked for transparent
// huge pages (one page fault per 2 MiB while a large snapshot loads) and never fragmenting the
// heap. Single-threaded: one arena per tree, used only on the tree's thread.

#include <cstddef>
#include <vector>

namespace zooscope::tree {

class NodeArena
{
public:
    static constexpr std::size_t Granularity = 8;
    static constexpr std::size_t MaxPooledBytes = 2048;

    NodeArena() = default;
    NodeArena(const NodeArena &) = delete;
    NodeArena &operator=(const NodeArena &) = delete;
    ~NodeArena();

    void *allocate(std::size_t bytes);
    // `bytes` must be what was passed to allocate().
    void release(void *memory, std::size_t bytes);
    // Returns every block; all records become invalid.
    void clear();

private:
    static std::size_t roundUp(std::size_t bytes) { return (bytes + Granularity - 1) & ~(Granularity - 1); }

    struct FreeRecord
    {
        FreeRecord *next;
    };
    std::vector<FreeRecord *> m_freeLists = std::vector<FreeRecord *>(MaxPooledBytes / Granularity + 1, nullptr);
    struct Block
    {
        char *memory;
        bool mapped;
    };
    char *newBlock(std::size_t *bytes);
    std::vector<Block> m_blocks;
    char *m_cursor = nullptr;
    char *m_blockEnd = nullptr;
};

} // namespace zooscope::tree
