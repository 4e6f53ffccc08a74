#pragma once
// Reads Java's JKS key store format (what `keytool -storetype JKS` writes and ZooKeeper's own docs
// use as ssl.keyStore / ssl.trustStore). Sans-IO: bytes and password in, entries out. Written from
// the published format: magic 0xFEEDFEED, version 1 or 2, private key entries (PKCS#8 key protected
// by Sun's SHA-1 key protector, plus the certificate chain), trusted certificate entries, and a
// trailing SHA-1 digest over password + "Mighty Aphrodite" + contents that proves the password.

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace zooscope::server {

struct JavaKeyStoreKeyEntry
{
    QString alias;
    QByteArray privateKeyInfo;          // decrypted PKCS#8 PrivateKeyInfo, DER
    QList<QByteArray> certificateChain; // DER, the key's own certificate first
};

struct JavaKeyStoreCertificateEntry
{
    QString alias;
    QByteArray certificate; // DER
};

struct JavaKeyStore
{
    std::vector<JavaKeyStoreKeyEntry> keys;
    std::vector<JavaKeyStoreCertificateEntry> trustedCertificates;
};

enum class JavaKeyStoreError {
    None,
    NotJavaKeyStore,  // no 0xFEEDFEED magic
    Jceks,            // 0xCECECECE: Sun's JCEKS, which ZooScope does not read
    Malformed,        // truncated or inconsistent contents
    WrongPassword,    // the integrity digest does not match the store password
    WrongKeyPassword, // a key's check digest does not match (the key has its own password)
};

struct JavaKeyStoreResult
{
    std::optional<JavaKeyStore> store;
    JavaKeyStoreError error = JavaKeyStoreError::None;
    QString detail; // what was wrong, in words, without file or setting names
};

// True when `bytes` start with JKS's magic number.
bool hasJavaKeyStoreMagic(const QByteArray &bytes);

// `decryptKeys` false (a trust store): private key entries are listed without their key, and an
// empty password skips the integrity check, as Java does when a store is loaded without password.
JavaKeyStoreResult parseJavaKeyStore(const QByteArray &bytes, const QString &password, bool decryptKeys);

} // namespace zooscope::server
