#include "Transaction.h"

namespace zooscope::proto {

namespace {

QByteArray encodeSingle(const SingleTxnBody &body)
{
    return std::visit(
        [](const auto &record) -> QByteArray {
            using Record = std::decay_t<decltype(record)>;
            if constexpr (std::is_same_v<Record, std::monostate>)
                return {};
            else
                return serialize(record);
        },
        body);
}

template <typename Record>
bool decodeAs(JuteReader &reader, SingleTxnBody &body)
{
    Record record;
    reader(record);
    body = std::move(record);
    return !reader.failed();
}

bool decodeSingle(std::int32_t type, JuteReader &reader, SingleTxnBody &body)
{
    switch (type) {
    case OpCode::Create:
    case OpCode::Create2:
        return decodeAs<CreateTxn>(reader, body);
    case OpCode::CreateContainer:
        return decodeAs<CreateContainerTxn>(reader, body);
    case OpCode::CreateTtl:
        return decodeAs<CreateTtlTxn>(reader, body);
    case OpCode::Delete:
    case OpCode::DeleteContainer:
        return decodeAs<DeleteTxn>(reader, body);
    case OpCode::SetData:
    case OpCode::Reconfig:
        return decodeAs<SetDataTxn>(reader, body);
    case OpCode::Check:
        return decodeAs<CheckVersionTxn>(reader, body);
    case OpCode::SetAcl:
        return decodeAs<SetAclTxn>(reader, body);
    case OpCode::CreateSession:
        return decodeAs<CreateSessionTxn>(reader, body);
    case OpCode::CloseSession:
        // Older servers wrote closeSession without a body.
        if (reader.atEnd()) {
            body = std::monostate{};
            return true;
        }
        return decodeAs<CloseSessionTxn>(reader, body);
    case OpCode::Error:
        return decodeAs<ErrorTxn>(reader, body);
    default:
        return false;
    }
}

} // namespace

QByteArray encodeTxnBody(const Transaction &transaction)
{
    if (transaction.header.type != OpCode::Multi)
        return encodeSingle(transaction.body);
    MultiTxn multi;
    multi.txns.reserve(transaction.multi.txns.size());
    for (const SubTxn &sub : transaction.multi.txns)
        multi.txns.push_back({sub.type, encodeSingle(sub.body)});
    return serialize(multi);
}

bool decodeTransaction(const QByteArray &headerAndBody, Transaction &transaction)
{
    JuteReader reader(headerAndBody);
    reader(transaction.header);
    if (reader.failed())
        return false;
    if (transaction.header.type != OpCode::Multi)
        return decodeSingle(transaction.header.type, reader, transaction.body);
    MultiTxn multi;
    reader(multi);
    if (reader.failed())
        return false;
    transaction.multi.txns.clear();
    for (const Txn &txn : multi.txns) {
        SubTxn sub{txn.type, {}};
        JuteReader subReader(txn.data);
        if (!decodeSingle(txn.type, subReader, sub.body))
            return false;
        transaction.multi.txns.push_back(std::move(sub));
    }
    return true;
}

} // namespace zooscope::proto
