#pragma once
// One standalone member: the client server (TCP driver + service) on top of durable storage.
// Restores the data directory before it listens; writes are acknowledged once fsynced.

#include "ZooConfig.h"
#include "server/TcpServerDriver.h"
#include "storage/Database.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace zooscope::node {

class StandaloneServer : public QObject
{
    Q_OBJECT

public:
    explicit StandaloneServer(ZooConfig config, QObject *parent = nullptr);
    ~StandaloneServer() override;

    // Restores the data directory and listens; false with errorString() if either fails.
    bool start();
    void shutdown();
    QString errorString() const { return m_error; }
    quint16 port() const { return m_driver->port(); }
    quint16 securePort() const { return m_driver->securePort(); }
    server::ZooKeeperService &service() { return m_driver->service(); }

private:
    ZooConfig m_config;
    std::unique_ptr<server::TcpServerDriver> m_driver;
    std::unique_ptr<storage::Database> m_database;
    QTimer m_purgeTimer;
    QTimer m_startupSnapshot;
    QString m_error;
};

} // namespace zooscope::node
