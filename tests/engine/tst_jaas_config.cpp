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
            jaasDigestUsers(*parsed.config, QStringLiteral("Server"), QStringLiteral("server.jaas"), &error);
        QVERIFY2(found, qPrintable(error));
        QCOMPARE(*found, users);
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

    void serverSectionMustExistAndUseDigest_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no Server section")
            << QByteArray("Client { org.apache.zookeeper.server.auth.DigestLoginModule required username=\"a\"; };")
            << QStringLiteral("No JAAS configuration section named 'Server' was found in 'f.jaas'.");
        QTest::newRow("Kerberos only")
            << QByteArray("Server {\n com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true;\n};")
            << QStringLiteral(
                   "JAAS section 'Server' in f.jaas (line 1) has com.sun.security.auth.module.Krb5LoginModule; "
                   "ZooScope serves SASL DIGEST-MD5 only, configured with "
                   "org.apache.zookeeper.server.auth.DigestLoginModule");
    }
    void serverSectionMustExistAndUseDigest()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QString, expected);
        const JaasParseResult parsed = parseJaasConfig(contents, QStringLiteral("f.jaas"));
        QVERIFY2(parsed.config, qPrintable(parsed.error));
        QString error;
        QVERIFY(!jaasDigestUsers(*parsed.config, QStringLiteral("Server"), QStringLiteral("f.jaas"), &error));
        QCOMPARE(error, expected);
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
