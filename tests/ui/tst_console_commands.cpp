// The zkCli-style console: tokenizing and ACL parsing, every command against zooscope-server and
// Apache ZooKeeper 3.8, and the console widget's history and path completion in the real window.

#include "ConnectionSession.h"
#include "ConnectionTab.h"
#include "ConsoleCommandRunner.h"
#include "ConsoleWidget.h"
#include "MainWindow.h"
#include "TestServers.h"
#include "UiTestSupport.h"
#include "ZNodeTreeModel.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalSpy>

using namespace zooscope;
using namespace zooscope::client;
using namespace zooscope::testing;
using namespace zooscope::ui;

class TestConsoleCommands : public QObject
{
    Q_OBJECT

private:
    TestServers m_servers{QStringLiteral(ZOOSCOPE_SERVER_BINARY)};
    QTemporaryDir m_settingsDir;
    QString m_kind;
    int m_counter = 0;
    std::unique_ptr<ZooKeeperClient> m_client;
    std::unique_ptr<ConsoleCommandRunner> m_runner;
    QString m_base;

    struct Outcome
    {
        bool finished = false;
        bool ok = false;
        QString text;
    };

    Outcome run(const QString &line)
    {
        Outcome outcome;
        QMetaObject::Connection outputConnection = connect(m_runner.get(), &ConsoleCommandRunner::output, this,
                                                           [&](const QString &text) { outcome.text += text; });
        QMetaObject::Connection finishedConnection =
            connect(m_runner.get(), &ConsoleCommandRunner::finished, this, [&](bool ok) {
                outcome.finished = true;
                outcome.ok = ok;
            });
        m_runner->execute(QString(line).replace(QStringLiteral("$B"), m_base));
        (void)QTest::qWaitFor([&] { return outcome.finished; }, ReplyTimeoutMs);
        disconnect(outputConnection);
        disconnect(finishedConnection);
        return outcome;
    }

private Q_SLOTS:
    void initTestCase_data()
    {
        TestServers::addServerRows();
    }

    void initTestCase()
    {
        QVERIFY2(m_settingsDir.isValid(), "a temporary settings directory is needed");
        isolateSettings(m_settingsDir);
        m_servers.startAll();
    }

    void cleanupTestCase() { m_servers.stopAll(); }

    void init()
    {
        QFETCH_GLOBAL(QString, server);
        m_kind = server;
        QString error;
        m_client = connectedClientOf(m_servers, server, &error);
        QVERIFY2(m_client, qPrintable(error));
        m_runner = std::make_unique<ConsoleCommandRunner>(m_client.get());
        m_base = QStringLiteral("/tst_console_%1_%2_%3").arg(server).arg(QCoreApplication::applicationPid()).arg(++m_counter);
        const Outcome created = run("create $B base");
        QVERIFY2(created.ok, qPrintable("create $B failed: " + created.text));
    }

    void cleanup()
    {
        m_runner.reset();
        m_client.reset();
    }

