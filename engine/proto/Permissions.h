#pragma once
// ACL permission bits (ZooDefs.Perms).

#include <cstdint>

namespace zooscope::proto::Permission {
constexpr std::int32_t Read = 1;
constexpr std::int32_t Write = 2;
constexpr std::int32_t Create = 4;
constexpr std::int32_t Delete = 8;
constexpr std::int32_t Admin = 16;
constexpr std::int32_t All = 31;
} // namespace zooscope::proto::Permission
