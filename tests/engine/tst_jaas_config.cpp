// JAAS files (java.security.auth.login.config) and zoo.cfg's SASL keys: what Apache ZooKeeper's users
// write is read, and a malformed file is an error naming the file and the line.

#include "node/JaasConfig.h"
#include "node/ZooConfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace zooscope;
using namespace zooscope::node;

using UserTable = QHash<QByteArray, QByteArray>;

class TestJaasConfig : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_directory;

    QString writeFile(const QString &name, const QByteArray &contents)
    {
        const QString path = m_directory.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private Q_SLOTS:
    void readsServerUsers_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<UserTable>("users");

        QTest::newRow("zookeeper documentation")
            << QByteArray("Server {\n"
                          "  org.apache.zookeeper.server.auth.DigestLoginModule required\n"
                          "  user_super=\"adminsecret\"\n"
                          "  user_bob=\"bobsecret\";\n"
                          "};\n")
            << UserTable{{"super", "adminsecret"}, {"bob", "bobsecret"}};
        QTest::newRow("comments, other sections, bare values")
            << QByteArray("// the client side\n"
                          "Client { org.apache.zookeeper.server.auth.DigestLoginModule required username=\"bob\" "
                          "password=\"x\"; };\n"
                          "/* the server side,\n   two lines */ Server {\n"
                          "  org.apache.zookeeper.server.auth.DigestLoginModule REQUIRED user_alice=plain.word-1;\n"
                          "};")
            << UserTable{{"alice", "plain.word-1"}};
        QTest::newRow("escapes and spaces in quotes")
            << QByteArray("Server { org.apache.zookeeper.server.auth.DigestLoginModule required "
                          "user_carol=\"a \\\"quoted\\\" pass\\\\word\" user_dave=\"\"; };")
            << UserTable{{"carol", "a \"quoted\" pass\\word"}, {"dave", ""}};
        QTest::newRow("non-user options ignored")
            << QByteArray("Server { org.apache.zookeeper.server.auth.DigestLoginModule required debug=true "
                          "user_erin=\"e\"; };")
            << UserTable{{"erin", "e"}};
    }
    void readsServerUsers()
    {
        QFETCH(QByteArray, contents);
        QFETCH(UserTable, users);
        const JaasParseResult parsed = parseJaasConfig(contents, QStringLiteral("server.jaas"));
        QVERIFY2(parsed.config, qPrintable(parsed.error));
        QString error;
        const auto found =
            jaasServerLogin(*parsed.config, QStringLiteral("Server"), QStringLiteral("server.jaas"), &error);
        QVERIFY2(found, qPrintable(error));
        QCOMPARE(found->digestUsers, users);
        QVERIFY2(!found->kerberos, "no Krb5LoginModule, no Kerberos");
    }

    void readsKerberosLogin_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("keyTab");
        QTest::addColumn<QString>("principal");
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("realm");
        QTest::addColumn<UserTable>("users");

        QTest::newRow("zookeeper documentation")
            << QByteArray("Server {\n"
                          "  com.sun.security.auth.module.Krb5LoginModule required\n"
                          "  useKeyTab=true\n"
                          "  keyTab=\"/path/zk.keytab\"\n"
                          "  storeKey=true\n"
                          "  useTicketCache=false\n"
                          "  principal=\"zookeeper/localhost@EXAMPLE.COM\";\n"
                          "};\n")
            << QStringLiteral("/path/zk.keytab") << QStringLiteral("zookeeper/localhost@EXAMPLE.COM")
            << QStringLiteral("zookeeper") << QStringLiteral("localhost") << QStringLiteral("EXAMPLE.COM")
            << UserTable{};
        QTest::newRow("flag and boolean in other case, host name with dots")
            << QByteArray("Server { com.sun.security.auth.module.Krb5LoginModule REQUIRED useKeyTab=TRUE "
                          "keyTab=\"/etc/zk/zk.keytab\" principal=\"zk/node1.example.org@EXAMPLE.ORG\"; };")
            << QStringLiteral("/etc/zk/zk.keytab") << QStringLiteral("zk/node1.example.org@EXAMPLE.ORG")
            << QStringLiteral("zk") << QStringLiteral("node1.example.org") << QStringLiteral("EXAMPLE.ORG")
            << UserTable{};
        QTest::newRow("no realm, default keytab")
            << QByteArray("Server { com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true "
                          "principal=\"zookeeper/localhost\"; };")
            << QString() << QStringLiteral("zookeeper/localhost") << QStringLiteral("zookeeper")
            << QStringLiteral("localhost") << QString() << UserTable{};
        QTest::newRow("with DigestLoginModule users")
            << QByteArray("Server {\n"
                          "  org.apache.zookeeper.server.auth.DigestLoginModule required user_bob=\"b\";\n"
                          "  com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true\n"
                          "  keyTab=\"/k\" principal=\"zookeeper/localhost@EXAMPLE.COM\";\n"
                          "};")
            << QStringLiteral("/k") << QStringLiteral("zookeeper/localhost@EXAMPLE.COM") << QStringLiteral("zookeeper")
            << QStringLiteral("localhost") << QStringLiteral("EXAMPLE.COM") << UserTable{{"bob", "b"}};
    }
    void readsKerberosLogin()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QString, keyTab);
        QFETCH(QString, principal);
        QFETCH(QString, service);
        QFETCH(QString, host);
        QFETCH(QString, realm);
        QFETCH(UserTable, users);
        const JaasParseResult parsed = parseJaasConfig(contents, QStringLiteral("server.jaas"));
        QVERIFY2(parsed.config, qPrintable(parsed.error));
        QString error;
        const auto found =
            jaasServerLogin(*parsed.config, QStringLiteral("Server"), QStringLiteral("server.jaas"), &error);
        QVERIFY2(found, qPrintable(error));
        QVERIFY2(found->kerberos, "a Krb5LoginModule means Kerberos");
        QCOMPARE(found->kerberos->keyTab, keyTab);
        QCOMPARE(found->kerberos->principal, principal);
        QCOMPARE(found->kerberos->service, service);
        QCOMPARE(found->kerberos->host, host);
        QCOMPARE(found->kerberos->realm, realm);
        QCOMPARE(found->digestUsers, users);
    }

    void malformedFilesNameTheLine_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("expected");

        QTest::newRow("missing semicolon after brace")
            << QByteArray("Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required user_a=\"b\";\n}\n")
            << QStringLiteral("server.jaas line 4: expected ';' after '}', found the end of the file");
        QTest::newRow("missing flag")
            << QByteArray("Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule user_a=\"b\";\n};")
            << QStringLiteral(
                   "server.jaas line 2: expected a control flag (required, requisite, sufficient or optional) "
                   "after org.apache.zookeeper.server.auth.DigestLoginModule, found 'user_a'");
        QTest::newRow("unclosed quote") << QByteArray("Server {\n DigestLoginModule required\n user_a=\"b;\n};")
                                        << QStringLiteral("server.jaas line 3: quoted value is not closed on its line");
        QTest::newRow("option without value")
            << QByteArray("Server {\n DigestLoginModule required user_a=;\n};")
            << QStringLiteral("server.jaas line 2: expected a value for option user_a, found ';'");
        QTest::newRow("option without equals")
            << QByteArray("Server { DigestLoginModule required\n\n user_a \"b\"; };")
            << QStringLiteral("server.jaas line 3: expected '=' after option user_a, found \"b\"");
        QTest::newRow("no opening brace") << QByteArray("Server\n DigestLoginModule required;\n};")
                                          << QStringLiteral("server.jaas line 2: expected '{' after section name, "
                                                            "found 'DigestLoginModule'");
        QTest::newRow("section twice") << QByteArray("Server { };\nServer { };")
                                       << QStringLiteral("server.jaas line 2: section 'Server' appears twice");
        QTest::newRow("unclosed comment") << QByteArray("Server { };\n/* never\nclosed")
                                          << QStringLiteral("server.jaas line 2: comment /* is not closed");
        QTest::newRow("stray symbol") << QByteArray("{ };")
                                      << QStringLiteral("server.jaas line 1: expected a section "
                                                        "name, found '{'");
    }
    void malformedFilesNameTheLine()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QString, expected);
        const JaasParseResult parsed = parseJaasConfig(contents, QStringLiteral("server.jaas"));
        QVERIFY2(!parsed.config, "a malformed file must not parse");
        QCOMPARE(parsed.error, QStringLiteral("JAAS configuration ") + expected);
    }

    void serverSectionErrors_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("expected");
        const QString modules = QStringLiteral("ZooScope's server supports "
                                               "org.apache.zookeeper.server.auth.DigestLoginModule (SASL DIGEST-MD5) "
                                               "and com.sun.security.auth.module.Krb5LoginModule (SASL GSSAPI)");
        QTest::newRow("no Server section")
            << QByteArray("Client { org.apache.zookeeper.server.auth.DigestLoginModule required username=\"a\"; };")
            << QStringLiteral("No JAAS configuration section named 'Server' was found in 'f.jaas'.");
        QTest::newRow("another login module")
            << QByteArray("Server {\n com.example.LdapLoginModule required url=\"ldap://x\";\n};")
            << QStringLiteral("JAAS section 'Server' in f.jaas (line 2) has com.example.LdapLoginModule; %1")
                   .arg(modules);
        QTest::newRow("no login module")
            << QByteArray("Server {\n};")
            << QStringLiteral("JAAS section 'Server' in f.jaas (line 1) has no login module; %1").arg(modules);
        QTest::newRow("Kerberos without keytab")
            << QByteArray("Server {\n com.sun.security.auth.module.Krb5LoginModule required useTicketCache=true "
                          "principal=\"zookeeper/localhost@EXAMPLE.COM\";\n};")
            << QStringLiteral("JAAS section 'Server' in f.jaas (line 2): Krb5LoginModule needs useKeyTab=true; "
                              "ZooScope's server takes its Kerberos key from a keytab");
        QTest::newRow("Kerberos without principal")
            << QByteArray("Server {\n\n com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true "
                          "keyTab=\"/k\";\n};")
            << QStringLiteral("JAAS section 'Server' in f.jaas (line 3): Krb5LoginModule has no principal option (the "
                              "server's service principal, e.g. principal=\"zookeeper/host.example.com@EXAMPLE.COM\")");
        QTest::newRow("principal without host")
            << QByteArray("Server { com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true "
                          "keyTab=\"/k\" principal=\"zookeeper@EXAMPLE.COM\"; };")
            << QStringLiteral("JAAS section 'Server' in f.jaas (line 1): Krb5LoginModule principal "
                              "'zookeeper@EXAMPLE.COM' is not of the form service/host@REALM (Apache ZooKeeper takes "
                              "the SASL service and host name from it)");
        QTest::newRow("principal with three components")
            << QByteArray("Server { com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true "
                          "keyTab=\"/k\" principal=\"a/b/c@EXAMPLE.COM\"; };")
            << QStringLiteral("JAAS section 'Server' in f.jaas (line 1): Krb5LoginModule principal "
                              "'a/b/c@EXAMPLE.COM' is not of the form service/host@REALM (Apache ZooKeeper takes "
                              "the SASL service and host name from it)");
        QTest::newRow("two Kerberos modules")
            << QByteArray("Server {\n com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true "
                          "keyTab=\"/k\" principal=\"zookeeper/a@R\";\n"
                          " com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true "
                          "keyTab=\"/k\" principal=\"zookeeper/b@R\";\n};")
            << QStringLiteral("JAAS section 'Server' in f.jaas (line 3): a second Krb5LoginModule; the server logs "
                              "in as one principal");
    }
    void serverSectionErrors()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QString, expected);
        const JaasParseResult parsed = parseJaasConfig(contents, QStringLiteral("f.jaas"));
        QVERIFY2(parsed.config, qPrintable(parsed.error));
        QString error;
        QVERIFY(!jaasServerLogin(*parsed.config, QStringLiteral("Server"), QStringLiteral("f.jaas"), &error));
        QCOMPARE(error, expected);
    }

    void zooConfigTakesKerberosSettings()
    {
        const QString jaas = writeFile(QStringLiteral("kerberos.jaas"),
                                       "Server { com.sun.security.auth.module.Krb5LoginModule required "
                                       "useKeyTab=true keyTab=\"/etc/zk.keytab\" storeKey=true "
                                       "principal=\"zookeeper/node1@EXAMPLE.COM\"; "
                                       "org.apache.zookeeper.server.auth.DigestLoginModule required user_x=\"y\"; };");
        const ZooConfigResult result = parseZooConfig(
            "dataDir=/tmp/zk\n",
            systemPropertiesFrom({QStringLiteral("-Djava.security.auth.login.config=") + jaas,
                                  QStringLiteral("-Djava.security.krb5.conf=/etc/test-krb5.conf"),
                                  QStringLiteral("-Dzookeeper.kerberos.removeHostFromPrincipal=true"),
                                  QStringLiteral("-Dzookeeper.kerberos.removeRealmFromPrincipal=false")}));
        QVERIFY2(result.config, qPrintable(result.error));
        const server::SaslServerConfig &sasl = result.config->server.sasl;
        QVERIFY(sasl.enabled());
        QVERIFY(sasl.kerberos);
        QCOMPARE(QString::fromLatin1(sasl.mechanism()), QStringLiteral("GSSAPI"));
        QCOMPARE(sasl.kerberos->keytab, QStringLiteral("/etc/zk.keytab"));
        QCOMPARE(sasl.kerberos->principal, QStringLiteral("zookeeper/node1@EXAMPLE.COM"));
        QCOMPARE(sasl.kerberos->service, QStringLiteral("zookeeper"));
        QCOMPARE(sasl.kerberos->host, QStringLiteral("node1"));
        QCOMPARE(sasl.jaasFile, jaas);
        QCOMPARE(sasl.krb5ConfigFile, QStringLiteral("/etc/test-krb5.conf"));
        QVERIFY(sasl.removeHostFromPrincipal);
        QVERIFY(!sasl.removeRealmFromPrincipal);
        QVERIFY2(result.config->warnings.isEmpty(), qPrintable(result.config->warnings.join('\n')));
    }

    void zooConfigLoadsJaasFromEverySpelling_data()
    {
        QTest::addColumn<QString>("zooCfgKey");
        QTest::addColumn<QStringList>("jvmFlags");
        QTest::newRow("zoo.cfg key") << QStringLiteral("java.security.auth.login.config") << QStringList();
        QTest::newRow("system property") << QString() << QStringList{QStringLiteral("-Xmx64m"), QStringLiteral("-D")};
    }
    void zooConfigLoadsJaasFromEverySpelling()
    {
        QFETCH(QString, zooCfgKey);
        QFETCH(QStringList, jvmFlags);
        const QString jaas = writeFile(QStringLiteral("spelling.jaas"),
                                       "Server { org.apache.zookeeper.server.auth.DigestLoginModule required "
                                       "user_alice=\"secret\"; };");
        QByteArray cfg = "dataDir=/tmp/zk\nauthProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider\n"
                         "superUser=alice\n";
        if (!zooCfgKey.isEmpty())
            cfg += zooCfgKey.toUtf8() + '=' + jaas.toUtf8() + '\n';
        else
            jvmFlags.append(QStringLiteral("-Djava.security.auth.login.config=") + jaas);
        const ZooConfigResult result = parseZooConfig(cfg, systemPropertiesFrom(jvmFlags));
        QVERIFY2(result.config, qPrintable(result.error));
        const server::SaslServerConfig &sasl = result.config->server.sasl;
        QVERIFY(sasl.enabled());
        QCOMPARE(sasl.digestUsers, (UserTable{{"alice", "secret"}}));
        QVERIFY(sasl.aclSchemeEnabled);
        QCOMPARE(sasl.superUsers, (QSet<QByteArray>{"alice"}));
        QVERIFY2(result.config->warnings.isEmpty(), qPrintable(result.config->warnings.join('\n')));
    }

    void zooConfigSaslErrors_data()
    {
        QTest::addColumn<QByteArray>("cfg");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing file") << QByteArray("java.security.auth.login.config=/nonexistent/zk.jaas\n")
                                      << QStringLiteral("Cannot read JAAS configuration /nonexistent/zk.jaas");
        QTest::newRow("required SASL without provider")
            << QByteArray("sessionRequireClientSASLAuth=true\n")
            << QStringLiteral("Authentication scheme sasl is not available");
        QTest::newRow("enforcement without schemes")
            << QByteArray("enforce.auth.enabled=true\n") << QStringLiteral("enforce.auth.schemes must be configured");
        QTest::newRow("bad boolean") << QByteArray("allowSaslFailedClients=perhaps\n")
                                     << QStringLiteral("Invalid value 'perhaps' for allowSaslFailedClients");
        QTest::newRow("bad Kerberos boolean")
            << QByteArray("kerberos.removeRealmFromPrincipal=yes please\n")
            << QStringLiteral("Invalid value 'yes please' for kerberos.removeRealmFromPrincipal in zoo.cfg: expected "
                              "true or false");
    }
    void zooConfigSaslErrors()
    {
        QFETCH(QByteArray, cfg);
        QFETCH(QString, expected);
        const ZooConfigResult result = parseZooConfig("dataDir=/tmp/zk\n" + cfg);
        QVERIFY2(!result.config, "the configuration must be refused");
        QVERIFY2(result.error.contains(expected), qPrintable(result.error));
    }

    void zooConfigNamesTheMalformedJaasLine()
    {
        const QString jaas =
            writeFile(QStringLiteral("broken.jaas"), "Server {\n  DigestLoginModule required\n  user_a=\"b\"\n");
        const ZooConfigResult result = parseZooConfig(
            "dataDir=/tmp/zk\n", systemPropertiesFrom({QStringLiteral("-Djava.security.auth.login.config=") + jaas}));
        QVERIFY(!result.config);
        QCOMPARE(result.error,
                 QStringLiteral("JAAS configuration %1 line 4: expected an option name or ';', found the end "
                                "of the file")
                     .arg(jaas));
    }

    void superPasswordReplacesTheJaasPassword()
    {
        const QString jaas = writeFile(QStringLiteral("super.jaas"),
                                       "Server { org.apache.zookeeper.server.auth.DigestLoginModule required "
                                       "user_super=\"from-file\" user_bob=\"b\"; };");
        const ZooConfigResult result = parseZooConfig(
            "dataDir=/tmp/zk\njava.security.auth.login.config=" + jaas.toUtf8() + '\n',
            systemPropertiesFrom({QStringLiteral("-Dzookeeper.SASLAuthenticationProvider.superPassword=from-property")}));
        QVERIFY2(result.config, qPrintable(result.error));
        QCOMPARE(result.config->server.sasl.digestUsers, (UserTable{{"super", "from-property"}, {"bob", "b"}}));
    }

    void enforcementKeys()
    {
        const ZooConfigResult result = parseZooConfig(
            "dataDir=/tmp/zk\nauthProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider\n",
            systemPropertiesFrom({QStringLiteral("-Dzookeeper.sessionRequireClientSASLAuth=true"),
                                  QStringLiteral("-Dzookeeper.allowSaslFailedClients=true")}));
        QVERIFY2(result.config, qPrintable(result.error));
        const server::SaslServerConfig &sasl = result.config->server.sasl;
        QVERIFY(sasl.enforceAuthEnabled);
        QCOMPARE(sasl.enforceAuthSchemes, (QSet<QByteArray>{"sasl"}));
        QVERIFY(sasl.saslAuthRequired());
        QVERIFY(sasl.allowFailedClients);
        QVERIFY2(!sasl.enabled(), "without a JAAS file there are no SASL users");

        const ZooConfigResult digestOnly =
            parseZooConfig("dataDir=/tmp/zk\nenforce.auth.enabled=true\nenforce.auth.schemes=digest, ip\n");
        QVERIFY2(digestOnly.config, qPrintable(digestOnly.error));
        QCOMPARE(digestOnly.config->server.sasl.enforceAuthSchemes, (QSet<QByteArray>{"digest", "ip"}));
        QVERIFY(!digestOnly.config->server.sasl.saslAuthRequired());
    }
};

QTEST_GUILESS_MAIN(TestJaasConfig)
#include "tst_jaas_config.moc"
