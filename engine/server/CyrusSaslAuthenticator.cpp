#include "CyrusSaslAuthenticator.h"

#include <sasl/sasl.h>
#include <sasl/saslplug.h>

#include <cstring>
#include <mutex>

namespace zooscope::server {

namespace {

// Apache ZooKeeper's DIGEST-MD5 names (SaslServerCallbackHandler, SecurityUtils): clients use
// the digest-uri "zookeeper/zk-sasl-md5" whatever host they connect to.
constexpr char Service[] = "zookeeper";
constexpr char ServerName[] = "zk-sasl-md5";
constexpr char Mechanism[] = "DIGEST-MD5";
constexpr char AuxpropPluginName[] = "zooscope-jaas";

// Cyrus keeps callbacks as int(*)(void); the detour through void(*)() keeps -Wcast-function-type quiet.
template <typename Function> sasl_callback_ft callbackProcedure(Function *function)
{
    return reinterpret_cast<sasl_callback_ft>(reinterpret_cast<void (*)()>(function));
}

int answerOption(const char *option, const char **result, unsigned *length)
{
    if (!option || !result)
        return SASL_BADPARAM;
    if (std::strcmp(option, "mech_list") == 0)
        *result = Mechanism;
    else if (std::strcmp(option, "auxprop_plugin") == 0)
        *result = AuxpropPluginName;
    else
        return SASL_FAIL; // the library's default
    if (length)
        *length = unsigned(std::strlen(*result));
    return SASL_OK;
}

int globalOption(void *, const char *, const char *option, const char **result, unsigned *length)
{
    return answerOption(option, result, length);
}

int discardLog(void *, int, const char *)
{
    return SASL_OK; // failures reach our log through sasl_errdetail, not syslog
}

// Apache ZooKeeper authorizes whatever authorization id a client asks for and then uses the
// authentication id (SaslServerCallbackHandler.handleAuthorizeCallback); so do we. The callback's
// context is the connection's authenticator: the password plugin finds it through the connection
// (the library wraps option callbacks, but hands this one out as registered), so servers with
// different JAAS files can share one process.
int allowAnyAuthorization(sasl_conn_t *, void *, const char *, unsigned, const char *, unsigned, const char *, unsigned,
                          struct propctx *)
{
    return SASL_OK;
}

const CyrusSaslAuthenticator *authenticatorOf(const sasl_utils_t *utils)
{
    sasl_callback_ft procedure = nullptr;
    void *context = nullptr;
    if (!utils || !utils->getcallback ||
        utils->getcallback(utils->conn, SASL_CB_PROXY_POLICY, &procedure, &context) != SASL_OK)
        return nullptr;
    if (procedure != callbackProcedure(&allowAnyAuthorization))
        return nullptr;
    return static_cast<const CyrusSaslAuthenticator *>(context);
}

int lookupPassword(void *, sasl_server_params_t *params, unsigned flags, const char *user, unsigned userLength)
{
    if (!params || !user)
        return SASL_BADPARAM;
    const CyrusSaslAuthenticator *authenticator = authenticatorOf(params->utils);
    if (!authenticator)
        return SASL_NOUSER;
    const QByteArray name(user, userLength);
    const QByteArray password = authenticator->passwordOf(name);
    if (password.isNull())
        return SASL_NOUSER;
    if (flags & SASL_AUXPROP_AUTHZID)
        return SASL_OK; // no properties of the authorization id are kept
    const propval *wanted = params->utils->prop_get(params->propctx);
    for (const propval *property = wanted; property && property->name; ++property) {
        // Only the authentication id's password ("*userPassword") is ours to give.
        if (std::strcmp(property->name, "*" SASL_AUX_PASSWORD_PROP) != 0)
            continue;
        if (property->values && !(flags & SASL_AUXPROP_OVERRIDE))
            continue;
        if (property->values)
            params->utils->prop_erase(params->propctx, property->name);
        params->utils->prop_set(params->propctx, property->name, password.constData(), unsigned(password.size()));
    }
    return SASL_OK;
}

sasl_auxprop_plug_t passwordPlugin{
    0, 0, nullptr, nullptr, &lookupPassword, const_cast<char *>(AuxpropPluginName), nullptr,
};

int initializePasswordPlugin(const sasl_utils_t *, int maxVersion, int *outVersion, sasl_auxprop_plug_t **plugin,
                             const char *)
{
    if (maxVersion < SASL_AUXPROP_PLUG_VERSION)
        return SASL_BADVERS;
    *outVersion = SASL_AUXPROP_PLUG_VERSION;
    *plugin = &passwordPlugin;
    return SASL_OK;
}

sasl_callback_t globalCallbacks[] = {
    {SASL_CB_GETOPT, callbackProcedure(&globalOption), nullptr},
    {SASL_CB_LOG, callbackProcedure(&discardLog), nullptr},
    {SASL_CB_LIST_END, nullptr, nullptr},
};

class CyrusSaslExchange : public SaslServerExchange
{
public:
    explicit CyrusSaslExchange(const CyrusSaslAuthenticator *authenticator)
        : m_callbacks{
              {SASL_CB_PROXY_POLICY, callbackProcedure(&allowAnyAuthorization),
               const_cast<CyrusSaslAuthenticator *>(authenticator)},
              {SASL_CB_LOG, callbackProcedure(&discardLog), nullptr},
              {SASL_CB_LIST_END, nullptr, nullptr},
          }
    {
    }
    ~CyrusSaslExchange() override
    {
        if (m_connection)
            sasl_dispose(&m_connection);
    }

