#pragma once
// The ensemble's membership as election sees it: voters and observers, and ZooKeeper's majority rule
// (QuorumMaj): a set of members is a quorum when it holds more than half of the voters.

#include "Vote.h"

#include <initializer_list>
#include <span>
#include <vector>

namespace zooscope::quorum {

struct QuorumMember
{
    ServerId sid = 0;
    bool observer = false;
    friend bool operator==(const QuorumMember &, const QuorumMember &) = default;
};

class QuorumConfig
{
public:
    QuorumConfig() = default;
    // Members in any order; a sid listed twice keeps its first entry.
    explicit QuorumConfig(std::vector<QuorumMember> members);
    // Voters 1..voterCount, then observers numbered after them.
    static QuorumConfig withVoters(int voterCount, int observerCount = 0);

    const std::vector<QuorumMember> &members() const { return m_members; }
    const std::vector<ServerId> &voters() const { return m_voters; }
    const std::vector<ServerId> &observers() const { return m_observers; }
    bool contains(ServerId sid) const;
    bool isVoter(ServerId sid) const;
    bool isObserver(ServerId sid) const;

    // The smallest number of voters that is a quorum.
    int quorumSize() const { return int(m_voters.size()) / 2 + 1; }
    // Observers, unknown ids and repeated ids never count.
    bool hasQuorum(std::span<const ServerId> sids) const;
    bool hasQuorum(std::initializer_list<ServerId> sids) const
    {
        return hasQuorum(std::span(sids.begin(), sids.end()));
    }

private:
    std::vector<QuorumMember> m_members; // sorted by sid
    std::vector<ServerId> m_voters;      // sorted
    std::vector<ServerId> m_observers;   // sorted
};

} // namespace zooscope::quorum
