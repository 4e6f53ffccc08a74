#include "KerberosName.h"

#include <QFile>
#include <QList>

namespace zooscope::server {

QByteArray saslIdForPrincipal(const QByteArray &principal, const KerberosNameRules &rules)
{
    // Java's KerberosName pattern: first[/host]@realm, none of the parts holding '/' or '@'.
    const qsizetype at = principal.indexOf('@');
    if (at < 0)
        return principal;
    const QByteArray name = principal.left(at);
    const QByteArray realm = principal.mid(at + 1);
    if (realm.contains('@') || realm.contains('/') || name.count('/') > 1)
        return principal; // not a Kerberos name: Apache leaves the id as the client gave it
    const qsizetype slash = name.indexOf('/');
    const QByteArray first = slash < 0 ? name : name.left(slash);
    if (realm != rules.defaultRealm)
        return principal; // the DEFAULT rule maps only names of the default realm
    QByteArray id = first;
    if (slash >= 0 && !rules.removeHost)
        id += '/' + name.mid(slash + 1);
    if (!rules.removeRealm)
        id += '@' + realm;
    return id;
}

QByteArray krb5DefaultRealm(const QByteArray &krb5Conf)
{
    bool inLibdefaults = false;
    int braceDepth = 0;
    for (QByteArray line : krb5Conf.split('\n')) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith('#') || line.startsWith(';'))
            continue;
        if (line.startsWith('[')) {
            inLibdefaults = line.startsWith("[libdefaults]");
            braceDepth = 0;
            continue;
        }
        braceDepth += int(line.count('{')) - int(line.count('}'));
        const qsizetype equals = line.indexOf('=');
        if (!inLibdefaults || braceDepth > 0 || equals < 0)
            continue;
        if (line.left(equals).trimmed() == "default_realm")
            return line.mid(equals + 1).trimmed();
    }
    return {};
}

QByteArray processDefaultRealm()
{
    QList<QByteArray> files = qgetenv("KRB5_CONFIG").split(':');
    files.append("/etc/krb5.conf");
    for (const QByteArray &path : std::as_const(files)) {
        QFile file(QString::fromLocal8Bit(path));
        if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray realm = krb5DefaultRealm(file.readAll());
        if (!realm.isEmpty())
            return realm;
    }
    return {};
}

} // namespace zooscope::server
