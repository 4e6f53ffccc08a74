#pragma once
// A JAAS login configuration file as Java reads it (java.security.auth.login.config), the way
// Apache ZooKeeper's users write it:
//
//     Server {
//         org.apache.zookeeper.server.auth.DigestLoginModule required
//         user_super="adminsecret"
//         user_bob="bobsecret";
//     };
//
// Sections of login modules, each with a flag and name=value options (quoted or bare), // and
// /* */ comments. An error names the file and the line.

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace zooscope::node {

struct JaasLoginModule
{
    QString className;
    QString flag; // required, requisite, sufficient or optional
    QMap<QString, QString> options;
    int line = 0;
};

struct JaasSection
{
    QString name;
    QList<JaasLoginModule> modules;
    int line = 0;
};

struct JaasConfig
{
    QList<JaasSection> sections;
    const JaasSection *section(const QString &name) const;
};

struct JaasParseResult
{
    std::optional<JaasConfig> config;
    QString error; // set when config is empty: "<file> line N: ..."
};

JaasParseResult parseJaasConfig(const QByteArray &contents, const QString &fileName);
JaasParseResult loadJaasConfig(const QString &path);

// A Krb5LoginModule of a server section (Apache ZooKeeper's Kerberos set-up):
//     com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true
//     keyTab="/path/zk.keytab" storeKey=true useTicketCache=false principal="zookeeper/host@REALM";
struct JaasKerberosLogin
{
    QString keyTab;    // empty: the Kerberos default keytab
    QString principal; // as written
    QString service;   // the principal's first component: the SASL protocol
    QString host;      // its second component, up to '@': the SASL server name
    QString realm;     // after '@'; empty when not written
};

struct JaasServerLogin
{
    QHash<QByteArray, QByteArray> digestUsers; // DigestLoginModule user_<name>="<password>"
    // Set when the section has a Krb5LoginModule: then the server offers GSSAPI, not DIGEST-MD5, as
    // Apache's SecurityUtils.createSaslServer does once the login gave the server a principal.
    std::optional<JaasKerberosLogin> kerberos;
};

// What a server section configures, as Apache ZooKeeper's SaslServerCallbackHandler and
// Krb5LoginModule take it; nullopt with *error when the section is missing, has a login module
// other than DigestLoginModule and Krb5LoginModule, or a Krb5LoginModule ZooScope cannot log in
// with (no useKeyTab=true, no principal, a principal not of the form service/host[@REALM]).
std::optional<JaasServerLogin> jaasServerLogin(const JaasConfig &config, const QString &sectionName,
                                               const QString &fileName, QString *error);

} // namespace zooscope::node
