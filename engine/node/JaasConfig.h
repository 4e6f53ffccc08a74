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

// The DIGEST-MD5 users (user_<name>="<password>") of a server section, as Apache ZooKeeper's
// SaslServerCallbackHandler takes them; nullopt with *error when the section is missing or has
// no DigestLoginModule (ZooScope serves DIGEST-MD5 only, not Kerberos).
std::optional<QHash<QByteArray, QByteArray>> jaasDigestUsers(const JaasConfig &config, const QString &sectionName,
                                                             const QString &fileName, QString *error);

} // namespace zooscope::node
