#include "Authentication.h"

#include <QCryptographicHash>

#include <algorithm>

namespace zooscope::server {

QByteArray digestOf(const QByteArray &userAndPassword)
{
    const qsizetype colon = userAndPassword.indexOf(':');
    const QByteArray user = colon < 0 ? userAndPassword : userAndPassword.left(colon);
    return user + ':' + QCryptographicHash::hash(userAndPassword, QCryptographicHash::Sha1).toBase64();
}

namespace {

// Parses "a.b.c.d" or "a.b.c.d/bits" (and IPv6 likewise) into a subnet.
std::optional<QPair<QHostAddress, int>> parseIpExpression(const QByteArray &expression)
{
    const QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(QString::fromLatin1(expression));
    if (subnet.first.isNull())
        return std::nullopt;
    if (!expression.contains('/')) {
        const int bits = subnet.first.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32;
        QHostAddress address(QString::fromLatin1(expression));
        if (address.isNull())
            return std::nullopt;
        return QPair<QHostAddress, int>(address, bits);
    }
    return subnet;
}

bool ipMatches(const QByteArray &clientAddress, const QByteArray &aclExpression)
{
    const auto subnet = parseIpExpression(aclExpression);
    const QHostAddress client(QString::fromLatin1(clientAddress));
    if (!subnet || client.isNull())
        return false;
    return client.isInSubnet(subnet->first, subnet->second);
}

// Apache ZooKeeper accepts a sasl id that parses as a Kerberos name: a plain name, or
// name[/host]@realm with no further '/' or '@'.
bool isKerberosName(const QByteArray &name)
{
    const qsizetype at = name.indexOf('@');
    if (at < 0)
        return true;
    const QByteArray realm = name.mid(at + 1);
    const QByteArray principal = name.left(at);
    return !realm.contains('@') && !realm.contains('/') && principal.count('/') <= 1;
}

bool isValidId(const proto::Id &id, bool saslScheme)
{
    if (id.scheme == "digest")
        return id.id.contains(':');
    if (id.scheme == "ip")
        return parseIpExpression(id.id).has_value();
    if (id.scheme == "sasl")
        return saslScheme && isKerberosName(id.id);
    if (id.scheme == "x509")
        return id.id.contains('='); // a distinguished name, as X500Principal accepts it
    return false;
}

bool isAuthenticatingScheme(const QByteArray &scheme, bool saslScheme)
{
    // ZooKeeper's ip provider is not "authenticated", so "auth" never expands to it.
    return scheme == "digest" || scheme == "x509" || (saslScheme && scheme == "sasl");
}

} // namespace

std::optional<AuthIds> authenticate(const QByteArray &scheme, const QByteArray &credentials,
                                    const QHostAddress &peer, const QByteArray &superDigest,
                                    const AuthIds &certificateIds)
{
    if (scheme == "digest") {
        const QByteArray digest = digestOf(credentials);
        AuthIds ids;
        if (!superDigest.isEmpty() && digest == superDigest)
            ids.push_back({"super", ""});
        ids.push_back({"digest", digest});
        return ids;
    }
    if (scheme == "ip")
        return AuthIds{{"ip", peer.toString().toLatin1()}};
    // Like Apache's provider, x509 re-proves the certificate of the connection; without one it fails.
    if (scheme == "x509" && !certificateIds.empty())
        return certificateIds;
    return std::nullopt;
}

AuthIds certificateAuthIds(const QByteArray &subject, const QByteArray &x509SuperUser)
{
    AuthIds ids;
    if (!x509SuperUser.isEmpty() && subject == x509SuperUser)
        ids.push_back({"super", subject});
    ids.push_back({"x509", subject});
    return ids;
}

bool isPermitted(const proto::AclList &acl, std::int32_t permission, const AuthIds &ids)
{
    if (acl.empty())
        return true;
    for (const proto::Id &id : ids) {
        if (id.scheme == "super")
            return true;
    }
    for (const proto::Acl &entry : acl) {
        if ((entry.perms & permission) == 0)
            continue;
        if (entry.id.scheme == "world" && entry.id.id == "anyone")
            return true;
        for (const proto::Id &id : ids) {
            if (id.scheme != entry.id.scheme)
                continue;
            if (id.scheme == "digest" && id.id == entry.id.id)
                return true;
            if (id.scheme == "ip" && ipMatches(id.id, entry.id.id))
                return true;
            if (id.scheme == "sasl" && (id.id == entry.id.id || id.id == "super"))
                return true;
            if (id.scheme == "x509" && id.id == entry.id.id)
                return true;
        }
    }
    return false;
}

std::optional<proto::AclList> fixupAcl(const proto::AclList &acl, const AuthIds &ids, bool saslScheme)
{
    proto::AclList unique;
    for (const proto::Acl &entry : acl) {
        if (std::find(unique.begin(), unique.end(), entry) == unique.end())
            unique.push_back(entry);
    }
    if (unique.empty())
        return std::nullopt;
    proto::AclList fixed;
    for (const proto::Acl &entry : unique) {
        if (entry.id.scheme.isNull())
            return std::nullopt;
        if (entry.id.scheme == "world" && entry.id.id == "anyone") {
            fixed.push_back(entry);
        } else if (entry.id.scheme == "auth") {
            bool expanded = false;
            for (const proto::Id &id : ids) {
                if (isAuthenticatingScheme(id.scheme, saslScheme)) {
                    fixed.push_back({entry.perms, id});
                    expanded = true;
                }
            }
            if (!expanded)
                return std::nullopt;
        } else {
            if (!isValidId(entry.id, saslScheme))
                return std::nullopt;
            fixed.push_back(entry);
        }
    }
    return fixed;
}

QByteArray userNameOf(const proto::Id &id)
{
    if (id.scheme == "digest") {
        const qsizetype colon = id.id.indexOf(':');
        return colon < 0 ? id.id : id.id.left(colon);
    }
    return id.id;
}

} // namespace zooscope::server
