#include "ConnectString.h"

#include "proto/PathValidation.h"

#include <QCoreApplication>

namespace zooscope::client {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("zooscope::client::ConnectString", text);
}

std::optional<ServerAddress> parseServer(const QString &entry, QString *error)
{
    ServerAddress address;
    QString portText;
    if (entry.startsWith(u'[')) {
        const qsizetype close = entry.indexOf(u']');
        if (close < 0) {
            *error = tr("missing ']' in \"%1\"").arg(entry);
            return std::nullopt;
        }
        address.host = entry.mid(1, close - 1);
        const QString rest = entry.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(u':')) {
                *error = tr("unexpected text after ']' in \"%1\"").arg(entry);
                return std::nullopt;
            }
            portText = rest.mid(1);
        }
    } else if (entry.count(u':') > 1) {
        address.host = entry; // a bare IPv6 address: no port
    } else {
        const qsizetype colon = entry.indexOf(u':');
        address.host = colon < 0 ? entry : entry.left(colon);
        if (colon >= 0)
            portText = entry.mid(colon + 1);
    }
    if (address.host.isEmpty()) {
        *error = tr("missing host name in \"%1\"").arg(entry);
        return std::nullopt;
    }
    if (!portText.isNull()) {
        bool ok = false;
        const uint port = portText.toUInt(&ok);
        if (!ok || port == 0 || port > 65535) {
            *error = tr("invalid port \"%1\" in \"%2\"").arg(portText, entry);
            return std::nullopt;
        }
        address.port = quint16(port);
    }
    return address;
}
} // namespace

QString ServerAddress::toString() const
{
    return host.contains(u':') ? QStringLiteral("[%1]:%2").arg(host).arg(port)
                               : QStringLiteral("%1:%2").arg(host).arg(port);
}

std::optional<ConnectString> ConnectString::parse(const QString &text, QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    const QString trimmed = text.trimmed();
    const qsizetype slash = trimmed.indexOf(u'/');
    const QString hostList = slash < 0 ? trimmed : trimmed.left(slash);

    ConnectString result;
    if (slash >= 0) {
        const QString chroot = trimmed.mid(slash);
        const QString problem = proto::pathValidationError(chroot.toUtf8());
        if (!problem.isEmpty()) {
            message = tr("invalid chroot \"%1\": %2").arg(chroot, problem);
            return std::nullopt;
        }
        if (chroot != QLatin1String("/"))
            result.m_chroot = chroot;
    }
    if (hostList.trimmed().isEmpty()) {
        message = tr("no server given");
        return std::nullopt;
    }
    for (const QString &part : hostList.split(u',')) {
        const QString entry = part.trimmed();
        if (entry.isEmpty()) {
            message = tr("empty server entry in \"%1\"").arg(hostList);
            return std::nullopt;
        }
        const std::optional<ServerAddress> address = parseServer(entry, &message);
        if (!address)
            return std::nullopt;
        result.m_servers.append(*address);
    }
    return result;
}

QByteArray ConnectString::toServerPath(const QString &clientPath) const
{
    if (m_chroot.isEmpty())
        return clientPath.toUtf8();
    if (clientPath == QLatin1String("/"))
        return m_chroot.toUtf8();
    return (m_chroot + clientPath).toUtf8();
}

std::optional<QString> ConnectString::toClientPath(const QByteArray &serverPath) const
{
    const QString path = QString::fromUtf8(serverPath);
    if (m_chroot.isEmpty())
        return path;
    if (path == m_chroot)
        return QStringLiteral("/");
    // "/app" must not claim "/apple": the chroot ends at a segment boundary.
    if (path.size() > m_chroot.size() && path.startsWith(m_chroot) && path.at(m_chroot.size()) == u'/')
        return path.mid(m_chroot.size());
    return std::nullopt;
}

} // namespace zooscope::client
