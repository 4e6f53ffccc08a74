#pragma once
// A client request a learner forwards to its leader (ZooKeeper's Request inside a REQUEST packet):
// whose session, which cxid, the op code and its body, and the identities the session authenticated
// as, because the leader checks ACLs for it. createSession carries the negotiated timeout.

#include "proto/Jute.h"
#include "proto/Records.h"

namespace zooscope::server {

// Not a ZooKeeper op code: a learner tells its leader that a client resumed its session there
// (ZooKeeper's REVALIDATE), so the leader records the new owner.
constexpr std::int32_t RevalidateSession = -1000;

struct ForwardedRequest
{
    std::int64_t sessionId = 0;
    std::int32_t cxid = 0;
    std::int32_t type = 0;
    std::int32_t timeoutMs = 0;
    QByteArray body;
    std::vector<proto::Id> authIds;

    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v)
    {
        v(self.sessionId);
        v(self.cxid);
        v(self.type);
        v(self.timeoutMs);
        v(self.body);
        v(self.authIds);
    }
};

// A learner's answer to its leader's PING: the sessions its clients kept alive, with their timeouts.
struct SessionTouch
{
    std::int64_t sessionId = 0;
    std::int32_t timeoutMs = 0;

    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v)
    {
        v(self.sessionId);
        v(self.timeoutMs);
    }
};

struct SessionTouches
{
    std::vector<SessionTouch> touches;

    template <typename Self, typename Visitor>
    static void visit(Self &self, Visitor &v) { v(self.touches); }
};

} // namespace zooscope::server
