#pragma once
// A prepared write: the TxnHeader and its typed body. This is what the write path hands to
// persistence (and, in an ensemble, to ZAB) between "prepared" and "applied".

#include "OpCode.h"
#include "Records.h"

#include <variant>

namespace zooscope::proto {

using SingleTxnBody = std::variant<std::monostate, CreateTxn, CreateContainerTxn, CreateTtlTxn, DeleteTxn,
                                   SetDataTxn, CheckVersionTxn, SetAclTxn, CreateSessionTxn,
                                   CloseSessionTxn, ErrorTxn>;

struct SubTxn
{
    std::int32_t type = 0;
    SingleTxnBody body;
    bool operator==(const SubTxn &) const = default;
};

struct MultiTxnBody
{
    std::vector<SubTxn> txns;
    bool operator==(const MultiTxnBody &) const = default;
};

struct Transaction
{
    TxnHeader header;
    SingleTxnBody body;
    MultiTxnBody multi; // used when header.type == OpCode::Multi
    bool operator==(const Transaction &) const = default;
};

// Jute encoding of a transaction body as ZooKeeper writes it in the log (without the header).
QByteArray encodeTxnBody(const Transaction &transaction);
// Decodes header + body bytes; false on malformed input or an unknown type.
bool decodeTransaction(const QByteArray &headerAndBody, Transaction &transaction);

} // namespace zooscope::proto
