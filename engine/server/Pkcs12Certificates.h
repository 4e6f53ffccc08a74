#pragma once
// Reads every certificate of a PKCS12 file with OpenSSL's libcrypto, also from a store of
// certificates only: Java's truststores (`keytool -importcert -storetype PKCS12`, whose certificates
// carry Java's trusted-key-usage bag attribute) and `openssl pkcs12 -export -nokeys`. Qt's
// QSslCertificate::importPkcs12 cannot, because it needs a private key. Sans-IO: bytes in, DER out.

#include <QByteArray>
#include <QList>
#include <QString>

namespace zooscope::server {

enum class Pkcs12Error {
    None,
    NotPkcs12,     // not a DER PFX
    WrongPassword, // the MAC does not match the password
    Unreadable,    // a bag could not be decrypted or decoded
};

struct Pkcs12Certificates
{
    QList<QByteArray> certificates; // DER, the key's certificate (if any) first
    Pkcs12Error error = Pkcs12Error::None;
    QString detail; // OpenSSL's reason, for the error message
};

Pkcs12Certificates readPkcs12Certificates(const QByteArray &bytes, const QString &password);

} // namespace zooscope::server
