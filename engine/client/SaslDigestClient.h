#pragma once
// The client side of a ZooKeeper SASL DIGEST-MD5 login with the Cyrus SASL library, as the Java
// client and kazoo do it: service "zookeeper", server name "zk-sasl-md5", qop "auth", no
// authorization id. No I/O: ZooKeeperClient carries the tokens in sasl requests.

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace zooscope::client {

class SaslDigestClient
{
public:
    SaslDigestClient(const QString &user, const QString &password);
    ~SaslDigestClient();
    SaslDigestClient(const SaslDigestClient &) = delete;
    SaslDigestClient &operator=(const SaslDigestClient &) = delete;

    // The first token to send (empty for DIGEST-MD5); nullopt with errorString() on failure.
    std::optional<QByteArray> start();
    // The answer to a server token; nullopt with errorString() when the library rejects it (a wrong
    // rspauth, a malformed challenge). After the server's last token isComplete() is true and the
    // returned token is empty: nothing more is sent.
    std::optional<QByteArray> step(const QByteArray &serverToken);
    bool isComplete() const { return m_complete; }
    QString errorString() const { return m_error; }

private:
    struct Secrets;
    std::unique_ptr<Secrets> m_secrets;
    void *m_connection = nullptr; // sasl_conn_t
    bool m_complete = false;
    QString m_error;
};

} // namespace zooscope::client
