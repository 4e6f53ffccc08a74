// SASL DIGEST-MD5 end to end in one process: ZooKeeperClient (Cyrus client side) logs in to a
// ZooScope server (TcpServerDriver, Cyrus server side) on a loopback port; sasl ACLs, the super
// user, wrong passwords and sessionRequireClientSASLAuth behave as in Apache ZooKeeper 3.8.
// Then the same client against real server processes: zooscope-server and Apache ZooKeeper 3.8
// (Java's DIGEST-MD5), each started with a JAAS file given as -Djava.security.auth.login.config.

#include "ServerProcess.h"
#include "client/ZooKeeperClient.h"
#include "server/TcpServerDriver.h"

#include <QMetaEnum>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace zooscope;
using namespace zooscope::client;

namespace {

constexpr int ReplyTimeoutMs = 10000;

template <typename T, typename Invoke> std::optional<Result<T>> await(Invoke invoke)
{
    auto slot = std::make_shared<std::optional<Result<T>>>();
    invoke(Callback<T>([slot](const Result<T> &result) { *slot = result; }));
    (void)QTest::qWaitFor([&] { return slot->has_value(); }, ReplyTimeoutMs);
    return *slot;
}
#define AWAIT(Type, call) await<Type>([&](Callback<Type> done) { call; })

QString stateName(ZooKeeperClient::State state)
{
    return QString::fromLatin1(QMetaEnum::fromType<ZooKeeperClient::State>().valueToKey(int(state)));
}

// The outcome of a call as text, so a failed comparison says what came.
template <typename T> QString outcome(const std::optional<Result<T>> &result)
{
    return result ? errorText(result->error) : QStringLiteral("no reply");
}

AclList saslAcl(const QByteArray &user)
{
    return {proto::Acl{proto::Permission::All, {"sasl", user}}};
}

} // namespace

class TestSaslLogin : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<server::TcpServerDriver> startServer(bool requireSasl)
    {
        server::ServerConfig config;
        config.clientPort = 0;
        config.clientPortAddress = QStringLiteral("127.0.0.1");
        config.tickTimeMs = 200;
        config.sasl.digestUsers = {{"alice", "alice-secret"}, {"bob", "bob-secret"}, {"admin", "admin-secret"}};
        config.sasl.aclSchemeEnabled = true;
        config.sasl.superUsers = {"admin"};
        config.sasl.enforceAuthEnabled = requireSasl;
        if (requireSasl)
            config.sasl.enforceAuthSchemes = {"sasl"};
        auto driver = std::make_unique<server::TcpServerDriver>(config);
        if (!driver->listen())
            qWarning("listen failed: %s", qPrintable(driver->errorString()));
        return driver;
    }

    std::unique_ptr<ZooKeeperClient> open(quint16 port, const QString &user, const QString &password)
    {
        ClientOptions options;
        options.sessionTimeoutMs = 4000;
        options.saslUser = user;
        options.saslPassword = password;
        auto client = std::make_unique<ZooKeeperClient>();
        client->open(QStringLiteral("127.0.0.1:%1").arg(port), options);
        return client;
    }

    // Waits for Connected (a finished login) or a final state.
    static ZooKeeperClient::State settle(ZooKeeperClient &client)
    {
        (void)QTest::qWaitFor(
            [&] {
                const auto state = client.state();
                return state == ZooKeeperClient::State::Connected || state == ZooKeeperClient::State::AuthFailed ||
                       state == ZooKeeperClient::State::Expired;
            },
            ReplyTimeoutMs);
        return client.state();
    }

