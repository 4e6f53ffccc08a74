#pragma once
// The sasl id Apache ZooKeeper grants for an authenticated SASL user (SaslServerCallbackHandler with
// its KerberosName under the "DEFAULT" auth_to_local rule): a principal "first/host@REALM" becomes
// "first" when REALM is the default realm, then "/host" and "@REALM" are put back unless
// zookeeper.kerberos.removeHostFromPrincipal / removeRealmFromPrincipal are true. A principal of
// another realm matches no rule and is kept whole; a name without '@' (a DIGEST-MD5 user) is kept.

#include <QByteArray>
#include <QString>

namespace zooscope::server {

struct KerberosNameRules
{
    QByteArray defaultRealm; // krb5.conf [libdefaults] default_realm; empty when unknown
    bool removeHost = false;
    bool removeRealm = false;
};

QByteArray saslIdForPrincipal(const QByteArray &principal, const KerberosNameRules &rules);

// default_realm of the [libdefaults] section of a krb5.conf text; empty when it has none.
QByteArray krb5DefaultRealm(const QByteArray &krb5Conf);

// The default realm as MIT Kerberos finds it for this process: the first file of KRB5_CONFIG (a
// colon-separated list) that names one, else /etc/krb5.conf.
QByteArray processDefaultRealm();

} // namespace zooscope::server
