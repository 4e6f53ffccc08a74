#include "JavaKeyStore.h"

#include <QCryptographicHash>

namespace zooscope::server {

namespace {

constexpr quint32 JksMagic = 0xFEEDFEEDu;
constexpr quint32 JceksMagic = 0xCECECECEu;
constexpr int Sha1Length = 20;
// Sun's key protector, 1.3.6.1.4.1.42.2.17.1.1, as DER contents of the OBJECT IDENTIFIER.
const QByteArray KeyProtectorOid = QByteArray::fromHex("2b060104012a02110101");

// Reads big-endian fields and stops for good at the first read past the end.
class Reader
{
public:
    explicit Reader(QByteArrayView bytes)
        : m_bytes(bytes)
    {
    }

    bool failed() const { return m_failed; }
    qsizetype position() const { return m_position; }

    quint64 number(int width)
    {
        if (!has(width))
            return 0;
        quint64 value = 0;
        for (int i = 0; i < width; ++i)
            value = (value << 8) | quint8(m_bytes[m_position + i]);
        m_position += width;
        return value;
    }
    QByteArray bytes(quint64 length)
    {
        if (!has(length))
            return {};
        const QByteArray result = m_bytes.sliced(m_position, qsizetype(length)).toByteArray();
        m_position += qsizetype(length);
        return result;
    }
    // Java's DataOutput.writeUTF: a 16-bit length and (modified) UTF-8.
    QString utf() { return QString::fromUtf8(bytes(number(2))); }

private:
    bool has(quint64 length)
    {
        if (m_failed || length > quint64(m_bytes.size() - m_position)) {
            m_failed = true;
            return false;
        }
        return true;
    }

    QByteArrayView m_bytes;
    qsizetype m_position = 0;
    bool m_failed = false;
};

// Java hashes passwords as their UTF-16 code units, big-endian.
QByteArray utf16BigEndian(const QString &password)
{
    QByteArray result;
    result.reserve(password.size() * 2);
    for (const QChar character : password) {
        result.append(char(character.unicode() >> 8));
        result.append(char(character.unicode() & 0xff));
    }
    return result;
}

QByteArray sha1(const QByteArray &first, const QByteArray &second)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(first);
    hash.addData(second);
    return hash.result();
}

// One DER element: tag and contents; false when it does not fit.
bool readDer(QByteArrayView bytes, qsizetype *position, quint8 expectedTag, QByteArrayView *contents)
{
    qsizetype at = *position;
    if (at + 2 > bytes.size() || quint8(bytes[at]) != expectedTag)
        return false;
    quint64 length = quint8(bytes[at + 1]);
    at += 2;
    if (length & 0x80) {
        const int width = int(length & 0x7f);
        if (width == 0 || width > 4 || at + width > bytes.size())
            return false;
        length = 0;
        for (int i = 0; i < width; ++i)
            length = (length << 8) | quint8(bytes[at + i]);
        at += width;
    }
    if (length > quint64(bytes.size() - at))
        return false;
    *contents = bytes.sliced(at, qsizetype(length));
    *position = at + qsizetype(length);
    return true;
}

// EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING }; the octets when the
// algorithm is Sun's key protector.
std::optional<QByteArray> protectedKeyOctets(const QByteArray &encryptedPrivateKeyInfo, QString *detail)
{
    qsizetype position = 0;
    QByteArrayView sequence;
    QByteArrayView algorithm;
    QByteArrayView oid;
    QByteArrayView octets;
    if (!readDer(encryptedPrivateKeyInfo, &position, 0x30, &sequence)) {
        *detail = QStringLiteral("a private key entry is not an EncryptedPrivateKeyInfo");
        return std::nullopt;
    }
    position = 0;
    qsizetype inner = 0;
    if (!readDer(sequence, &position, 0x30, &algorithm) || !readDer(algorithm, &inner, 0x06, &oid) ||
        !readDer(sequence, &position, 0x04, &octets)) {
        *detail = QStringLiteral("a private key entry is not an EncryptedPrivateKeyInfo");
        return std::nullopt;
    }
    if (oid != QByteArrayView(KeyProtectorOid)) {
        *detail = QStringLiteral("a private key is protected by an algorithm other than Sun's JKS key protector");
        return std::nullopt;
    }
    return octets.toByteArray();
}

// Sun's key protector: salt(20) | key XOR keystream | SHA-1(password | key), where the keystream
// is SHA-1(password | salt), then SHA-1(password | previous block), and so on.
std::optional<QByteArray> unprotectKey(const QByteArray &octets, const QByteArray &password)
{
    if (octets.size() < 2 * Sha1Length)
        return std::nullopt;
    const QByteArray salt = octets.first(Sha1Length);
    const QByteArray encrypted = octets.sliced(Sha1Length, octets.size() - 2 * Sha1Length);
    const QByteArray check = octets.last(Sha1Length);
    QByteArray plain(encrypted.size(), Qt::Uninitialized);
    QByteArray block = salt;
    for (qsizetype offset = 0; offset < encrypted.size(); offset += Sha1Length) {
        block = sha1(password, block);
        for (qsizetype i = 0; i < Sha1Length && offset + i < encrypted.size(); ++i)
            plain[offset + i] = char(encrypted[offset + i] ^ block[i]);
    }
    if (sha1(password, plain) != check)
        return std::nullopt;
    return plain;
}

JavaKeyStoreResult failure(JavaKeyStoreError error, const QString &detail)
{
    JavaKeyStoreResult result;
    result.error = error;
    result.detail = detail;
    return result;
}

} // namespace

