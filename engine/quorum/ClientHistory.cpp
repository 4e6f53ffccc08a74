#include "ClientHistory.h"

#include <algorithm>

namespace zooscope::quorum {

int ClientHistory::invoke(ClientOperation::Kind kind, ServerId via, qint64 nowMs, const QByteArray &payload)
{
    m_operations.push_back(ClientOperation{kind, via, nowMs, std::nullopt, 0, payload});
    return int(m_operations.size()) - 1;
}

void ClientHistory::complete(int operation, qint64 nowMs, Zxid zxid)
{
    ClientOperation &target = m_operations.at(std::size_t(operation));
    if (target.completedMs)
        return;
    target.completedMs = nowMs;
    target.zxid = zxid;
}

std::size_t ClientHistory::completedCount() const
{
    return std::size_t(std::count_if(m_operations.begin(), m_operations.end(),
                                     [](const ClientOperation &operation) { return operation.completedMs.has_value(); }));
}

QString ClientHistory::check() const
{
    std::vector<const ClientOperation *> completed;
    for (const ClientOperation &operation : m_operations) {
        if (operation.completedMs)
            completed.push_back(&operation);
    }
    // Walk operations by start time, keeping the highest zxid of everything that had completed
    // strictly before: a write must go past it, a read must reach it.
    std::vector<const ClientOperation *> byCompletion = completed;
    std::sort(completed.begin(), completed.end(),
              [](const auto *a, const auto *b) { return a->invokedMs < b->invokedMs; });
    std::sort(byCompletion.begin(), byCompletion.end(),
              [](const auto *a, const auto *b) { return *a->completedMs < *b->completedMs; });
    std::size_t done = 0;
    Zxid highest = 0;
    const ClientOperation *highestBy = nullptr;
    for (const ClientOperation *operation : completed) {
        while (done < byCompletion.size() && *byCompletion[done]->completedMs < operation->invokedMs) {
            if (byCompletion[done]->zxid > highest) {
                highest = byCompletion[done]->zxid;
                highestBy = byCompletion[done];
            }
            ++done;
        }
        const bool write = operation->kind == ClientOperation::Kind::Write;
        if ((write && operation->zxid <= highest) || (!write && operation->zxid < highest)) {
            return QStringLiteral("%1 through member %2 started at %3 ms and got zxid 0x%4, but %5 through member %6 "
                                  "had completed at %7 ms with zxid 0x%8")
                .arg(write ? QStringLiteral("write") : QStringLiteral("sync+read"))
                .arg(operation->via)
                .arg(operation->invokedMs)
                .arg(QString::number(operation->zxid, 16))
                .arg(highestBy->kind == ClientOperation::Kind::Write ? QStringLiteral("a write") : QStringLiteral("a sync+read"))
                .arg(highestBy->via)
                .arg(*highestBy->completedMs)
                .arg(QString::number(highest, 16));
        }
    }
    return {};
}

} // namespace zooscope::quorum
