#include "StandaloneServer.h"

#include "server/Log.h"

#include <QElapsedTimer>
#include <QPointer>

namespace zooscope::node {

namespace {
constexpr int StartupSnapshotDelayMs = 1000;
} // namespace

StandaloneServer::StandaloneServer(ZooConfig config, QObject *parent) : QObject(parent), m_config(std::move(config))
{
    m_driver = std::make_unique<server::TcpServerDriver>(m_config.server);
    const storage::DatabaseOptions options = databaseOptions(m_config);
    QPointer<StandaloneServer> self(this);
    m_database = std::make_unique<storage::Database>(options, [self](std::int64_t zxid) {
        // Durability is reported on the writer thread; applying happens on ours.
        QMetaObject::invokeMethod(
            self, [self, zxid] {
                if (self)
                    self->service().transactionsDurable(zxid);
            },
            Qt::QueuedConnection);
    });
}

StandaloneServer::~StandaloneServer()
{
    shutdown();
}

bool StandaloneServer::start()
{
    QElapsedTimer timer;
    timer.start();
    server::ZooKeeperService &service = m_driver->service();
    const storage::RestoreResult restored = m_database->restore(service.tree());
    if (!restored.ok) {
        m_error = restored.error;
        return false;
    }
    service.setLastZxid(restored.lastZxid);
    service.restoreSessions(restored.sessionTimeouts);
    server::logInfo(QStringLiteral("Restored %1 znodes, %2 sessions, last zxid 0x%3 (snapshot %4, %5 logged "
                                   "transactions) in %6 ms")
                        .arg(service.tree().nodeCount())
                        .arg(restored.sessionTimeouts.size())
                        .arg(QString::number(restored.lastZxid, 16))
                        .arg(restored.snapshotUsed.isEmpty() ? QStringLiteral("none") : restored.snapshotUsed)
                        .arg(restored.transactionsReplayed)
                        .arg(timer.elapsed()));
    service.setPersistence(m_database.get());
    service.setAppliedObserver([this] {
        m_database->transactionApplied(m_driver->service().tree(), m_driver->service().sessionTimeouts());
    });
    m_database->start();
    // A lone client's write is synced on this thread when it is about to wait anyway: no handoff
    // to the writer thread and back. Bigger rounds still go to the writer (group commit).
    m_database->setHoldSmallBatches(true);
    m_driver->setBeforeWaiting([this] {
        while (const std::optional<std::int64_t> zxid = m_database->commitHeld())
            m_driver->service().transactionsDurable(*zxid);
    });
    // Like ZooKeeper, start from a snapshot of what was restored, so the next start replays less.
    // An empty directory gets its (tiny) snapshot at once; after a replay, the clients reconnecting
    // right after a restart are served first and the snapshot's slices follow a moment later.
    if (restored.snapshotUsed.isEmpty()) {
        m_database->takeSnapshot(service.tree(), service.sessionTimeouts());
    } else if (restored.transactionsReplayed > 0) {
        m_startupSnapshot.setSingleShot(true);
        connect(&m_startupSnapshot, &QTimer::timeout, this, [this] {
            if (!m_database->snapshotInProgress())
                m_database->takeSnapshot(m_driver->service().tree(), m_driver->service().sessionTimeouts());
        });
        m_startupSnapshot.start(StartupSnapshotDelayMs);
    }
    if (m_config.autopurgePurgeIntervalHours > 0) {
        connect(&m_purgeTimer, &QTimer::timeout, this, [this] { m_database->purge(); });
        m_purgeTimer.start(m_config.autopurgePurgeIntervalHours * 3600 * 1000);
        m_database->purge();
    }
    if (!m_driver->listen()) {
        m_error = m_driver->errorString();
        return false;
    }
    return true;
}

void StandaloneServer::shutdown()
{
    if (!m_driver)
        return;
    m_purgeTimer.stop();
    m_driver->shutdown();
    m_database->stop();
    m_database->abandonSnapshot();
    // Stopped before the start-up snapshot began: write it now, so that what was restored is a
    // snapshot on disk after every start, as ZooKeeper's start-up leaves it.
    if (m_startupSnapshot.isActive()) {
        m_startupSnapshot.stop();
        m_database->writeSnapshotNow(m_driver->service().tree(), m_driver->service().sessionTimeouts());
    }
}

} // namespace zooscope::node
