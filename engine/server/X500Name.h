#pragma once
// Distinguished names of X.509 certificates printed as Java's X500Principal.getName() does
// (RFC 2253: last RDN first, "," between RDNs, "+" inside one, special characters escaped, known
// keywords CN, C, L, ST, O, OU, STREET, DC, UID by name and other attributes as OID=#hex of the
// DER value). This string is the id of Apache ZooKeeper's x509 authentication scheme.

#include <QByteArray>

#include <optional>

namespace zooscope::server {

// The subject of a DER-encoded certificate; nullopt when the DER is malformed.
std::optional<QByteArray> rfc2253SubjectOfCertificate(const QByteArray &certificateDer);
// A DER-encoded Name (SEQUENCE OF RelativeDistinguishedName) as RFC 2253 text.
std::optional<QByteArray> rfc2253FromNameDer(const QByteArray &nameDer);

} // namespace zooscope::server
