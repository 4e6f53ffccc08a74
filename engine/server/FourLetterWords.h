#pragma once
// Four-letter-word commands (ruok, srvr, stat, mntr, ...) with Apache ZooKeeper's output formats.

#include <QByteArray>

namespace zooscope::server {

class ZooKeeperService;

class FourLetterWords
{
public:
    explicit FourLetterWords(ZooKeeperService &service) : m_service(service) {}

    static bool isCommand(const QByteArray &word);
    static QByteArray versionString();
    QByteArray run(const QByteArray &word);

private:
    QByteArray serverStatistics() const;
    QByteArray connectionDetails() const;
    QByteArray monitor() const;
    QByteArray configuration() const;
    QByteArray environment() const;
    QByteArray dump() const;
    QByteArray watchSummary() const;
    QByteArray watchesByConnection() const;
    QByteArray watchesByPath() const;

    ZooKeeperService &m_service;
};

} // namespace zooscope::server