private Q_SLOTS:
    void loginGrantsTheSaslId()
    {
        const auto server = startServer(false);
        QVERIFY2(server->port() != 0, qPrintable(server->errorString()));
        const auto alice = open(server->port(), QStringLiteral("alice"), QStringLiteral("alice-secret"));
        QCOMPARE(stateName(settle(*alice)), stateName(ZooKeeperClient::State::Connected));

        const auto identities = AWAIT(std::vector<ClientIdentity>, alice->whoAmI(done));
        QVERIFY2(identities && identities->ok(), qPrintable(outcome(identities)));
        QVERIFY2(std::find(identities->value.begin(), identities->value.end(),
                           ClientIdentity{QStringLiteral("sasl"), QStringLiteral("alice")}) != identities->value.end(),
                 "whoAmI lists sasl:alice");

        const auto created = AWAIT(CreateResult, alice->create(QStringLiteral("/alice"), "mine", saslAcl("alice"),
                                                               CreateMode::Persistent, done));
        QVERIFY2(created && created->ok(), qPrintable(outcome(created)));
        const auto read = AWAIT(DataResult, alice->getData(QStringLiteral("/alice"), Watch::No, done));
        QVERIFY2(read && read->ok(), qPrintable(outcome(read)));
        QCOMPARE(read->value.data, QByteArray("mine"));

        const auto bob = open(server->port(), QStringLiteral("bob"), QStringLiteral("bob-secret"));
        QCOMPARE(stateName(settle(*bob)), stateName(ZooKeeperClient::State::Connected));
        const auto refused = AWAIT(DataResult, bob->getData(QStringLiteral("/alice"), Watch::No, done));
        QVERIFY(refused);
        QCOMPARE(errorText(refused->error), errorText(ErrorCode::NoAuth));

        const auto admin = open(server->port(), QStringLiteral("admin"), QStringLiteral("admin-secret"));
        QCOMPARE(stateName(settle(*admin)), stateName(ZooKeeperClient::State::Connected));
        const auto asSuper = AWAIT(DataResult, admin->getData(QStringLiteral("/alice"), Watch::No, done));
        QVERIFY2(asSuper && asSuper->ok(), qPrintable(outcome(asSuper)));
    }

    void wrongCredentialsFailAndTheServerServesOthers_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::newRow("wrong password") << QStringLiteral("alice") << QStringLiteral("guess");
        QTest::newRow("unknown user") << QStringLiteral("mallory") << QStringLiteral("alice-secret");
    }
    void wrongCredentialsFailAndTheServerServesOthers()
    {
        QFETCH(QString, user);
        QFETCH(QString, password);
        const auto server = startServer(false);
        const auto alice = open(server->port(), QStringLiteral("alice"), QStringLiteral("alice-secret"));
        QCOMPARE(stateName(settle(*alice)), stateName(ZooKeeperClient::State::Connected));

        const auto intruder = open(server->port(), user, password);
        QCOMPARE(stateName(settle(*intruder)), stateName(ZooKeeperClient::State::AuthFailed));
        QCOMPARE(
            intruder->errorString(),
            QStringLiteral("SASL authentication failed: the server answered %1").arg(errorText(ErrorCode::AuthFailed)));
        const auto afterFailure = AWAIT(Stat, intruder->exists(QStringLiteral("/"), Watch::No, done));
        QVERIFY(afterFailure);
        QCOMPARE(errorText(afterFailure->error), errorText(ErrorCode::AuthFailed));

        // The established session and new logins go on.
        const auto stillServed = AWAIT(Stat, alice->exists(QStringLiteral("/"), Watch::No, done));
        QVERIFY2(stillServed && stillServed->ok(), qPrintable(outcome(stillServed)));
        const auto bob = open(server->port(), QStringLiteral("bob"), QStringLiteral("bob-secret"));
        QCOMPARE(stateName(settle(*bob)), stateName(ZooKeeperClient::State::Connected));
    }

    void requiredSaslRefusesAnonymousRequests()
    {
        const auto server = startServer(true);
        ClientOptions options;
        options.sessionTimeoutMs = 4000;
        options.maxReconnectBackoffMs = 100;
        ZooKeeperClient anonymous;
        anonymous.open(QStringLiteral("127.0.0.1:%1").arg(server->port()), options);
        const auto refused = AWAIT(Stat, anonymous.exists(QStringLiteral("/"), Watch::No, done));
        QVERIFY(refused);
        QCOMPARE(errorText(refused->error), errorText(ErrorCode::SessionClosedRequireSaslAuth));

        const auto alice = open(server->port(), QStringLiteral("alice"), QStringLiteral("alice-secret"));
        QCOMPARE(stateName(settle(*alice)), stateName(ZooKeeperClient::State::Connected));
        const auto served = AWAIT(Stat, alice->exists(QStringLiteral("/"), Watch::No, done));
        QVERIFY2(served && served->ok(), qPrintable(outcome(served)));

        const auto intruder = open(server->port(), QStringLiteral("alice"), QStringLiteral("guess"));
        QCOMPARE(stateName(settle(*intruder)), stateName(ZooKeeperClient::State::AuthFailed));
        QCOMPARE(intruder->errorString(), QStringLiteral("SASL authentication failed: the server answered %1")
                                              .arg(errorText(ErrorCode::SessionClosedRequireSaslAuth)));
    }

    void loginToServerProcesses_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("zooscope") << QStringLiteral("zooscope");
        QTest::newRow("apache") << QStringLiteral("apache");
    }
    void loginToServerProcesses()
    {
        QFETCH(QString, kind);
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const QString jaas = directory.filePath(QStringLiteral("server.jaas"));
        QFile file(jaas);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n"
                   "  user_alice=\"alice-secret\" user_bob=\"bob-secret\";\n};\n");
        file.close();
        testing::ServerProcess server(kind, QStringLiteral(ZOOSCOPE_SERVER_BINARY));
        const QString unavailable = server.unavailableReason();
        QVERIFY2(unavailable.isEmpty(), qPrintable(unavailable));
        server.setExtraConfig(
            QStringLiteral("authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider\n"));
        server.setSystemProperties({QStringLiteral("-Djava.security.auth.login.config=") + jaas});
        QString problem;
        if (server.start(&problem))
            server.waitUntilReady(30000, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        const auto alice = open(server.port(), QStringLiteral("alice"), QStringLiteral("alice-secret"));
        QCOMPARE(stateName(settle(*alice)), stateName(ZooKeeperClient::State::Connected));
        const auto identities = AWAIT(std::vector<ClientIdentity>, alice->whoAmI(done));
        QVERIFY2(identities && identities->ok(), qPrintable(outcome(identities)));
        QVERIFY2(std::find(identities->value.begin(), identities->value.end(),
                           ClientIdentity{QStringLiteral("sasl"), QStringLiteral("alice")})
                     != identities->value.end(),
                 "whoAmI lists sasl:alice");
        const auto created = AWAIT(CreateResult, alice->create(QStringLiteral("/alice"), "mine", saslAcl("alice"),
                                                               CreateMode::Persistent, done));
        QVERIFY2(created && created->ok(), qPrintable(outcome(created)));

        const auto bob = open(server.port(), QStringLiteral("bob"), QStringLiteral("bob-secret"));
        QCOMPARE(stateName(settle(*bob)), stateName(ZooKeeperClient::State::Connected));
        const auto refused = AWAIT(DataResult, bob->getData(QStringLiteral("/alice"), Watch::No, done));
        QVERIFY(refused);
        QCOMPARE(errorText(refused->error), errorText(ErrorCode::NoAuth));

        const auto intruder = open(server.port(), QStringLiteral("alice"), QStringLiteral("guess"));
        QCOMPARE(stateName(settle(*intruder)), stateName(ZooKeeperClient::State::AuthFailed));
        QCOMPARE(intruder->errorString(), QStringLiteral("SASL authentication failed: the server answered %1")
                                              .arg(errorText(ErrorCode::AuthFailed)));
        const auto stillServed = AWAIT(DataResult, alice->getData(QStringLiteral("/alice"), Watch::No, done));
        QVERIFY2(stillServed && stillServed->ok(), qPrintable(outcome(stillServed)));
        server.stop();
    }

    void serverWithoutSaslAnswersWithoutToken()
    {
        server::ServerConfig config;
        config.clientPort = 0;
        config.clientPortAddress = QStringLiteral("127.0.0.1");
        server::TcpServerDriver plain(config);
        QVERIFY2(plain.listen(), qPrintable(plain.errorString()));
        const auto client = open(plain.port(), QStringLiteral("alice"), QStringLiteral("alice-secret"));
        QCOMPARE(stateName(settle(*client)), stateName(ZooKeeperClient::State::AuthFailed));
        QVERIFY2(client->errorString().contains(QStringLiteral("no SASL token")), qPrintable(client->errorString()));
    }
};

QTEST_GUILESS_MAIN(TestSaslLogin)
#include "tst_sasl_login.moc"