    bool open(QString *error)
    {
        // SASL_SUCCESS_DATA: the last step's rspauth travels with the success, as in ZooKeeper.
        const int result = sasl_server_new(Service, ServerName, nullptr, nullptr, nullptr, m_callbacks,
                                           SASL_SUCCESS_DATA, &m_connection);
        if (result != SASL_OK) {
            *error = QStringLiteral("Cyrus SASL cannot start a server exchange: %1")
                         .arg(QString::fromUtf8(sasl_errstring(result, nullptr, nullptr)));
            return false;
        }
        // No security layer: ZooKeeper negotiates qop "auth" only.
        sasl_security_properties_t properties{};
        properties.min_ssf = 0;
        properties.max_ssf = 0;
        properties.maxbufsize = 0;
        sasl_setprop(m_connection, SASL_SEC_PROPS, &properties);
        return true;
    }

    SaslStep step(const QByteArray &clientToken) override
    {
        SaslStep outcome;
        if (m_finished) {
            outcome.error = QStringLiteral("SASL token after the exchange ended");
            return outcome;
        }
        const char *output = nullptr;
        unsigned outputLength = 0;
        const char *input = clientToken.isEmpty() ? nullptr : clientToken.constData();
        const int result =
            m_started ? sasl_server_step(m_connection, input, unsigned(clientToken.size()), &output, &outputLength)
                      : sasl_server_start(m_connection, Mechanism, input, unsigned(clientToken.size()), &output,
                                          &outputLength);
        m_started = true;
        if (output)
            outcome.token = QByteArray(output, outputLength);
        if (result == SASL_CONTINUE) {
            outcome.outcome = SaslStep::Outcome::Continue;
            return outcome;
        }
        m_finished = true;
        if (result != SASL_OK) {
            outcome.token = QByteArray();
            outcome.error = QString::fromUtf8(sasl_errdetail(m_connection));
            return outcome;
        }
        const void *user = nullptr;
        if (sasl_getprop(m_connection, SASL_AUTHUSER, &user) != SASL_OK || !user) {
            outcome.error = QStringLiteral("the SASL library reported no authentication id");
            return outcome;
        }
        outcome.outcome = SaslStep::Outcome::Complete;
        outcome.authorizationId = QByteArray(static_cast<const char *>(user));
        return outcome;
    }

private:
    sasl_callback_t m_callbacks[3];
    sasl_conn_t *m_connection = nullptr;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace

CyrusSaslAuthenticator::CyrusSaslAuthenticator(QHash<QByteArray, QByteArray> users)
    : m_users(std::move(users))
{
    // A password read from a file is never null; keep it so, as null means "no such user".
    for (QByteArray &password : m_users) {
        if (password.isNull())
            password = QByteArray("");
    }
}

bool CyrusSaslAuthenticator::initialize(QString *error)
{
    static std::once_flag once;
    static int result = SASL_OK;
    static QString failure;
    std::call_once(once, [] {
        result = sasl_server_init(globalCallbacks, "zooscope");
        if (result != SASL_OK) {
            failure = QStringLiteral("Cyrus SASL server initialization failed: %1")
                          .arg(QString::fromUtf8(sasl_errstring(result, nullptr, nullptr)));
            return;
        }
        result = sasl_auxprop_add_plugin(AuxpropPluginName, &initializePasswordPlugin);
        if (result != SASL_OK) {
            failure = QStringLiteral("Cyrus SASL refused ZooScope's password plugin: %1")
                          .arg(QString::fromUtf8(sasl_errstring(result, nullptr, nullptr)));
            return;
        }
        // Without the DIGEST-MD5 plugin every exchange would fail: say so at start-up.
        const char **mechanisms = sasl_global_listmech();
        bool digest = false;
        for (const char **mechanism = mechanisms; mechanism && *mechanism; ++mechanism)
            digest = digest || std::strcmp(*mechanism, Mechanism) == 0;
        if (!digest) {
            result = SASL_NOMECH;
            failure = QStringLiteral("Cyrus SASL has no DIGEST-MD5 mechanism (install libsasl2-modules)");
        }
    });
    if (result != SASL_OK && error)
        *error = failure;
    return result == SASL_OK;
}

std::unique_ptr<SaslServerExchange> CyrusSaslAuthenticator::startExchange(QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    if (!initialize(&message))
        return nullptr;
    auto exchange = std::make_unique<CyrusSaslExchange>(this);
    if (!exchange->open(&message))
        return nullptr;
    return exchange;
}

} // namespace zooscope::server
