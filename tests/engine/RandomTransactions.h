#pragma once
// Valid random write transactions against a live tree, as the request preparer would prepare
// them: creates (persistent, ephemeral, null or sized data, three ACLs), setData and setACL with
// the next version, deletes of leaves, session closes and multis. For property tests of the
// tree's bookkeeping and of snapshots.

#include "tree/DataTree.h"

#include <QRandomGenerator>

namespace zooscope::testing {

class RandomTransactions
{
public:
    explicit RandomTransactions(quint32 seed) : m_random(seed) {}

    // The sessions open now, as a server would pass them to a snapshot. Three are open from the
    // start; a closed one is replaced by a new session with a CreateSession transaction.
    QHash<std::int64_t, std::int32_t> liveSessions() const
    {
        QHash<std::int64_t, std::int32_t> sessions;
        for (const std::int64_t session : m_sessions)
            sessions.insert(session, 30000);
        return sessions;
    }

    proto::Transaction next(const tree::DataTree &tree, std::int64_t zxid)
    {
        proto::Transaction transaction;
        if (m_sessionToCreate != 0) {
            transaction.header = {m_sessionToCreate, 0, zxid, 1000 + zxid, proto::OpCode::CreateSession};
            transaction.body = proto::CreateSessionTxn{30000};
            m_sessionToCreate = 0;
            return transaction;
        }
        const qsizetype sessionIndex = m_random.bounded(quint32(m_sessions.size()));
        const std::int64_t session = m_sessions[sessionIndex];
        transaction.header = {session, std::int32_t(zxid), zxid, 1000 + zxid, 0};
        const int roll = int(m_random.bounded(100));
        if (roll < 3) {
            transaction.header.type = proto::OpCode::CloseSession;
            const QSet<QByteArray> owned = tree.ephemeralsOf(session);
            transaction.body = proto::CloseSessionTxn{std::vector<QByteArray>(owned.begin(), owned.end())};
            m_sessionToCreate = m_nextSession++;
            m_sessions[sessionIndex] = m_sessionToCreate;
            return transaction;
        }
        if (roll < 8) {
            transaction.header.type = proto::OpCode::Multi;
            const QByteArray path = newChildPath(tree);
            transaction.multi.txns.push_back({proto::OpCode::Create, createBody(tree, path, false)});
            transaction.multi.txns.push_back({proto::OpCode::SetData, proto::SetDataTxn{path, randomData(), 1}});
            return transaction;
        }
        const QByteArray existing = existingPath(tree);
        const tree::DataNode *node = existing.isEmpty() ? nullptr : tree.find(existing);
        if (node && roll < 35) {
            transaction.header.type = proto::OpCode::SetData;
            transaction.body = proto::SetDataTxn{existing, randomData(), node->stat().version + 1};
        } else if (node && roll < 45) {
            transaction.header.type = proto::OpCode::SetAcl;
            transaction.body = proto::SetAclTxn{existing, randomAcl(), node->stat().aversion + 1};
        } else if (node && roll < 60 && node->childCount() == 0) {
            transaction.header.type = proto::OpCode::Delete;
            transaction.body = proto::DeleteTxn{existing};
        } else {
            transaction.header.type = proto::OpCode::Create;
            const QByteArray path = newChildPath(tree);
            transaction.body = createBody(tree, path, m_random.bounded(5) == 0);
        }
        return transaction;
    }

private:
    QByteArray randomData()
    {
        const int length = int(m_random.bounded(6)) == 0 ? -1 : int(m_random.bounded(300));
        if (length < 0)
            return QByteArray(); // null, not just empty
        QByteArray data(length, Qt::Uninitialized);
        for (char &byte : data)
            byte = char(m_random.bounded(256));
        return data;
    }

    proto::AclList randomAcl()
    {
        switch (m_random.bounded(3)) {
        case 0: return {{31, {"world", "anyone"}}};
        case 1: return {{1, {"digest", "reader:abc="}}, {31, {"digest", "admin:xyz="}}};
        default: return {{3, {"ip", "127.0.0.1"}}};
        }
    }

    // A random path this generator created that still exists and is not ephemeral, or "".
    QByteArray existingPath(const tree::DataTree &tree)
    {
        for (int attempt = 0; attempt < 8 && !m_paths.empty(); ++attempt) {
            const QByteArray &path = m_paths[m_random.bounded(quint32(m_paths.size()))];
            if (tree.find(path))
                return path;
        }
        return {};
    }

    QByteArray newChildPath(const tree::DataTree &tree)
    {
        QByteArray parent = existingPath(tree);
        const tree::DataNode *parentNode = parent.isEmpty() ? nullptr : tree.find(parent);
        if (!parentNode || parentNode->ephemeralOwner() != 0 || parent.count('/') > 4)
            parent = "/";
        const QByteArray path = (parent == "/" ? QByteArray() : parent) + "/n" + QByteArray::number(m_nextName++);
        m_paths.push_back(path);
        return path;
    }

    proto::CreateTxn createBody(const tree::DataTree &tree, const QByteArray &path, bool ephemeral)
    {
        const qsizetype slash = path.lastIndexOf('/');
        const tree::DataNode *parent = tree.find(slash == 0 ? QByteArray("/") : path.left(slash));
        const std::int32_t parentCVersion = parent ? parent->stat().cversion + 1 : 1;
        return proto::CreateTxn{path, randomData(), randomAcl(), ephemeral, parentCVersion};
    }

    QRandomGenerator m_random;
    std::vector<std::int64_t> m_sessions{1, 2, 3};
    std::int64_t m_nextSession = 4;
    std::int64_t m_sessionToCreate = 0;
    std::vector<QByteArray> m_paths;
    int m_nextName = 0;
};

} // namespace zooscope::testing
