#include "CyrusSaslAuthenticator.h"

#include "KerberosKeytab.h"
#include "Log.h"

#include <QFile>

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
constexpr char DigestMechanism[] = "DIGEST-MD5";
constexpr char GssapiMechanism[] = "GSSAPI";
// Both are loaded; each server starts its exchanges with the one its JAAS section calls for.
constexpr char MechanismList[] = "DIGEST-MD5 GSSAPI";
constexpr char AuxpropPluginName[] = "zooscope-jaas";

// What the library reads once, when sasl_server_init loads the plugins: the GSSAPI plugin registers
// its keytab then (krb5_gss_register_acceptor_identity), for the whole process.
struct ProcessSettings
{
    QByteArray keytab;
    QByteArray krb5Config;
};
ProcessSettings processSettings;

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
        *result = MechanismList;
    else if (std::strcmp(option, "auxprop_plugin") == 0)
        *result = AuxpropPluginName;
    else if (std::strcmp(option, "keytab") == 0 && !processSettings.keytab.isEmpty())
        *result = processSettings.keytab.constData();
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

// Errors go to our log: sasl_errdetail gives only the failed step, the plugins say why here (e.g. the
// GSSAPI minor status "Request ticket server ... not found in keytab"). The rest is not syslog's either.
int forwardErrors(void *, int level, const char *message)
{
    if (message && level <= SASL_LOG_FAIL)
        logWarning(QStringLiteral("Cyrus SASL: %1").arg(QString::fromUtf8(message)));
    return SASL_OK;
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
    {SASL_CB_LOG, callbackProcedure(&forwardErrors), nullptr},
    {SASL_CB_LIST_END, nullptr, nullptr},
};

class CyrusSaslExchange : public SaslServerExchange
{
public:
    explicit CyrusSaslExchange(const CyrusSaslAuthenticator *authenticator)
        : m_authenticator(authenticator)
        , m_callbacks{
              {SASL_CB_PROXY_POLICY, callbackProcedure(&allowAnyAuthorization),
               const_cast<CyrusSaslAuthenticator *>(authenticator)},
              {SASL_CB_LOG, callbackProcedure(&forwardErrors), nullptr},
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
        // GSSAPI: the protocol and host of the server's principal, as Apache's SecurityUtils takes them.
        const QByteArray service =
            m_authenticator->isKerberos() ? m_authenticator->kerberos().service.toUtf8() : QByteArray(Service);
        const QByteArray host =
            m_authenticator->isKerberos() ? m_authenticator->kerberos().host.toUtf8() : QByteArray(ServerName);
        const int result = sasl_server_new(service.constData(), host.constData(), nullptr, nullptr, nullptr,
                                           m_callbacks, SASL_SUCCESS_DATA, &m_connection);
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
        if (!m_started && clientToken.isEmpty() && m_authenticator->isKerberos()) {
            // Java's GSSAPI server fails on an empty first token (e.g. from a DIGEST-MD5 client), where
            // Cyrus would ask for the token; answer as Apache ZooKeeper does.
            m_finished = true;
            outcome.error = QStringLiteral("GSSAPI login without a Kerberos token (a DIGEST-MD5 client?)");
            return outcome;
        }
        const char *output = nullptr;
        unsigned outputLength = 0;
        const char *input = clientToken.isEmpty() ? nullptr : clientToken.constData();
        const int result =
            m_started ? sasl_server_step(m_connection, input, unsigned(clientToken.size()), &output, &outputLength)
                      : sasl_server_start(m_connection, m_authenticator->mechanism(), input,
                                          unsigned(clientToken.size()), &output, &outputLength);
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
        const QByteArray user = authenticatedUser();
        if (user.isEmpty()) {
            outcome.error = QStringLiteral("the SASL library reported no authentication id");
            return outcome;
        }
        outcome.outcome = SaslStep::Outcome::Complete;
        outcome.authorizationId = m_authenticator->saslIdOf(user);
        return outcome;
    }

private:
    // The authentication id; for GSSAPI the client's whole principal (Cyrus drops the realm from its
    // authentication id when it is the default realm, Apache keeps it).
    QByteArray authenticatedUser() const
    {
        const void *value = nullptr;
        if (m_authenticator->isKerberos()) {
            if (sasl_getprop(m_connection, SASL_GSS_PEER_NAME, &value) == SASL_OK && value)
                return QByteArray(static_cast<const char *>(value));
        }
        if (sasl_getprop(m_connection, SASL_AUTHUSER, &value) != SASL_OK || !value)
            return {};
        QByteArray user(static_cast<const char *>(value));
        if (m_authenticator->isKerberos() && !user.contains('@') && !m_authenticator->defaultRealm().isEmpty())
            user += '@' + m_authenticator->defaultRealm();
        return user;
    }

