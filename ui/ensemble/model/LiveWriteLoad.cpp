#include "LiveWriteLoad.h"

namespace zooscope::ui::ensemble {

LiveWriteLoad::LiveWriteLoad(QObject *parent)
    : QObject(parent)
{
}

void LiveWriteLoad::setConnectString(quorum::ServerId sid, const QString &connectString)
{
    if (m_connectStrings[sid] == connectString)
        return;
    m_connectStrings[sid] = connectString;
    m_connections.erase(sid);
}

LiveWriteLoad::Connection *LiveWriteLoad::connectionFor(quorum::ServerId via)
{
    const auto address = m_connectStrings.find(via);
    if (address == m_connectStrings.end())
        return nullptr;
    Connection &connection = m_connections[via];
    if (!connection.client) {
        connection.client = std::make_unique<client::ZooKeeperClient>();
        if (!connection.client->open(address->second)) {
            m_connections.erase(via);
            return nullptr;
        }
    }
    return &connection;
}

bool LiveWriteLoad::write(quorum::ServerId via)
{
    Connection *connection = connectionFor(via);
    if (!connection || !connection->client->isConnected() || m_outstanding >= MaxOutstanding)
        return false;
    client::ZooKeeperClient *client = connection->client.get();
    if (!connection->parentReady) {
        if (!connection->creatingParent) {
            connection->creatingParent = true;
            // Exists already is fine too; either way setData can follow.
            client->create(znodePath(), {}, client::openAclUnsafe(), client::CreateMode::Persistent,
                           client::guarded<client::CreateResult>(this, [this, via](const auto &) {
                               const auto found = m_connections.find(via);
                               if (found != m_connections.end())
                                   found->second.parentReady = true;
                           }));
        }
        return false;
    }
    ++m_outstanding;
    const QByteArray payload = QByteArray::number(++m_serial);
    client->setData(znodePath(), payload, -1, client::guarded<client::Stat>(this, [this](const client::Result<client::Stat> &result) {
        --m_outstanding;
        if (result.ok()) {
            ++m_acknowledged;
            m_reportedFailure = false;
            return;
        }
        ++m_failed;
        if (!m_reportedFailure) {
            m_reportedFailure = true; // once per run of failures, not once per write
            Q_EMIT failing(tr("Client writes are failing (error %1).").arg(int(result.error)));
        }
    }));
    return true;
}

} // namespace zooscope::ui::ensemble
