// DynamicConfig: /zookeeper/config's text as ZooKeeper writes it, and reconfig requests applied to a
// configuration (incremental joining/leaving, a new member list) with the errors that become BadArguments.

#include "node/DynamicConfig.h"

#include <QTest>

using namespace zooscope::node;

namespace {

const QByteArray threeMembers = "server.1=127.0.0.1:2001:3001:participant;127.0.0.1:4001\n"
                                "server.2=127.0.0.1:2002:3002:participant;127.0.0.1:4002\n"
                                "server.3=127.0.0.1:2003:3003:observer;0.0.0.0:4003\n"
                                "version=100000000";

DynamicConfig three()
{
    const std::optional<DynamicConfig> config = DynamicConfig::parse(threeMembers, nullptr);
    return config ? *config : DynamicConfig{};
}

QString ids(const DynamicConfig &config)
{
    QStringList list;
    for (const QuorumServerEntry &entry : config.servers)
        list << QString::number(entry.id) + (entry.observer ? QStringLiteral("o") : QString());
    return list.join(QLatin1Char(','));
}

} // namespace

class TestDynamicConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textRoundTripsAsZooKeeperWritesIt()
    {
        QString error;
        const std::optional<DynamicConfig> config = DynamicConfig::parse(threeMembers, &error);
        QVERIFY2(config, qPrintable(QStringLiteral("the text should parse: ") + error));
        QCOMPARE(config->version, std::int64_t(0x100000000));
        QCOMPARE(ids(*config), QStringLiteral("1,2,3o"));
        QCOMPARE(config->toText(), threeMembers);
        QCOMPARE(config->membership().voters().size(), std::size_t(2));
        QVERIFY(config->membership().isObserver(3));
    }

    void aBareClientPortIsPrintedWithTheWildcardAddress()
    {
        QuorumServerEntry entry;
        entry.id = 7;
        entry.host = QStringLiteral("10.0.0.7");
        entry.quorumPort = 2888;
        entry.electionPort = 3888;
        entry.clientSpec = QStringLiteral("2181");
        QCOMPARE(serverEntryText(entry), QStringLiteral("10.0.0.7:2888:3888:participant;0.0.0.0:2181"));
        entry.clientSpec.clear();
        QCOMPARE(serverEntryText(entry), QStringLiteral("10.0.0.7:2888:3888:participant"));
    }

    void malformedTextIsRefusedWithTheLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("named");
        QTest::newRow("not a server line") << QByteArray("hello=1") << QStringLiteral("hello=1");
        QTest::newRow("missing election port") << QByteArray("server.1=h:1") << QStringLiteral("server.1=h:1");
        QTest::newRow("unknown role") << QByteArray("server.1=h:1:2:boss") << QStringLiteral("boss");
        QTest::newRow("version not hexadecimal") << QByteArray("version=xyz") << QStringLiteral("version=xyz");
        QTest::newRow("a member twice") << QByteArray("server.1=h:1:2\nserver.1=h:3:4") << QStringLiteral("server.1");
    }

    void malformedTextIsRefusedWithTheLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, named);
        QString error;
        QVERIFY2(!DynamicConfig::parse(text, &error), "malformed configuration text should be refused");
        QVERIFY2(error.contains(named), qPrintable(QStringLiteral("the error should name '%1': %2").arg(named, error)));
    }

    void reconfigRequests_data()
    {
        QTest::addColumn<QString>("joining");
        QTest::addColumn<QString>("leaving");
        QTest::addColumn<QString>("newMembers");
        QTest::addColumn<QString>("expected"); // ids, "o" for observers; empty: refused (BadArguments)
        QTest::newRow("add a participant") << "server.4=127.0.0.1:2004:3004:participant;4004" << "" << "" << "1,2,3o,4";
        QTest::newRow("add without role is a participant") << "server.4=h:1:2;3" << "" << "" << "1,2,3o,4";
        QTest::newRow("add an observer") << "server.5=h:1:2:observer;3" << "" << "" << "1,2,3o,5o";
        QTest::newRow("remove one") << "" << "2" << "" << "1,3o";
        QTest::newRow("remove two, add one") << "server.6=h:1:2;3" << "2, 3" << "" << "1,6";
        QTest::newRow("re-adding an existing id changes its role") << "server.3=127.0.0.1:2003:3003:participant;4003"
                                                                  << "" << "" << "1,2,3";
        QTest::newRow("leaving an unknown id changes nothing") << "" << "9" << "" << "1,2,3o";
        QTest::newRow("new member list") << "" << "" << "server.1=h:1:2;3,server.8=h:4:5;6" << "1,8";
        QTest::newRow("new members without the server. prefix") << "" << "" << "1=h:1:2;3" << "1";
        QTest::newRow("nothing asked") << "" << "" << "" << "";
        QTest::newRow("both forms at once") << "server.4=h:1:2;3" << "" << "server.1=h:1:2;3" << "";
        QTest::newRow("malformed joining entry") << "server.4=nonsense" << "" << "" << "";
        QTest::newRow("leaving id not a number") << "" << "two" << "" << "";
        QTest::newRow("no voter left") << "" << "1,2" << "" << "";
    }

    void reconfigRequests()
    {
        QFETCH(QString, joining);
        QFETCH(QString, leaving);
        QFETCH(QString, newMembers);
        QFETCH(QString, expected);
        QString error;
        const std::optional<DynamicConfig> next = reconfigured(three(), joining, leaving, newMembers, &error);
        if (expected.isEmpty()) {
            QVERIFY2(!next, qPrintable(QStringLiteral("the request should be refused, got %1").arg(next ? ids(*next) : QString())));
            QVERIFY2(!error.isEmpty(), "a refusal should say why");
            return;
        }
        QVERIFY2(next, qPrintable(QStringLiteral("the request should be accepted: ") + error));
        QCOMPARE(ids(*next), expected);
    }
};

QTEST_GUILESS_MAIN(TestDynamicConfig)
#include "tst_dynamic_config.moc"