    const CyrusSaslAuthenticator *m_authenticator;
    sasl_callback_t m_callbacks[3];
    sasl_conn_t *m_connection = nullptr;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace

CyrusSaslAuthenticator::CyrusSaslAuthenticator(const SaslServerConfig &config)
    : m_users(config.digestUsers)
    , m_kerberos(config.kerberos)
{
    // A password read from a file is never null; keep it so, as null means "no such user".
    for (QByteArray &password : m_users) {
        if (password.isNull())
            password = QByteArray("");
    }
    m_rules.removeHost = config.removeHostFromPrincipal;
    m_rules.removeRealm = config.removeRealmFromPrincipal;
    QFile krb5Config(config.krb5ConfigFile);
    m_rules.defaultRealm = !config.krb5ConfigFile.isEmpty() && krb5Config.open(QIODevice::ReadOnly)
                               ? krb5DefaultRealm(krb5Config.readAll())
                               : processDefaultRealm();
}

const char *CyrusSaslAuthenticator::mechanism() const
{
    return m_kerberos ? GssapiMechanism : DigestMechanism;
}

QByteArray CyrusSaslAuthenticator::saslIdOf(const QByteArray &authenticationId) const
{
    return saslIdForPrincipal(authenticationId, m_rules);
}

namespace {

QString checkKeytab(const SaslServerConfig &config)
{
    if (!config.kerberos || config.kerberos->keytab.isEmpty())
        return {};
    const SaslKerberosConfig &kerberos = *config.kerberos;
    QFile keytab(kerberos.keytab);
    if (!keytab.open(QIODevice::ReadOnly))
        return QStringLiteral("Cannot read the keytab %1 (keyTab of Krb5LoginModule in JAAS file %2): %3")
            .arg(kerberos.keytab, config.jaasFile, keytab.errorString());
    QString error;
    const std::optional<QStringList> principals = keytabPrincipals(keytab.readAll(), &error);
    if (!principals)
        return QStringLiteral("Cannot read the keytab %1 (keyTab of Krb5LoginModule in JAAS file %2): %3")
            .arg(kerberos.keytab, config.jaasFile, error);
    if (!keytabHolds(*principals, kerberos.principal)) {
        QStringList held = *principals;
        held.removeDuplicates();
        return QStringLiteral("The keytab %1 (keyTab of Krb5LoginModule in JAAS file %2) has no key for %3, the "
                              "principal of that login module; it holds: %4")
            .arg(kerberos.keytab, config.jaasFile, kerberos.principal,
                 held.isEmpty() ? QStringLiteral("nothing") : held.join(QStringLiteral(", ")));
    }
    return {};
}

} // namespace

bool CyrusSaslAuthenticator::initialize(const SaslServerConfig &config, QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    message = checkKeytab(config);
    if (!message.isEmpty())
        return false;
    static std::mutex mutex;
    static bool initialized = false;
    static int result = SASL_OK;
    static QString failure;
    const std::lock_guard lock(mutex);
    const QByteArray keytab = config.kerberos ? QFile::encodeName(config.kerberos->keytab) : QByteArray();
    const QByteArray krb5Config = QFile::encodeName(config.krb5ConfigFile);
    if (!initialized) {
        initialized = true;
        processSettings = {keytab, krb5Config};
        // MIT Kerberos reads its configuration from KRB5_CONFIG; Java's property names the same file.
        if (!krb5Config.isEmpty())
            qputenv("KRB5_CONFIG", krb5Config);
        result = sasl_server_init(globalCallbacks, "zooscope");
        if (result != SASL_OK) {
            failure = QStringLiteral("Cyrus SASL server initialization failed: %1")
                          .arg(QString::fromUtf8(sasl_errstring(result, nullptr, nullptr)));
        } else {
            result = sasl_auxprop_add_plugin(AuxpropPluginName, &initializePasswordPlugin);
            if (result != SASL_OK)
                failure = QStringLiteral("Cyrus SASL refused ZooScope's password plugin: %1")
                              .arg(QString::fromUtf8(sasl_errstring(result, nullptr, nullptr)));
        }
    }
    if (result != SASL_OK) {
        message = failure;
        return false;
    }
    // The keytab and krb5.conf are the process's: a second server may not ask for others.
    if ((!keytab.isEmpty() && keytab != processSettings.keytab) ||
        (!krb5Config.isEmpty() && krb5Config != processSettings.krb5Config)) {
        message = QStringLiteral("Cyrus SASL reads one keytab and krb5.conf per process; this process already uses "
                                 "keytab '%1' and krb5.conf '%2'")
                      .arg(QFile::decodeName(processSettings.keytab), QFile::decodeName(processSettings.krb5Config));
        return false;
    }
    // Without the plugin every exchange would fail: say so at start-up.
    const char *wanted = config.kerberos ? GssapiMechanism : DigestMechanism;
    const char **mechanisms = sasl_global_listmech();
    for (const char **mechanism = mechanisms; mechanism && *mechanism; ++mechanism) {
        if (std::strcmp(*mechanism, wanted) == 0)
            return true;
    }
    message = config.kerberos
                  ? QStringLiteral("Cyrus SASL has no GSSAPI mechanism, which the Krb5LoginModule of JAAS file %1 "
                                   "needs (install libsasl2-modules-gssapi-mit)")
                        .arg(config.jaasFile)
                  : QStringLiteral("Cyrus SASL has no DIGEST-MD5 mechanism (install libsasl2-modules)");
    return false;
}

std::unique_ptr<SaslServerExchange> CyrusSaslAuthenticator::startExchange(QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    auto exchange = std::make_unique<CyrusSaslExchange>(this);
    if (!exchange->open(&message))
        return nullptr;
    return exchange;
}

} // namespace zooscope::server