bool hasJavaKeyStoreMagic(const QByteArray &bytes)
{
    Reader reader(bytes);
    return reader.number(4) == JksMagic && !reader.failed();
}

JavaKeyStoreResult parseJavaKeyStore(const QByteArray &bytes, const QString &password, bool decryptKeys)
{
    Reader header(bytes);
    const quint64 magic = header.number(4);
    if (header.failed() || (magic != JksMagic && magic != JceksMagic))
        return failure(JavaKeyStoreError::NotJavaKeyStore, QStringLiteral("not a JKS key store (no 0xFEEDFEED)"));
    if (magic == JceksMagic)
        return failure(JavaKeyStoreError::Jceks, QStringLiteral("a JCEKS key store, which ZooScope does not read"));
    if (bytes.size() < 12 + Sha1Length)
        return failure(JavaKeyStoreError::Malformed, QStringLiteral("truncated (shorter than a header and digest)"));

    // Everything before the trailing digest; the digest is checked after the entries parse, so that
    // a truncated file reads as truncated rather than as a wrong password.
    const QByteArray contents = bytes.first(bytes.size() - Sha1Length);
    Reader reader(contents);
    reader.number(4);
    const quint64 version = reader.number(4);
    if (version != 1 && version != 2)
        return failure(JavaKeyStoreError::Malformed, QStringLiteral("unknown JKS version %1").arg(version));
    const quint64 count = reader.number(4);
    const QByteArray passwordBytes = utf16BigEndian(password);

    JavaKeyStore store;
    auto certificate = [&reader, version](QString *type) {
        *type = version == 2 ? reader.utf() : QStringLiteral("X.509");
        return reader.bytes(reader.number(4));
    };
    for (quint64 index = 0; index < count && !reader.failed(); ++index) {
        const quint64 tag = reader.number(4);
        if (reader.failed())
            break;
        const QString alias = reader.utf();
        reader.number(8); // creation date, milliseconds since 1970
        QString type;
        if (tag == 1) {
            JavaKeyStoreKeyEntry entry;
            entry.alias = alias;
            const QByteArray protectedKey = reader.bytes(reader.number(4));
            const quint64 chainLength = reader.number(4);
            for (quint64 link = 0; link < chainLength && !reader.failed(); ++link) {
                entry.certificateChain.append(certificate(&type));
                if (!reader.failed() && type != QLatin1String("X.509"))
                    return failure(
                        JavaKeyStoreError::Malformed,
                        QStringLiteral("the key '%1' has a certificate of type %2, not X.509").arg(alias, type));
            }
            if (reader.failed())
                break;
            entry.privateKeyInfo = protectedKey; // decrypted once the store password is proven
            store.keys.push_back(std::move(entry));
        } else if (tag == 2) {
            const QByteArray der = certificate(&type);
            if (reader.failed())
                break;
            if (type != QLatin1String("X.509"))
                return failure(JavaKeyStoreError::Malformed,
                               QStringLiteral("the certificate '%1' is of type %2, not X.509").arg(alias, type));
            store.trustedCertificates.push_back({alias, der});
        } else {
            return failure(JavaKeyStoreError::Malformed,
                           QStringLiteral("entry %1 has the unknown tag %2 (JKS knows 1 and 2)").arg(index).arg(tag));
        }
    }
    if (reader.failed())
        return failure(JavaKeyStoreError::Malformed,
                       QStringLiteral("truncated or corrupt: an entry runs past the end"));
    if (reader.position() != contents.size())
        return failure(
            JavaKeyStoreError::Malformed,
            QStringLiteral("corrupt: %1 unexpected bytes after the entries").arg(contents.size() - reader.position()));

    if (decryptKeys || !password.isEmpty()) {
        QCryptographicHash digest(QCryptographicHash::Sha1);
        digest.addData(passwordBytes);
        digest.addData(QByteArrayView("Mighty Aphrodite"));
        digest.addData(contents);
        if (digest.result() != bytes.last(Sha1Length))
            return failure(JavaKeyStoreError::WrongPassword,
                           QStringLiteral("the integrity check failed: wrong password, or the file was altered"));
    }
    for (JavaKeyStoreKeyEntry &entry : store.keys) {
        if (!decryptKeys) {
            entry.privateKeyInfo.clear();
            continue;
        }
        QString detail;
        const std::optional<QByteArray> octets = protectedKeyOctets(entry.privateKeyInfo, &detail);
        if (!octets)
            return failure(JavaKeyStoreError::Malformed, QStringLiteral("%1 ('%2')").arg(detail, entry.alias));
        const std::optional<QByteArray> key = unprotectKey(*octets, passwordBytes);
        if (!key)
            return failure(JavaKeyStoreError::WrongKeyPassword,
                           QStringLiteral("the key '%1' has a password other than the store's").arg(entry.alias));
        entry.privateKeyInfo = *key;
    }
    JavaKeyStoreResult result;
    result.store = std::move(store);
    return result;
}

} // namespace zooscope::server
