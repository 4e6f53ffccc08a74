#pragma once
// The simulator's random source: xoshiro256** seeded through splitmix64, with its own integer and
// probability helpers. The standard library's distributions differ between implementations; these
// do not, so a seed replays the same schedule everywhere.

#include <cstdint>

namespace zooscope::quorum {

class SimulationRandom
{
public:
    explicit SimulationRandom(std::uint64_t seed)
    {
        for (std::uint64_t &word : m_state) {
            seed += 0x9e3779b97f4a7c15ULL;
            std::uint64_t mixed = seed;
            mixed = (mixed ^ (mixed >> 30)) * 0xbf58476d1ce4e5b9ULL;
            mixed = (mixed ^ (mixed >> 27)) * 0x94d049bb133111ebULL;
            word = mixed ^ (mixed >> 31);
        }
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotateLeft(m_state[1] * 5, 7) * 9;
        const std::uint64_t shifted = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= shifted;
        m_state[3] = rotateLeft(m_state[3], 45);
        return result;
    }

    // Uniform in [0, bound), without modulo bias; 0 when bound is 0.
    std::uint64_t below(std::uint64_t bound)
    {
        if (bound == 0)
            return 0;
        const std::uint64_t limit = ~std::uint64_t(0) - (~std::uint64_t(0) % bound);
        std::uint64_t value;
        do {
            value = next();
        } while (value >= limit);
        return value % bound;
    }

    // Uniform in [low, high]; low when high < low.
    std::int64_t between(std::int64_t low, std::int64_t high)
    {
        if (high <= low)
            return low;
        return low + std::int64_t(below(std::uint64_t(high - low) + 1));
    }

    // True with the given probability, counted in parts per million so no floating point is involved.
    bool chance(std::uint32_t partsPerMillion) { return below(1000000) < partsPerMillion; }

private:
    static std::uint64_t rotateLeft(std::uint64_t value, int bits) { return (value << bits) | (value >> (64 - bits)); }

    std::uint64_t m_state[4];
};

} // namespace zooscope::quorum
