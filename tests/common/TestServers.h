#pragma once
// Both reference servers for a test case: zooscope-server and Apache ZooKeeper 3.8, started side by
// side on free ports in initTestCase and stopped (only these) when the object goes away. A server
// that cannot start is recorded as a reason, so that its rows fail (never skip) with that reason.

#include "ServerProcess.h"

#include <QTest>

#include <map>
#include <memory>

namespace zooscope::testing {

class TestServers
{
public:
    explicit TestServers(QString serverBinary)
        : m_serverBinary(std::move(serverBinary))
    {
    }

    static QStringList kinds() { return {QStringLiteral("zooscope"), QStringLiteral("apache")}; }

    // For initTestCase_data(): a global "server" row per kind, so every test runs against each.
    static void addServerRows()
    {
        QTest::addColumn<QString>("server");
        for (const QString &kind : kinds())
            QTest::newRow(qPrintable(kind)) << kind;
    }

    void startAll(int readyTimeoutMs = 60000)
    {
        for (const QString &kind : kinds()) {
            auto process = std::make_unique<ServerProcess>(kind, m_serverBinary);
            QString problem = process->unavailableReason();
            if (problem.isEmpty())
                process->start(&problem);
            if (!problem.isEmpty())
                m_unavailable[kind] = problem;
            m_servers[kind] = std::move(process);
        }
        for (auto &[kind, process] : m_servers) {
            QString problem;
            if (!m_unavailable.count(kind) && !process->waitUntilReady(readyTimeoutMs, &problem))
                m_unavailable[kind] = problem;
        }
    }

    void stopAll()
    {
        for (auto &[kind, process] : m_servers)
            process->stop();
    }

    // Empty when the server of that kind is serving.
    QString unavailableReason(const QString &kind) const
    {
        const auto found = m_unavailable.find(kind);
        return found == m_unavailable.end() ? QString() : found->second;
    }

    ServerProcess &server(const QString &kind) { return *m_servers.at(kind); }

private:
    QString m_serverBinary;
    std::map<QString, std::unique_ptr<ServerProcess>> m_servers;
    std::map<QString, QString> m_unavailable;
};

} // namespace zooscope::testing
