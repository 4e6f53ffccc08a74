#include "SaslDigestClient.h"

#include <sasl/sasl.h>

#include <cstdlib>
#include <cstring>
#include <mutex>

namespace zooscope::client {

namespace {

constexpr char Service[] = "zookeeper";
constexpr char ServerName[] = "zk-sasl-md5";
constexpr char Mechanism[] = "DIGEST-MD5";

using Procedure = int (*)();

// Cyrus keeps callbacks as int(*)(void); the detour through void(*)() keeps -Wcast-function-type quiet.
template <typename Function> Procedure callbackProcedure(Function *function)
{
    return reinterpret_cast<Procedure>(reinterpret_cast<void (*)()>(function));
}

int discardLog(void *, int, const char *)
{
    return SASL_OK;
}

bool initializeLibrary(QString *error)
{
    static std::once_flag once;
    static int result = SASL_OK;
    std::call_once(once, [] { result = sasl_client_init(nullptr); });
    if (result != SASL_OK)
        *error = QStringLiteral("Cyrus SASL client initialization failed: %1")
                     .arg(QString::fromUtf8(sasl_errstring(result, nullptr, nullptr)));
    return result == SASL_OK;
}

} // namespace

struct SaslDigestClient::Secrets
{
    QByteArray user;
    sasl_secret_t *password = nullptr; // malloc'd: the library reads it through the callback
    sasl_callback_t callbacks[6];

    ~Secrets() { std::free(password); }

    static int simple(void *context, int id, const char **result, unsigned *length)
    {
        auto *secrets = static_cast<Secrets *>(context);
        if (!result || (id != SASL_CB_AUTHNAME && id != SASL_CB_USER))
            return SASL_BADPARAM;
        // The authorization id equals the user, so none is sent (the library would take $USER).
        *result = secrets->user.constData();
        if (length)
            *length = unsigned(secrets->user.size());
        return SASL_OK;
    }

    static int secret(sasl_conn_t *, void *context, int id, sasl_secret_t **result)
    {
        auto *secrets = static_cast<Secrets *>(context);
        if (!result || id != SASL_CB_PASS)
            return SASL_BADPARAM;
        *result = secrets->password;
        return SASL_OK;
    }

    static int realm(void *, int, const char **available, const char **result)
    {
        // ZooKeeper's servers offer one realm, "zk-sasl-md5": take what the server offers.
        *result = available && available[0] ? available[0] : "";
        return SASL_OK;
    }
};

SaslDigestClient::SaslDigestClient(const QString &user, const QString &password)
    : m_secrets(std::make_unique<Secrets>())
{
    m_secrets->user = user.toUtf8();
    const QByteArray secret = password.toUtf8();
    m_secrets->password = static_cast<sasl_secret_t *>(std::calloc(1, sizeof(sasl_secret_t) + size_t(secret.size())));
    m_secrets->password->len = static_cast<unsigned long>(secret.size());
    std::memcpy(m_secrets->password->data, secret.constData(), size_t(secret.size()));
    Secrets *context = m_secrets.get();
    m_secrets->callbacks[0] = {SASL_CB_AUTHNAME, callbackProcedure(&Secrets::simple), context};
    m_secrets->callbacks[1] = {SASL_CB_USER, callbackProcedure(&Secrets::simple), context};
    m_secrets->callbacks[2] = {SASL_CB_PASS, callbackProcedure(&Secrets::secret), context};
    m_secrets->callbacks[3] = {SASL_CB_GETREALM, callbackProcedure(&Secrets::realm), context};
    m_secrets->callbacks[4] = {SASL_CB_LOG, callbackProcedure(&discardLog), nullptr};
    m_secrets->callbacks[5] = {SASL_CB_LIST_END, nullptr, nullptr};
}

SaslDigestClient::~SaslDigestClient()
{
    if (m_connection) {
        auto *connection = static_cast<sasl_conn_t *>(m_connection);
        sasl_dispose(&connection);
    }
}

std::optional<QByteArray> SaslDigestClient::start()
{
    if (!initializeLibrary(&m_error))
        return std::nullopt;
    sasl_conn_t *connection = nullptr;
    int result = sasl_client_new(Service, ServerName, nullptr, nullptr, m_secrets->callbacks, 0, &connection);
    if (result != SASL_OK) {
        m_error = QStringLiteral("Cyrus SASL cannot start a client exchange: %1")
                      .arg(QString::fromUtf8(sasl_errstring(result, nullptr, nullptr)));
        return std::nullopt;
    }
    m_connection = connection;
    sasl_security_properties_t properties{}; // no security layer: qop "auth", as ZooKeeper's clients
    sasl_setprop(connection, SASL_SEC_PROPS, &properties);
    sasl_interact_t *interaction = nullptr;
    const char *output = nullptr;
    unsigned outputLength = 0;
    const char *chosen = nullptr;
    result = sasl_client_start(connection, Mechanism, &interaction, &output, &outputLength, &chosen);
    if (result == SASL_NOMECH) {
        m_error = QStringLiteral("Cyrus SASL has no DIGEST-MD5 mechanism (install libsasl2-modules)");
        return std::nullopt;
    }
    if (result != SASL_OK && result != SASL_CONTINUE) {
        m_error = QString::fromUtf8(sasl_errdetail(connection));
        return std::nullopt;
    }
    m_complete = result == SASL_OK;
    return output ? QByteArray(output, outputLength) : QByteArray("");
}

std::optional<QByteArray> SaslDigestClient::step(const QByteArray &serverToken)
{
    auto *connection = static_cast<sasl_conn_t *>(m_connection);
    if (!connection) {
        m_error = QStringLiteral("SASL exchange not started");
        return std::nullopt;
    }
    sasl_interact_t *interaction = nullptr;
    const char *output = nullptr;
    unsigned outputLength = 0;
    const int result = sasl_client_step(connection, serverToken.isEmpty() ? nullptr : serverToken.constData(),
                                        unsigned(serverToken.size()), &interaction, &output, &outputLength);
    if (result != SASL_OK && result != SASL_CONTINUE) {
        m_error = QString::fromUtf8(sasl_errdetail(connection));
        return std::nullopt;
    }
    m_complete = result == SASL_OK;
    return output ? QByteArray(output, outputLength) : QByteArray("");
}

} // namespace zooscope::client
