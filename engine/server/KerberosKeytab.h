#pragma once
// The principals of a Kerberos keytab file (MIT format, version 0x0502, big-endian), so that the server
// can say at start-up that its keytab has no key for the principal of its JAAS section, instead of
// failing every GSSAPI login later.

#include <QByteArray>
#include <QStringList>

#include <optional>

namespace zooscope::server {

// "service/host@REALM" for each entry, in file order (repeated for each key); nullopt with *error when
// the contents are not a keytab of version 0x0502.
std::optional<QStringList> keytabPrincipals(const QByteArray &contents, QString *error);

// Whether a keytab's principals hold `principal`; a principal written without "@REALM" matches any realm.
bool keytabHolds(const QStringList &principals, const QString &principal);

} // namespace zooscope::server