    void tokenize_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("plain") << "ls  -R /a" << QStringList{"ls", "-R", "/a"};
        QTest::newRow("double quotes") << R"(set /a "hello world")" << QStringList{"set", "/a", "hello world"};
        QTest::newRow("single quotes") << "set /a '{\"k\": 1}'" << QStringList{"set", "/a", "{\"k\": 1}"};
        QTest::newRow("empty quoted") << R"(set /a "")" << QStringList{"set", "/a", ""};
    }

    void tokenize()
    {
        QFETCH(QString, line);
        QFETCH(QStringList, words);
        QCOMPARE(ConsoleCommandRunner::tokenize(line), words);
    }

    void parseAcl_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<int>("entries");
        QTest::newRow("world") << "world:anyone:cdrwa" << true << 1;
        QTest::newRow("digest with colon in id") << "digest:bob:abc=:r,ip:10.0.0.1:rw" << true << 2;
        QTest::newRow("bad permission") << "world:anyone:x" << false << 0;
        QTest::newRow("missing id") << "world:cdrwa" << false << 0;
    }

    void parseAcl()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(int, entries);
        const auto acl = ConsoleCommandRunner::parseAcl(text);
        QCOMPARE(acl.has_value(), valid);
        if (valid) {
            QCOMPARE(int(acl->size()), entries);
            QCOMPARE(ConsoleCommandRunner::permissionLetters(acl->front().perms),
                     text.section(u',', 0, 0).section(u':', -1));
        }
    }

    void commands_data()
    {
        QTest::addColumn<QStringList>("setup");
        QTest::addColumn<QString>("command");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("expectedPattern"); // a regular expression over the whole output

        QTest::newRow("ls") << QStringList{"create $B/b", "create $B/a"} << "ls $B" << true << R"(\[a, b\])";
        QTest::newRow("ls -s") << QStringList{"create $B/a"} << "ls -s $B" << true
                               << R"(\[a\]\ncZxid = 0x[0-9a-f]+\n(.|\n)*numChildren = 1)";
        QTest::newRow("ls -R") << QStringList{"create $B/a", "create $B/a/b"} << "ls -R $B" << true
                               << R"(/tst_\S+\n/tst_\S+/a\n/tst_\S+/a/b)";
        QTest::newRow("get") << QStringList{} << "get $B" << true << "base";
        QTest::newRow("get -s") << QStringList{} << "get -s $B" << true
                                << R"(base\ncZxid = 0x[0-9a-f]+\n(.|\n)*dataLength = 4\nnumChildren = 0)";
        QTest::newRow("get missing") << QStringList{} << "get $B/none" << false << R"(Node does not exist: /\S+/none)";
        QTest::newRow("set then get") << QStringList{"set $B \"new value\""} << "get $B" << true << "new value";
        QTest::newRow("set bad version") << QStringList{} << "set $B x 7" << false << R"(version No is not valid : \S+)";
        QTest::newRow("create -e -s") << QStringList{} << "create -e -s $B/e- x" << true
                                      << R"(Created /\S+/e-\d{10})";
        QTest::newRow("create -c") << QStringList{} << "create -c $B/c" << true << R"(Created /\S+/c)";
        QTest::newRow("create -t") << QStringList{} << "create -t 60000 $B/t" << true << R"(Created /\S+/t)";
        QTest::newRow("create exists") << QStringList{} << "create $B" << false << R"(Node already exists: \S+)";
        QTest::newRow("delete") << QStringList{"create $B/d", "delete $B/d"} << "ls $B" << true << R"(\[\])";
        QTest::newRow("delete not empty") << QStringList{"create $B/d"} << "delete $B" << false
                                          << R"(Node not empty: \S+)";
        QTest::newRow("deleteall") << QStringList{"create $B/x", "create $B/x/y", "deleteall $B/x"} << "ls $B"
                                   << true << R"(\[\])";
        QTest::newRow("stat") << QStringList{} << "stat $B" << true
                              << R"(cZxid = 0x[0-9a-f]+\nctime = .+\nmZxid = (.|\n)*ephemeralOwner = 0x0\n(.|\n)*)";
        QTest::newRow("getAcl") << QStringList{} << "getAcl $B" << true << R"('world,'anyone\n: cdrwa)";
        QTest::newRow("setAcl") << QStringList{"setAcl $B world:anyone:r"} << "getAcl $B" << true
                                << R"('world,'anyone\n: r)";
        QTest::newRow("setAcl then write denied") << QStringList{"setAcl $B world:anyone:r"} << "set $B x" << false
                                                  << R"(Insufficient permission : \S+)";
        QTest::newRow("addauth and whoami") << QStringList{"addauth digest alice:secret"} << "whoami" << true
                                            << R"(Auth scheme: User\n(ip: 127.0.0.1\ndigest: alice|digest: alice\nip: 127.0.0.1))";
        QTest::newRow("sync") << QStringList{} << "sync $B" << true << "Sync is OK";
        QTest::newRow("getEphemerals") << QStringList{"create -e $B/eph"} << "getEphemerals $B" << true
                                       << R"(\[/\S+/eph\])";
        // Quotas: zkCli's client-side bookkeeping below /zookeeper/quota; the server fills zookeeper_stats in.
        const QString absolute = R"(absolute path is /zookeeper/quota/\S+/zookeeper_limits\n)";
        QTest::newRow("setquota -n then listquota")
            << QStringList{"create $B/a xy", "setquota -n 5 $B"} << "listquota $B" << true
            << absolute + R"(Output quota for \S+ count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=-1\n)"
                          R"(Output stat for \S+ count=2,bytes=6)";
        QTest::newRow("setquota on an existing quota keeps the other limits")
            << QStringList{"setquota -n 5 $B", "setquota -B 100 $B"} << "listquota $B" << true
            << absolute + R"(Output quota for \S+ count=5,bytes=-1=;byteHardLimit=100;countHardLimit=-1\n)"
                          R"(Output stat for \S+ count=1,bytes=4)";
        QTest::newRow("setquota below the existing count warns")
            << QStringList{"create $B/a", "create $B/b"} << "setquota -N 2 $B" << true
            << R"(\[Warning\]: the count quota you create is less than the existing count:3)";
        QTest::newRow("setquota below the existing bytes warns")
            << QStringList{} << "setquota -b 3 $B" << true
            << R"(\[Warning\]: the bytes quota you create is less than the existing bytes:4)";
        QTest::newRow("setquota under a quota") << QStringList{"create $B/a", "setquota -n 5 $B"} << "setquota -n 2 $B/a"
                                                << false << R"((/\S+)/a has a parent \1 which has a quota)";
        QTest::newRow("setquota above a quota") << QStringList{"create $B/a", "setquota -n 5 $B/a"} << "setquota -n 2 $B"
                                                << false << R"((/\S+) has a child \1/a which has a quota)";
        QTest::newRow("setquota missing node") << QStringList{} << "setquota -n 2 $B/none" << false
                                               << R"(/\S+/none does not exist\.)";
        QTest::newRow("setquota in the quota tree") << QStringList{} << "setquota -n 2 /zookeeper/quota/x" << false
                                                    << "cannot set a quota under the path: /zookeeper/quota";
        QTest::newRow("setquota zero") << QStringList{} << "setquota -n 0 $B" << false
                                       << "the num quota must be greater than zero";
        QTest::newRow("setquota not a number") << QStringList{} << "setquota -b x $B" << false
                                               << "NumberFormatException happens when parsing the option value";
        QTest::newRow("setquota two options") << QStringList{} << "setquota -n 1 -b 2 $B" << false
                                              << "org.apache.commons.cli.AlreadySelectedException: The option 'b' was "
                                                 "specified but an option from this group has already been selected: 'n'";
        QTest::newRow("setquota on the root") << QStringList{} << "setquota -n 2 /" << false
                                              << "Path must not end with / character";
        QTest::newRow("listquota without quota") << QStringList{} << "listquota $B" << false
                                                 << absolute + R"(quota for /\S+ does not exist\.)";
        QTest::newRow("delquota -n") << QStringList{"setquota -n 5 $B", "delquota -n $B"} << "listquota $B" << true
                                     << absolute + R"(Output quota for \S+ count=-1,bytes=-1=;byteHardLimit=-1;)"
                                                   R"(countHardLimit=-1\nOutput stat for \S+ count=1,bytes=4)";
        QTest::newRow("delquota removes the quota nodes")
            << QStringList{"setquota -N 5 $B", "delquota $B"} << "stat /zookeeper/quota$B" << false
            << R"(Node does not exist: /zookeeper/quota/\S+)";
        QTest::newRow("delquota without quota") << QStringList{} << "delquota $B" << true
                                                << R"(Quota does not exist for /\S+)";
        // config and reconfig on a standalone server (reconfigEnabled is false).
        QTest::newRow("config") << QStringList{} << "config" << true << "";
        QTest::newRow("config -s") << QStringList{} << "config -s" << true
                                   << R"(\ncZxid = 0x0\n(.|\n)*dataLength = 0\nnumChildren = 0)";
        QTest::newRow("config -x") << QStringList{} << "config -x" << false
                                   << R"(Unrecognized option: -x\nUsage: config \[-c\] \[-w\] \[-s\])";
        QTest::newRow("reconfig disabled") << QStringList{} << "reconfig -remove 3" << false
                                           << "KeeperErrorCode = Reconfig is disabled";
        QTest::newRow("reconfig without members") << QStringList{} << "reconfig -s" << false << R"(Usage: reconfig .*)";
        QTest::newRow("reconfig mixing modes") << QStringList{} << "reconfig -members server.1=a:1:2 -remove 2" << false
                                               << "Can't use -file or -members together with -add or -remove "
                                                  R"(\(mixing incremental and non-incremental modes is not allowed\))";
        QTest::newRow("reconfig bad version") << QStringList{} << "reconfig -v zz -remove 2" << false
                                              << R"(-v must be followed by a long \(configuration version\))";
        QTest::newRow("unknown") << QStringList{} << "frobnicate" << false << R"(Unknown command: frobnicate.*)";
        QTest::newRow("usage") << QStringList{} << "get" << false << R"(Usage: get \[-s\] path)";
    }

    void commands()
    {
        QFETCH(QStringList, setup);
        QFETCH(QString, command);
        QFETCH(bool, ok);
        QFETCH(QString, expectedPattern);
        for (const QString &step : setup) {
            const Outcome outcome = run(step);
            QVERIFY2(outcome.finished && outcome.ok, qPrintable("setup '" + step + "' failed: " + outcome.text));
        }
        const Outcome outcome = run(command);
        QVERIFY2(outcome.finished, qPrintable("'" + command + "' did not finish"));
        const QRegularExpression pattern(QRegularExpression::anchoredPattern(expectedPattern));
        QVERIFY2(pattern.match(outcome.text).hasMatch(),
                 qPrintable(QStringLiteral("'%1' printed:\n%2\nexpected to match:\n%3")
                                .arg(command, outcome.text, expectedPattern)));
        QCOMPARE(outcome.ok, ok);
    }

    void widgetKeepsHistoryAndCompletesPaths()
    {
        const Outcome child = run("create $B/completeme");
        QVERIFY(child.ok);
        MainWindow window;
        window.show();
        ConnectionTab *tab = window.openConnection({.name = "console", .connectString = m_servers.server(m_kind).connectString()});
        QTRY_VERIFY_WITH_TIMEOUT(tab->session() && tab->treeModel()->indexOf(m_base).isValid(), ReplyTimeoutMs);
        ConsoleWidget *console = tab->console();
        console->submit("get " + m_base);
        QTRY_VERIFY2_WITH_TIMEOUT(console->outputText().endsWith("base"),
                                  qPrintable("console output: " + console->outputText()), ReplyTimeoutMs);
        QTRY_VERIFY(console->input()->isEnabled());
        console->submit("ls " + m_base);
        QTRY_VERIFY2_WITH_TIMEOUT(console->outputText().endsWith("[completeme]"),
                                  qPrintable("console output: " + console->outputText()), ReplyTimeoutMs);
        QTRY_VERIFY(console->input()->isEnabled());

        console->input()->setFocus();
        QTest::keyClick(console->input(), Qt::Key_Up);
        QCOMPARE(console->input()->text(), "ls " + m_base);
        QTest::keyClick(console->input(), Qt::Key_Up);
        QCOMPARE(console->input()->text(), "get " + m_base);
        QTest::keyClick(console->input(), Qt::Key_Down);
        QCOMPARE(console->input()->text(), "ls " + m_base);

        console->input()->clear();
        QTest::keyClicks(console->input(), "get " + m_base + "/comp");
        QTRY_COMPARE_WITH_TIMEOUT(console->completer()->currentCompletion(), m_base + "/completeme", ReplyTimeoutMs);
    }
};

QTEST_MAIN(TestConsoleCommands)
#include "tst_console_commands.moc"
