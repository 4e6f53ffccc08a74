#pragma once
// A ZooKeeper connect string: "host1:port1,host2:port2/chroot". Hosts may be names, IPv4
// addresses or bracketed IPv6 addresses ("[::1]:2181"); a missing port means 2181. The chroot,
// when present, is a valid absolute path other than "/", and every path the client sends is
// resolved below it.

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace zooscope::client {

struct ServerAddress
{
    QString host;
    quint16 port = 2181;

    QString toString() const;
    bool operator==(const ServerAddress &) const = default;
};

class ConnectString
{
public:
    // nullopt with *error set when the string is malformed.
    static std::optional<ConnectString> parse(const QString &text, QString *error = nullptr);

    const QList<ServerAddress> &servers() const { return m_servers; }
    // Empty when there is no chroot.
    const QString &chroot() const { return m_chroot; }

    // Client path -> the path the server sees ("/" is the chroot itself).
    QByteArray toServerPath(const QString &clientPath) const;
    // Server path -> client path; nullopt when the path lies outside the chroot.
    std::optional<QString> toClientPath(const QByteArray &serverPath) const;

private:
    QList<ServerAddress> m_servers;
    QString m_chroot;
};

} // namespace zooscope::client
