#include "Pkcs12Certificates.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <memory>

namespace zooscope::server {

namespace {

QByteArray derOf(X509 *certificate)
{
    const int length = i2d_X509(certificate, nullptr);
    if (length <= 0)
        return {};
    QByteArray der(length, Qt::Uninitialized);
    auto *cursor = reinterpret_cast<unsigned char *>(der.data());
    return i2d_X509(certificate, &cursor) == length ? der : QByteArray();
}

QString lastOpenSslError()
{
    const unsigned long code = ERR_peek_last_error();
    if (code == 0)
        return QStringLiteral("no detail from OpenSSL");
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

Pkcs12Certificates failure(Pkcs12Error error, const QString &detail)
{
    Pkcs12Certificates result;
    result.error = error;
    result.detail = detail;
    ERR_clear_error();
    return result;
}

} // namespace

Pkcs12Certificates readPkcs12Certificates(const QByteArray &bytes, const QString &password)
{
    ERR_clear_error();
    const auto *cursor = reinterpret_cast<const unsigned char *>(bytes.constData());
    std::unique_ptr<PKCS12, decltype(&PKCS12_free)> pfx(d2i_PKCS12(nullptr, &cursor, long(bytes.size())), &PKCS12_free);
    if (!pfx)
        return failure(Pkcs12Error::NotPkcs12, QStringLiteral("not a PKCS12 file (%1)").arg(lastOpenSslError()));

    const QByteArray utf8 = password.toUtf8();
    // An empty password may mean "no password" or "the empty password"; PKCS12_parse tries both too.
    const bool macMatches = !PKCS12_mac_present(pfx.get()) ||
                            PKCS12_verify_mac(pfx.get(), utf8.constData(), int(utf8.size())) == 1 ||
                            (utf8.isEmpty() && PKCS12_verify_mac(pfx.get(), nullptr, 0) == 1);
    if (!macMatches)
        return failure(Pkcs12Error::WrongPassword, QStringLiteral("the MAC does not match the password"));

    EVP_PKEY *key = nullptr;
    X509 *certificate = nullptr;
    STACK_OF(X509) *others = nullptr;
    if (PKCS12_parse(pfx.get(), utf8.constData(), &key, &certificate, &others) != 1)
        return failure(Pkcs12Error::Unreadable, lastOpenSslError());
    Pkcs12Certificates result;
    if (certificate)
        result.certificates.append(derOf(certificate));
    for (int i = 0; others && i < sk_X509_num(others); ++i)
        result.certificates.append(derOf(sk_X509_value(others, i)));
    EVP_PKEY_free(key);
    X509_free(certificate);
    sk_X509_pop_free(others, X509_free);
    result.certificates.removeAll(QByteArray());
    ERR_clear_error();
    return result;
}

} // namespace zooscope::server
