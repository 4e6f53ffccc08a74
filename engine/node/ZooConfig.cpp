#include "ZooConfig.h"

#include "DynamicConfig.h"
#include "JaasConfig.h"
#include "server/TlsStores.h"
#include "storage/Database.h"

#include <QFile>
#include <QHostAddress>

#include <functional>

namespace zooscope::node {

namespace {

struct Properties
{
    QMap<QString, QString> values;
    QStringList order;
};

// Java's Properties.load, reduced to what zoo.cfg files use: key=value or key:value or
// key value, comments with # or !, trailing backslash continuation.
Properties parseProperties(const QByteArray &contents)
{
    Properties properties;
    const QList<QByteArray> rawLines = contents.split('\n');
    QString pending;
    for (const QByteArray &rawLine : rawLines) {
        QString line = QString::fromUtf8(rawLine).trimmed();
        if (pending.isEmpty() && (line.isEmpty() || line.startsWith('#') || line.startsWith('!')))
            continue;
        if (line.endsWith('\\')) {
            pending += line.chopped(1);
            continue;
        }
        line = pending + line;
        pending.clear();
        qsizetype separator = -1;
        for (qsizetype i = 0; i < line.size(); ++i) {
            if (line[i] == '=' || line[i] == ':' || line[i].isSpace()) {
                separator = i;
                break;
            }
        }
        QString key = separator < 0 ? line : line.left(separator).trimmed();
        QString value = separator < 0 ? QString() : line.mid(separator + 1).trimmed();
        if (separator >= 0 && line[separator].isSpace() && (value.startsWith('=') || value.startsWith(':')))
            value = value.mid(1).trimmed();
        if (!properties.values.contains(key))
            properties.order.append(key);
        properties.values.insert(key, value);
    }
    return properties;
}

std::optional<qint64> parseInteger(const QString &value, qint64 minimum, qint64 maximum)
{
    bool ok = false;
    const qint64 number = value.toLongLong(&ok);
    if (!ok || number < minimum || number > maximum)
        return std::nullopt;
    return number;
}

std::optional<bool> parseBoolean(const QString &value)
{
    const QString lower = value.toLower();
    if (lower == "true" || lower == "yes")
        return true;
    if (lower == "false" || lower == "no")
        return false;
    return std::nullopt;
}

} // namespace

// server.N=host:quorumPort:electionPort[:participant|:observer][;[clientAddress:]clientPort]
std::optional<QuorumServerEntry> parseServerEntry(qint64 id, const QString &value)
{
    QuorumServerEntry entry;
    entry.id = id;
    const QStringList specAndClient = value.split(';');
    const QStringList parts = specAndClient.first().split(':');
    if (parts.size() < 3 || parts.size() > 4)
        return std::nullopt;
    entry.host = parts[0];
    const auto quorumPort = parseInteger(parts[1], 1, 65535);
    const auto electionPort = parseInteger(parts[2], 1, 65535);
    if (entry.host.isEmpty() || !quorumPort || !electionPort)
        return std::nullopt;
    entry.quorumPort = int(*quorumPort);
    entry.electionPort = int(*electionPort);
    if (parts.size() == 4) {
        if (parts[3] == "observer")
            entry.observer = true;
        else if (parts[3] != "participant")
            return std::nullopt;
    }
    if (specAndClient.size() > 1)
        entry.clientSpec = specAndClient[1];
    return entry;
}

namespace {

// The zookeeper.* system properties that configure what zoo.cfg keys of the same name (without
// the prefix) configure; other system properties are not ZooKeeper's or not used by ZooScope.
bool isSystemPropertyKey(const QString &key)
{
    static const QStringList exact{"superUser", "allowSaslFailedClients", "sessionRequireClientSASLAuth",
                                   "enforce.auth.enabled", "enforce.auth.schemes", "sasl.serverconfig",
                                   "DigestAuthenticationProvider.superDigest", "extendedTypesEnabled",
                                   "readonlymode.enabled", "SASLAuthenticationProvider.superPassword",
                                   "kerberos.removeHostFromPrincipal", "kerberos.removeRealmFromPrincipal"};
    return exact.contains(key) || key.startsWith("superUser.") || key.startsWith("authProvider.");
}

// zoo.cfg's SASL keys; false when the key is not one of them.
bool parseSaslKey(const QString &key, const QString &value, ZooConfig &config, const auto &boolean,
                  const auto &invalid)
{
    server::SaslServerConfig &sasl = config.server.sasl;
    if (key == "java.security.auth.login.config") {
        config.jaasFile = value;
    } else if (key == "java.security.krb5.conf") {
        sasl.krb5ConfigFile = value;
    } else if (key == "kerberos.removeHostFromPrincipal" || key == "zookeeper.kerberos.removeHostFromPrincipal") {
        boolean(key, value, sasl.removeHostFromPrincipal);
    } else if (key == "kerberos.removeRealmFromPrincipal" || key == "zookeeper.kerberos.removeRealmFromPrincipal") {
        boolean(key, value, sasl.removeRealmFromPrincipal);
    } else if (key == "sasl.serverconfig" || key == "zookeeper.sasl.serverconfig") {
        if (value.isEmpty())
            invalid(key, value, QStringLiteral("a JAAS section name"));
        config.jaasServerSection = value;
    } else if (key == "superUser" || key.startsWith("superUser.") || key == "zookeeper.superUser"
               || key.startsWith("zookeeper.superUser.")) {
        sasl.superUsers.insert(value.toUtf8());
    } else if (key == "SASLAuthenticationProvider.superPassword"
               || key == "zookeeper.SASLAuthenticationProvider.superPassword") {
        config.saslSuperPassword = value;
    } else if (key == "allowSaslFailedClients" || key == "zookeeper.allowSaslFailedClients") {
        boolean(key, value, sasl.allowFailedClients);
    } else if (key == "sessionRequireClientSASLAuth" || key == "zookeeper.sessionRequireClientSASLAuth") {
        bool required = false;
        boolean(key, value, required);
        config.sessionRequireClientSaslAuth = required;
    } else if (key == "enforce.auth.enabled" || key == "zookeeper.enforce.auth.enabled") {
        boolean(key, value, sasl.enforceAuthEnabled);
    } else if (key == "enforce.auth.schemes" || key == "zookeeper.enforce.auth.schemes") {
        sasl.enforceAuthSchemes.clear();
        for (const QString &scheme : value.split(',', Qt::SkipEmptyParts))
            sasl.enforceAuthSchemes.insert(scheme.trimmed().toUtf8());
    } else if (key.startsWith("authProvider.") || key.startsWith("zookeeper.authProvider.")) {
        const QString className = value.trimmed();
        if (className == "org.apache.zookeeper.server.auth.SASLAuthenticationProvider")
            sasl.aclSchemeEnabled = true;
        else if (className != "org.apache.zookeeper.server.auth.DigestAuthenticationProvider"
                 && className != "org.apache.zookeeper.server.auth.IPAuthenticationProvider")
            config.warnings.append(QStringLiteral("%1=%2: ZooScope has no such authentication provider; ignored")
                                       .arg(key, value));
    } else {
        return false;
    }
    return true;
}

// Apache ZooKeeper's AuthenticationHelper: sessionRequireClientSASLAuth means enforcing "sasl";
// every enforced scheme needs a provider.
QString resolveAuthEnforcement(ZooConfig &config)
{
    server::SaslServerConfig &sasl = config.server.sasl;
    if (config.sessionRequireClientSaslAuth) {
        sasl.enforceAuthEnabled = true;
        sasl.enforceAuthSchemes = {"sasl"};
    }
    if (!sasl.enforceAuthEnabled)
        return {};
    if (sasl.enforceAuthSchemes.isEmpty())
        return QStringLiteral("enforce.auth.enabled is true, so enforce.auth.schemes must be configured");
    for (const QByteArray &scheme : std::as_const(sasl.enforceAuthSchemes)) {
        const bool available = scheme == "digest" || scheme == "ip" || (scheme == "sasl" && sasl.aclSchemeEnabled);
        if (!available)
            return QStringLiteral("Authentication scheme %1 is not available (enforce.auth.schemes; the sasl scheme "
                                  "needs authProvider.N=org.apache.zookeeper.server.auth.SASLAuthenticationProvider)")
                .arg(QString::fromUtf8(scheme));
    }
    return {};
}

QString loadJaasUsers(ZooConfig &config)
{
    if (config.jaasFile.isEmpty())
        return {};
    const JaasParseResult jaas = loadJaasConfig(config.jaasFile);
    if (!jaas.config)
        return jaas.error;
    QString error;
    const auto login = jaasServerLogin(*jaas.config, config.jaasServerSection, config.jaasFile, &error);
    if (!login)
        return error;
    config.server.sasl.digestUsers = login->digestUsers;
    if (login->kerberos) {
        const JaasKerberosLogin &kerberos = *login->kerberos;
        config.server.sasl.kerberos =
            server::SaslKerberosConfig{kerberos.keyTab, kerberos.principal, kerberos.service, kerberos.host};
        config.server.sasl.jaasFile = config.jaasFile;
        return {}; // the DIGEST-MD5 users, if any, are not offered (Apache offers GSSAPI only then)
    }
    if (config.saslSuperPassword)
        config.server.sasl.digestUsers.insert("super", config.saslSuperPassword->toUtf8());
    config.server.sasl.jaasFile = config.jaasFile;
    if (config.server.sasl.digestUsers.isEmpty())
        config.warnings.append(QStringLiteral("JAAS section '%1' in %2 defines no user_<name> entries: every SASL "
                                              "login will fail")
                                   .arg(config.jaasServerSection, config.jaasFile));
    return {};
}

} // namespace

SystemProperties systemPropertiesFrom(const QStringList &words)
{
    SystemProperties properties;
    for (const QString &word : words) {
        if (!word.startsWith(QStringLiteral("-D")) || word.size() < 3)
            continue;
        const qsizetype equals = word.indexOf('=');
        if (equals < 0)
            properties.insert(word.mid(2), QString());
        else
            properties.insert(word.mid(2, equals - 2), word.mid(equals + 1));
    }
    return properties;
}

ZooConfigResult parseZooConfig(const QByteArray &contents, const SystemProperties &systemProperties)
{
    Properties properties = parseProperties(contents);
    // System properties first: a zoo.cfg key of the same meaning, read later, replaces them.
    Properties fromSystem;
    for (auto it = systemProperties.cbegin(); it != systemProperties.cend(); ++it) {
        QString key = it.key();
        if (key.startsWith(QStringLiteral("zookeeper.")) && isSystemPropertyKey(key.mid(10)))
            key = key.mid(10);
        else if (key != QStringLiteral("java.security.auth.login.config")
                 && key != QStringLiteral("java.security.krb5.conf"))
            continue;
        fromSystem.order.append(key);
        fromSystem.values.insert(key, it.value());
    }
    for (const QString &key : std::as_const(properties.order)) {
        if (!fromSystem.values.contains(key))
            fromSystem.order.append(key);
        fromSystem.values.insert(key, properties.values.value(key));
    }
    properties = fromSystem;
    ZooConfig config;
    server::ServerConfig &server = config.server;
    QString error;
    auto invalid = [&error](const QString &key, const QString &value, const QString &expected) {
        if (error.isEmpty())
            error = QStringLiteral("Invalid value '%1' for %2 in zoo.cfg: expected %3").arg(value, key, expected);
    };
    auto integer = [&](const QString &key, const QString &value, qint64 minimum, qint64 maximum, auto &target) {
        if (const auto number = parseInteger(value, minimum, maximum))
            target = std::remove_reference_t<decltype(target)>(*number);
        else
            invalid(key, value, QStringLiteral("an integer from %1 to %2").arg(minimum).arg(maximum));
    };
    auto boolean = [&](const QString &key, const QString &value, bool &target) {
        if (const auto flag = parseBoolean(value))
            target = *flag;
        else
            invalid(key, value, QStringLiteral("true or false"));
    };
    const qint64 intMax = std::numeric_limits<std::int32_t>::max();

    static const QSet<QString> acceptedButUnused{
        "admin.enableServer", "admin.serverPort", "admin.serverAddress", "standaloneEnabled",
        "quorumListenOnAllIPs", "electionAlg", "peerType", "metricsProvider.className",
        "clientPortListenBacklog", "globalOutstandingLimit", "syncEnabled", "leaderServes", "cnxTimeout",
        "maxCnxns", "audit.enable", "serverCnxnFactory", "digest.enabled", "jute.maxbuffer.extrasize",
        "authProvider.x509", "ssl.handshakeDetectionTimeoutMillis", "client.portUnification"};
    // Apache ZooKeeper settings whose effect ZooScope does not provide: a warning says so.
    static const QSet<QString> tlsUnsupported{"ssl.crl", "ssl.ocsp", "ssl.context.supplier.class", "ssl.authProvider"};
    bool clientPortSet = false;
    struct PasswordPaths
    {
        QString keyStore;
        QString trustStore;
    };
    PasswordPaths clientPasswordPaths;
    PasswordPaths quorumPasswordPaths;
    auto storeType = [&](const QString &key, const QString &value, QString &target) {
        const QString upper = value.trimmed().toUpper();
        if (upper == "BCFKS" || upper == "JCEKS")
            invalid(key, value, QStringLiteral("PEM, PKCS12 or JKS (ZooScope cannot read %1 stores; convert with "
                                               "keytool -importkeystore -deststoretype PKCS12)").arg(upper));
        else if (upper != "PEM" && upper != "PKCS12" && upper != "JKS")
            invalid(key, value, QStringLiteral("PEM, PKCS12 or JKS"));
        target = upper;
    };
    auto list = [](const QString &value) {
        QStringList items;
        for (const QString &item : value.split(',', Qt::SkipEmptyParts))
            if (!item.trimmed().isEmpty())
                items.append(item.trimmed());
        return items;
    };
    server::TlsSettings &tls = server.tls;
    // One ssl.<name> (or ssl.quorum.<name>) key; false when <name> is not a TLS setting ZooScope reads.
    auto tlsKey = [&](const QString &name, const QString &key, const QString &value, server::TlsSettings &target,
                      PasswordPaths &passwordPaths) {
        if (name == "keyStore.location")
            target.keyStore.location = value;
        else if (name == "keyStore.password")
            target.keyStore.password = value;
        else if (name == "keyStore.passwordPath")
            passwordPaths.keyStore = value;
        else if (name == "keyStore.type")
            storeType(key, value, target.keyStore.type);
        else if (name == "trustStore.location")
            target.trustStore.location = value;
        else if (name == "trustStore.password")
            target.trustStore.password = value;
        else if (name == "trustStore.passwordPath")
            passwordPaths.trustStore = value;
        else if (name == "trustStore.type")
            storeType(key, value, target.trustStore.type);
        else if (name == "clientAuth") {
            if (!server::parseTlsClientAuth(value, &target.clientAuth))
                invalid(key, value, QStringLiteral("none, want or need"));
        } else if (name == "protocol") {
            QSsl::SslProtocol protocol;
            if (!server::tlsProtocolFromNames({value}, &protocol))
                invalid(key, value, QStringLiteral("TLSv1.2 or TLSv1.3"));
            target.protocol = value.trimmed();
        } else if (name == "enabledProtocols") {
            QSsl::SslProtocol protocol;
            target.enabledProtocols = list(value);
            if (!server::tlsProtocolFromNames(target.enabledProtocols, &protocol))
                invalid(key, value, QStringLiteral("a comma-separated list of TLSv1.2 and TLSv1.3"));
        } else if (name == "ciphersuites")
            target.cipherSuites = list(value);
        else if (name == "hostnameVerification")
            boolean(key, value, target.hostnameVerification);
        else
            return false;
        return true;
    };

    for (const QString &key : properties.order) {
        const QString value = properties.values.value(key);
        if (key == "tickTime")
            integer(key, value, 1, intMax, server.tickTimeMs);
        else if (key == "initLimit")
            integer(key, value, 1, intMax, config.initLimit);
        else if (key == "syncLimit")
            integer(key, value, 1, intMax, config.syncLimit);
        else if (key == "dataDir")
            server.dataDirectory = value;
        else if (key == "dataLogDir")
            server.dataLogDirectory = value;
        else if (key == "clientPort") {
            integer(key, value, 0, 65535, server.clientPort);
            clientPortSet = true;
        } else if (key == "secureClientPort")
            integer(key, value, 0, 65535, server.secureClientPort);
        else if (key == "secureClientPortAddress") {
            if (QHostAddress(value).isNull() && value != "localhost")
                invalid(key, value, QStringLiteral("an IP address"));
            server.secureClientPortAddress = value == "localhost" ? QStringLiteral("127.0.0.1") : value;
        } else if (key.startsWith("ssl.quorum.")
                   && tlsKey(key.mid(11), key, value, config.quorumTls, quorumPasswordPaths)) {
            // read into quorumTls
        } else if (key.startsWith("ssl.") && !key.startsWith("ssl.quorum.")
                   && tlsKey(key.mid(4), key, value, tls, clientPasswordPaths)) {
            // read into tls
        } else if (key == "X509AuthenticationProvider.superUser")
            server.x509SuperUser = value.toUtf8();
        else if (key == "sslQuorum")
            boolean(key, value, config.sslQuorum);
        else if (tlsUnsupported.contains(key) || key == "ssl.quorum.crl" || key == "ssl.quorum.ocsp")
            config.warnings.append(QStringLiteral("%1 is not supported by ZooScope and is ignored").arg(key));
        else if (key == "clientPortAddress") {
            if (QHostAddress(value).isNull() && value != "localhost")
                invalid(key, value, QStringLiteral("an IP address"));
            server.clientPortAddress = value == "localhost" ? QStringLiteral("127.0.0.1") : value;
        } else if (key == "maxClientCnxns")
            integer(key, value, 0, intMax, server.maxClientConnectionsPerHost);
        else if (key == "minSessionTimeout")
            integer(key, value, -1, intMax, server.minSessionTimeoutMs);
        else if (key == "maxSessionTimeout")
            integer(key, value, -1, intMax, server.maxSessionTimeoutMs);
        else if (key == "snapCount")
            integer(key, value, 2, intMax, config.snapCount);
        else if (key == "preAllocSize")
            integer(key, value, 1, std::numeric_limits<qint64>::max() / 1024, config.preAllocSizeKb);
        else if (key == "autopurge.snapRetainCount")
            integer(key, value, 3, intMax, config.autopurgeSnapRetainCount);
        else if (key == "autopurge.purgeInterval")
            integer(key, value, 0, intMax, config.autopurgePurgeIntervalHours);
        else if (key == "forceSync")
            boolean(key, value, config.forceSync);
        else if (key == "4lw.commands.whitelist") {
            server.fourLetterWordWhitelist.clear();
            for (const QString &word : value.split(',', Qt::SkipEmptyParts))
                server.fourLetterWordWhitelist.insert(word.trimmed().toLatin1());
        } else if (key == "jute.maxbuffer")
            integer(key, value, 1, intMax, server.juteMaxBuffer);
        else if (key == "extendedTypesEnabled" || key == "zookeeper.extendedTypesEnabled")
            boolean(key, value, server.extendedTypesEnabled);
        else if (key == "readonlymode.enabled" || key == "zookeeper.readonlymode.enabled")
            boolean(key, value, server.readOnlyModeEnabled);
        else if (key == "enforceQuota")
            boolean(key, value, server.enforceQuota);
        else if (key == "localSessionsEnabled")
            boolean(key, value, server.localSessionsEnabled);
        else if (key == "localSessionsUpgradingEnabled")
            boolean(key, value, server.localSessionsUpgradingEnabled);
        else if (key == "reconfigEnabled")
            boolean(key, value, server.reconfigEnabled);
        else if (key == "skipACL" || key == "zookeeper.skipACL")
            boolean(key, value, server.skipAcl);
        else if (key == "dynamicConfigFile")
            config.dynamicConfigFile = value;
        else if (key == "DigestAuthenticationProvider.superDigest"
                 || key == "zookeeper.DigestAuthenticationProvider.superDigest") {
            if (!value.contains(':'))
                invalid(key, value, QStringLiteral("super:<base64 SHA-1 digest>"));
            server.superDigest = value.toUtf8();
        } else if (parseSaslKey(key, value, config, boolean, invalid)) {
            // handled
        } else if (key == "znode.container.checkIntervalMs")
            integer(key, value, 1, intMax, server.containerCheckIntervalMs);
        else if (key.startsWith("server.")) {
            const auto id = parseInteger(key.mid(7), 0, std::numeric_limits<qint64>::max());
            const auto entry = id ? parseServerEntry(*id, value) : std::nullopt;
            if (!entry)
                invalid(key, value, QStringLiteral("host:quorumPort:electionPort[:observer|:participant]"));
            else
                config.servers.append(*entry);
        } else if (acceptedButUnused.contains(key) || key.startsWith("group.") || key.startsWith("weight.")) {
            // Known to Apache ZooKeeper; without effect on a ZooScope member so far.
        } else {
            config.warnings.append(QStringLiteral("Unknown key '%1' in zoo.cfg is ignored").arg(key));
        }
    }
    if (!clientPortSet && server.secureClientPort >= 0)
        server.clientPort = -1; // only the secure port, as Apache ZooKeeper does without clientPort
    if (error.isEmpty() && !server.secureClientPortAddress.isEmpty() && server.secureClientPort < 0)
        error = QStringLiteral("secureClientPortAddress is set but secureClientPort is not set in zoo.cfg");
    auto readPassword = [&error](const QString &key, const QString &path, QString &target) {
        if (path.isEmpty() || !error.isEmpty())
            return;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            error = QStringLiteral("Cannot read %1 %2: %3").arg(key, path, file.errorString());
        else
            target = QString::fromUtf8(file.readAll()).trimmed();
    };
    readPassword(QStringLiteral("ssl.keyStore.passwordPath"), clientPasswordPaths.keyStore, tls.keyStore.password);
    readPassword(QStringLiteral("ssl.trustStore.passwordPath"), clientPasswordPaths.trustStore, tls.trustStore.password);
    readPassword(QStringLiteral("ssl.quorum.keyStore.passwordPath"), quorumPasswordPaths.keyStore,
                 config.quorumTls.keyStore.password);
    readPassword(QStringLiteral("ssl.quorum.trustStore.passwordPath"), quorumPasswordPaths.trustStore,
                 config.quorumTls.trustStore.password);
    if (error.isEmpty() && config.sslQuorum && config.quorumTls.keyStore.location.isEmpty())
        error = QStringLiteral("sslQuorum=true needs ssl.quorum.keyStore.location (and ssl.quorum.trustStore.location)");
    if (error.isEmpty() && server.dataDirectory.isEmpty())
        error = QStringLiteral("dataDir is not set in zoo.cfg");
    if (error.isEmpty() && server.effectiveMinSessionTimeout() > server.effectiveMaxSessionTimeout())
        error = QStringLiteral("minSessionTimeout %1 must not be larger than maxSessionTimeout %2")
                    .arg(server.effectiveMinSessionTimeout())
                    .arg(server.effectiveMaxSessionTimeout());
    if (error.isEmpty())
        error = resolveAuthEnforcement(config);
    if (error.isEmpty())
        error = loadJaasUsers(config);
    if (!error.isEmpty())
        return {std::nullopt, error};
    return {config, {}};
}

ZooConfigResult loadZooConfig(const QString &path, const SystemProperties &systemProperties)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {std::nullopt, QStringLiteral("Cannot read configuration file %1: %2").arg(path, file.errorString())};
    ZooConfigResult result = parseZooConfig(file.readAll(), systemProperties);
    if (!result.config)
        return result;
    result.config->sourcePath = path;
    if (result.config->dynamicConfigFile.isEmpty())
        return result;
    // Members live in the dynamic file (ZooKeeper 3.5+): server.N lines and the version they are at.
    QFile dynamicFile(result.config->dynamicConfigFile);
    if (!dynamicFile.open(QIODevice::ReadOnly))
        return {std::nullopt, QStringLiteral("Cannot read dynamicConfigFile %1: %2")
                                  .arg(result.config->dynamicConfigFile, dynamicFile.errorString())};
    QString error;
    const std::optional<DynamicConfig> dynamic = DynamicConfig::parse(dynamicFile.readAll(), &error);
    if (!dynamic)
        return {std::nullopt, QStringLiteral("In dynamicConfigFile %1: %2").arg(result.config->dynamicConfigFile, error)};
    if (!result.config->servers.isEmpty())
        result.config->warnings.append(QStringLiteral("server.N lines in %1 are ignored: dynamicConfigFile %2 names the members")
                                           .arg(path, result.config->dynamicConfigFile));
    result.config->servers = QList<QuorumServerEntry>(dynamic->servers.begin(), dynamic->servers.end());
    result.config->dynamicConfigVersion = dynamic->version;
    return result;
}

