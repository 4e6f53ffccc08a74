#pragma once
// Request types and well-known xids (Apache ZooKeeper ZooDefs.OpCode).

#include <cstdint>

namespace zooscope::proto {

namespace OpCode {
constexpr std::int32_t Notification = 0;
constexpr std::int32_t Create = 1;
constexpr std::int32_t Delete = 2;
constexpr std::int32_t Exists = 3;
constexpr std::int32_t GetData = 4;
constexpr std::int32_t SetData = 5;
constexpr std::int32_t GetAcl = 6;
constexpr std::int32_t SetAcl = 7;
constexpr std::int32_t GetChildren = 8;
constexpr std::int32_t Sync = 9;
constexpr std::int32_t Ping = 11;
constexpr std::int32_t GetChildren2 = 12;
constexpr std::int32_t Check = 13;
constexpr std::int32_t Multi = 14;
constexpr std::int32_t Create2 = 15;
constexpr std::int32_t Reconfig = 16;
constexpr std::int32_t CheckWatches = 17;
constexpr std::int32_t RemoveWatches = 18;
constexpr std::int32_t CreateContainer = 19;
constexpr std::int32_t DeleteContainer = 20;
constexpr std::int32_t CreateTtl = 21;
constexpr std::int32_t MultiRead = 22;
constexpr std::int32_t Auth = 100;
constexpr std::int32_t SetWatches = 101;
constexpr std::int32_t Sasl = 102;
constexpr std::int32_t GetEphemerals = 103;
constexpr std::int32_t GetAllChildrenNumber = 104;
constexpr std::int32_t SetWatches2 = 105;
constexpr std::int32_t AddWatch = 106;
constexpr std::int32_t WhoAmI = 107;
constexpr std::int32_t CreateSession = -10;
constexpr std::int32_t CloseSession = -11;
constexpr std::int32_t Error = -1;
} // namespace OpCode

namespace Xid {
constexpr std::int32_t Notification = -1;
constexpr std::int32_t Ping = -2;
constexpr std::int32_t Auth = -4;
constexpr std::int32_t SetWatches = -8;
} // namespace Xid

const char *opCodeName(std::int32_t opCode);

} // namespace zooscope::proto
