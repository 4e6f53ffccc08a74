#pragma once
// Client writes into a live ensemble for the fault controls: setData on one classroom znode
// (created on first use), through a chosen member's client port or through the whole connect
// string. Writes are asynchronous and bounded: beyond MaxOutstanding unanswered writes a request
// is refused rather than queued, so a high rate never piles up behind a dead member.

#include "client/ZooKeeperClient.h"
#include "quorum/Vote.h"

#include <QObject>

#include <map>
#include <memory>

namespace zooscope::ui::ensemble {

class LiveWriteLoad : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaxOutstanding = 500;
    static QString znodePath() { return QStringLiteral("/zooscope-classroom"); }

    explicit LiveWriteLoad(QObject *parent = nullptr);

    // Where member `sid` (NoServer: any member) takes clients.
    void setConnectString(quorum::ServerId sid, const QString &connectString);
    // One write through `via`; false when it cannot be sent now (not connected, too many pending).
    bool write(quorum::ServerId via);
    int acknowledged() const { return m_acknowledged; }
    int failed() const { return m_failed; }

Q_SIGNALS:
    void failing(const QString &message);

private:
    struct Connection
    {
        std::unique_ptr<client::ZooKeeperClient> client;
        bool parentReady = false;
        bool creatingParent = false;
    };
    Connection *connectionFor(quorum::ServerId via);

    std::map<quorum::ServerId, QString> m_connectStrings;
    std::map<quorum::ServerId, Connection> m_connections;
    int m_outstanding = 0;
    int m_acknowledged = 0;
    int m_failed = 0;
    quint64 m_serial = 0;
    bool m_reportedFailure = false;
};

} // namespace zooscope::ui::ensemble
