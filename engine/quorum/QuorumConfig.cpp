#include "QuorumConfig.h"

#include <algorithm>

namespace zooscope::quorum {

QuorumConfig::QuorumConfig(std::vector<QuorumMember> members)
{
    std::stable_sort(members.begin(), members.end(),
                     [](const QuorumMember &a, const QuorumMember &b) { return a.sid < b.sid; });
    for (const QuorumMember &member : members) {
        if (!m_members.empty() && m_members.back().sid == member.sid)
            continue;
        m_members.push_back(member);
        (member.observer ? m_observers : m_voters).push_back(member.sid);
    }
}

QuorumConfig QuorumConfig::withVoters(int voterCount, int observerCount)
{
    std::vector<QuorumMember> members;
    for (int i = 1; i <= voterCount + observerCount; ++i)
        members.push_back({ServerId(i), i > voterCount});
    return QuorumConfig(std::move(members));
}

bool QuorumConfig::contains(ServerId sid) const
{
    return isVoter(sid) || isObserver(sid);
}

bool QuorumConfig::isVoter(ServerId sid) const
{
    return std::binary_search(m_voters.begin(), m_voters.end(), sid);
}

bool QuorumConfig::isObserver(ServerId sid) const
{
    return std::binary_search(m_observers.begin(), m_observers.end(), sid);
}

bool QuorumConfig::hasQuorum(std::span<const ServerId> sids) const
{
    std::vector<ServerId> counted;
    counted.reserve(sids.size());
    for (ServerId sid : sids) {
        if (isVoter(sid) && std::find(counted.begin(), counted.end(), sid) == counted.end())
            counted.push_back(sid);
    }
    return int(counted.size()) >= quorumSize() && !m_voters.empty();
}

} // namespace zooscope::quorum
