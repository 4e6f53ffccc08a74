#pragma once
// Four-letter-word commands (ruok, srvr, stat, mntr, ...) with Apache ZooKeeper's output formats.

#include <QByteArray>
#include <QString>

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
    QString dataVersionDirectory() const;
    QString logVersionDirectory() const;
    QByteArray connectionDetails(bool brief) const;
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