QString zooConfigHelp()
{
    return QStringLiteral(
        "zoo.cfg keys (Apache ZooKeeper's names and defaults):\n"
        "  tickTime=2000                 base time unit in ms\n"
        "  initLimit=10, syncLimit=5     ensemble limits in ticks\n"
        "  dataDir=PATH                  snapshots and epochs (required)\n"
        "  dataLogDir=PATH               transaction logs (default: dataDir)\n"
        "  clientPort=2181               client port\n"
        "  clientPortAddress=ADDRESS     address to bind (default: all)\n"
        "  secureClientPort=PORT         TLS client port (beside clientPort; alone when clientPort is unset)\n"
        "  secureClientPortAddress=ADDRESS  address to bind the TLS port (default: all)\n"
        "  ssl.keyStore.location=FILE    server certificate + private key, PEM, PKCS12 or JKS (required for TLS)\n"
        "  ssl.keyStore.password=SECRET  (or ssl.keyStore.passwordPath=FILE) key store / PEM key password\n"
        "  ssl.keyStore.type=PEM|PKCS12|JKS  default: from the file extension (.pem, .p12, .pfx, .jks);\n"
        "                                JCEKS and BCFKS are refused\n"
        "  ssl.trustStore.location=FILE  CA certificates that verify clients: PEM, PKCS12 (also certificates\n"
        "                                only, as keytool -importcert writes it) or JKS trusted certificates\n"
        "  ssl.trustStore.password=SECRET, ssl.trustStore.passwordPath=FILE, ssl.trustStore.type=PEM|PKCS12|JKS\n"
        "  ssl.clientAuth=need           none, want or need: client certificates\n"
        "  ssl.protocol=TLSv1.2          ssl.enabledProtocols=TLSv1.2,TLSv1.3 (default: ssl.protocol)\n"
        "  ssl.ciphersuites=LIST         cipher suites, Java or OpenSSL names (default: the TLS library's)\n"
        "  ssl.hostnameVerification=true accepted; like Apache, client host names are not checked\n"
        "  X509AuthenticationProvider.superUser=DN  certificate subject (RFC 2253) that is the super user\n"
        "  sslQuorum=false               ensemble links over TLS; then ssl.quorum.keyStore.*, ssl.quorum.trustStore.*,\n"
        "                                ssl.quorum.protocol, ssl.quorum.hostnameVerification=true as for ssl.*\n"
        "  maxClientCnxns=60             connections per client address (0: unlimited)\n"
        "  minSessionTimeout=2*tickTime, maxSessionTimeout=20*tickTime\n"
        "  snapCount=100000              transactions between snapshots\n"
        "  preAllocSize=65536            log preallocation in KB\n"
        "  autopurge.snapRetainCount=3, autopurge.purgeInterval=0 (hours; 0 disables)\n"
        "  forceSync=yes                 fsync the log before acknowledging writes\n"
        "  4lw.commands.whitelist=srvr   four-letter words allowed, comma separated, * for all\n"
        "  jute.maxbuffer=1048575        largest packet in bytes\n"
        "  extendedTypesEnabled=false    allow TTL nodes\n"
        "  enforceQuota=false            refuse writes over a hard quota (QuotaExceeded)\n"
        "  readonlymode.enabled=false    ensemble: serve read-only sessions while there is no quorum\n"
        "  localSessionsEnabled=false    ensemble: new sessions are the member's own, without a transaction\n"
        "  localSessionsUpgradingEnabled=false  a local session creating an ephemeral node becomes global\n"
        "  DigestAuthenticationProvider.superDigest=super:BASE64  super user digest\n"
        "  znode.container.checkIntervalMs=60000  container and TTL cleanup interval\n"
        "  server.N=host:quorumPort:electionPort[:observer][;[address:]clientPort]  ensemble members\n"
        "  dynamicConfigFile=PATH        ensemble members in a file of their own (written by reconfig)\n"
        "  reconfigEnabled=false         allow the reconfig operation (super user, or skipACL=yes)\n"
        "  skipACL=no                    no ACL checks at all (and anyone may reconfigure)\n"
        "SASL (DIGEST-MD5, or GSSAPI/Kerberos, as Apache ZooKeeper):\n"
        "  java.security.auth.login.config=FILE  JAAS file whose Server section lists\n"
        "                                DigestLoginModule users: user_NAME=\"PASSWORD\" (ZooScope's zoo.cfg\n"
        "                                spelling of the JVM property; -D on the command line works too)\n"
        "                                or a Krb5LoginModule with useKeyTab=true keyTab=\"KEYTAB\"\n"
        "                                principal=\"zookeeper/HOST@REALM\": the server then offers GSSAPI\n"
        "                                only (Cyrus plugin from libsasl2-modules-gssapi-mit), as service\n"
        "                                zookeeper on HOST, with the key from KEYTAB\n"
        "  java.security.krb5.conf=FILE  krb5.conf for Kerberos (exported as KRB5_CONFIG; default\n"
        "                                KRB5_CONFIG or /etc/krb5.conf)\n"
        "  kerberos.removeHostFromPrincipal=false, kerberos.removeRealmFromPrincipal=false  sasl id\n"
        "                                of a Kerberos user: user/host@REALM, or without /host or @REALM\n"
        "  sasl.serverconfig=Server      the JAAS section the server reads\n"
        "  authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider  the sasl ACL scheme\n"
        "  superUser=NAME                a SASL user that passes every ACL (also superUser.X=NAME)\n"
        "  SASLAuthenticationProvider.superPassword=P  password of SASL user \"super\" (over the JAAS file's)\n"
        "  allowSaslFailedClients=false  keep connections whose SASL login failed\n"
        "  sessionRequireClientSASLAuth=false  refuse requests of connections without SASL login\n"
        "  enforce.auth.enabled=false, enforce.auth.schemes=SCHEME,...  refuse requests of connections\n"
        "                                without an id of those schemes\n");
}

storage::DatabaseOptions databaseOptions(const ZooConfig &config)
{
    storage::DatabaseOptions options;
    options.dataDirectory = config.server.dataDirectory;
    options.dataLogDirectory = config.server.dataLogDirectory;
    options.snapCount = config.snapCount;
    options.preallocateBytes = config.preAllocSizeKb * 1024;
    options.forceSync = config.forceSync;
    options.snapRetainCount = config.autopurgeSnapRetainCount;
    return options;
}

} // namespace zooscope::node
