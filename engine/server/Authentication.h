#pragma once
// Authentication schemes and ACL checks as Apache ZooKeeper's providers do them:
// world (anyone), auth (expands to the caller's ids), digest (user:base64(sha1(user:password))),
// ip (address or CIDR), sasl (the SASL authorization id; only with SASLAuthenticationProvider
// registered), x509 (the RFC 2253 subject of a verified TLS client certificate), and the super user
// from a configured super digest, zookeeper.superUser or the x509 super user.

#include "proto/ErrorCode.h"
#include "proto/Permissions.h"
#include "proto/Records.h"

#include <QHostAddress>

#include <optional>
#include <vector>

namespace zooscope::server {

using AuthIds = std::vector<proto::Id>;

namespace Permission = proto::Permission;

// "user:password" -> "user:base64(sha1(user:password))".
QByteArray digestOf(const QByteArray &userAndPassword);

// Handles an AuthPacket: appends the ids it proves; nullopt means AuthFailed. `certificateIds` are the
// x509 ids of the connection's verified client certificate (empty without one).
std::optional<AuthIds> authenticate(const QByteArray &scheme, const QByteArray &credentials,
                                    const QHostAddress &peer, const QByteArray &superDigest,
                                    const AuthIds &certificateIds = {});

// The ids a verified client certificate proves (X509AuthenticationProvider): x509:<subject>, and
// super when the subject is the configured x509 super user.
AuthIds certificateAuthIds(const QByteArray &subject, const QByteArray &x509SuperUser);

// True when `ids` grant any of the bits in `permission` under `acl`. A sasl id "super" matches every
// sasl entry, as Apache ZooKeeper's SASLAuthenticationProvider has it.
bool isPermitted(const proto::AclList &acl, std::int32_t permission, const AuthIds &ids);

// Validates and expands an ACL for create/setACL (ZooKeeper's fixupACL): duplicates removed,
// "auth" ids replaced by the caller's authenticated ids; nullopt means InvalidACL. The sasl scheme
// is known only when saslScheme (authProvider.N=...SASLAuthenticationProvider).
std::optional<proto::AclList> fixupAcl(const proto::AclList &acl, const AuthIds &ids, bool saslScheme);

// The user name whoAmI reports for an id.
QByteArray userNameOf(const proto::Id &id);

} // namespace zooscope::server
