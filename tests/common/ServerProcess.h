#pragma once
// One standalone ZooKeeper server process for tests: zooscope-server or Apache ZooKeeper 3.8 (Debian
// package), started on a free 127.0.0.1 port with its own zoo.cfg and data directory. Shared by the
// engine client tests and the studio's widget tests; each test stops exactly the servers it starts.

#include "client/FourLetterWord.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

#include <csignal>
#include <sys/prctl.h>

namespace zooscope::testing {

inline const QString ApacheJar = QStringLiteral("/usr/share/java/zookeeper.jar");

inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// One standalone server process: zooscope-server or Apache ZooKeeper, same zoo.cfg.
class ServerProcess
{
public:
    // kind: "zooscope" (runs serverBinary) or "apache" (runs Apache ZooKeeper through java).
    ServerProcess(QString kind, QString serverBinary)
        : m_kind(std::move(kind))
        , m_serverBinary(std::move(serverBinary))
    {
    }

    ~ServerProcess() { stop(); }
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    QString kind() const { return m_kind; }
    // Before the first start: the 4lw.commands.whitelist value ("*" unless set).
    void setFourLetterWordWhitelist(const QString &whitelist) { m_whitelist = whitelist; }
    // Before the first start: more zoo.cfg lines ("key=value\n"), and Java system properties
    // ("-Dname=value") that both kinds get on their command line (zooscope-server reads -D words too).
    void setExtraConfig(const QString &lines) { m_extraConfig = lines; }
    void setSystemProperties(const QStringList &properties) { m_systemProperties = properties; }

    QString unavailableReason() const
    {
        if (m_kind == QLatin1String("zooscope"))
            return QFile::exists(m_serverBinary) ? QString() : "zooscope-server is not built";
        if (!QFile::exists(ApacheJar))
            return ApacheJar + " is missing (Debian package zookeeper)";
        return QStandardPaths::findExecutable("java").isEmpty() ? "java is not installed" : QString();
    }

    // Starts the process; the first start picks a port and writes zoo.cfg, later ones reuse both.
    bool start(QString *error)
    {
        if (m_port == 0) {
            m_port = freePort();
            QFile config(m_dir.filePath("zoo.cfg"));
            if (!config.open(QIODevice::WriteOnly)) {
                *error = "cannot write " + config.fileName();
                return false;
            }
            // tickTime 200 keeps Apache's session checks fast; sessions may last up to 60 s (the restart
            // test needs a session that outlives a slow JVM start on a loaded machine).
            config.write(
                QStringLiteral("tickTime=200\ninitLimit=10\nsyncLimit=5\ndataDir=%1\nclientPort=%2\n"
                               "clientPortAddress=127.0.0.1\nmaxClientCnxns=0\n4lw.commands.whitelist=%3\n"
                               "extendedTypesEnabled=true\nadmin.enableServer=false\nmaxSessionTimeout=60000\n")
                    .arg(m_dir.filePath("data"))
                    .arg(m_port)
                    .arg(m_whitelist)
                    .toUtf8()
                + m_extraConfig.toUtf8());
        }
        m_process.setWorkingDirectory(m_dir.path());
        // A test that crashes must not leave its server behind: the server gets SIGTERM when we die.
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        m_process.setStandardOutputFile(m_dir.filePath("server.log"), QIODevice::Append);
        m_process.setStandardErrorFile(m_dir.filePath("server.log"), QIODevice::Append);
        const QString config = m_dir.filePath("zoo.cfg");
        if (m_kind == QLatin1String("zooscope")) {
            m_process.start(m_serverBinary, m_systemProperties + QStringList{config});
        } else {
            QStringList classPath{"/etc/zookeeper/conf", ApacheJar, "/usr/share/java/zookeeper-jute.jar"};
            // Without a binding slf4j drops the server log; with it the log lands in server.log.
            for (const char *jar : {"/usr/share/java/slf4j-log4j12.jar", "/usr/share/java/log4j-1.2.jar"}) {
                if (QFile::exists(jar))
                    classPath.append(jar);
            }
            const QStringList arguments{"-Dzookeeper.admin.enableServer=false", "-Dzookeeper.extendedTypesEnabled=true",
                                        "-Dzookeeper.root.logger=INFO,CONSOLE", "-Dzookeeper.log.dir=" + m_dir.path(),
                                        "-Dzookeeper.jmx.log4j.disable=true",
                                        // A small, quick JVM: the machine is shared with a C++ build.
                                        "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                                        "-XX:CICompilerCount=1", "-cp", classPath.join(u':'),
                                        "org.apache.zookeeper.server.quorum.QuorumPeerMain", config};
            m_process.start("java", m_systemProperties + arguments);
        }
        if (!m_process.waitForStarted(10000)) {
            *error = QStringLiteral("cannot start the %1 server: %2").arg(m_kind, m_process.errorString());
            return false;
        }
        return true;
    }

    // Polls until a TCP connection gets an answer to "srvr" from a serving server.
    bool waitUntilReady(int timeoutMs, QString *error)
    {
        QElapsedTimer elapsed;
        elapsed.start();
        QString last = "no attempt";
        while (elapsed.elapsed() < timeoutMs) {
            if (m_process.state() == QProcess::NotRunning) {
                *error = QStringLiteral("the %1 server exited (code %2) before it was ready\n%3")
                             .arg(m_kind)
                             .arg(m_process.exitCode())
                             .arg(logTail());
                return false;
            }
            std::optional<client::FourLetterWordReply> reply;
            QObject context; // abandons the query when this iteration ends
            client::fourLetterWord(
                "127.0.0.1", m_port, "srvr", &context, [&reply](const client::FourLetterWordReply &answer) { reply = answer; },
                1000);
            (void)QTest::qWaitFor([&] { return reply.has_value(); }, 2000);
            if (reply && reply->ok() && reply->output.contains("Zookeeper version"))
                return true;
            last = !reply ? QStringLiteral("no answer") : reply->ok() ? QString::fromUtf8(reply->output) : reply->error;
            QTest::qWait(50); // the polling interval
        }
        *error = QStringLiteral("the %1 server on port %2 was not ready within %3 ms; last srvr attempt: %4\n%5")
                     .arg(m_kind)
                     .arg(m_port)
                     .arg(timeoutMs)
                     .arg(last, logTail());
        return false;
    }

    // SIGKILL: a crash, nothing flushed or closed by the server.
    void kill()
    {
        m_process.kill();
        m_process.waitForFinished(10000);
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            kill();
    }

    QString connectString() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    quint16 port() const { return m_port; }

    QString logTail() const
    {
        QFile log(m_dir.filePath("server.log"));
        if (!log.open(QIODevice::ReadOnly))
            return {};
        const QByteArray text = log.readAll();
        return QString::fromUtf8(text.right(4000));
    }

private:
    QString m_kind;
    QString m_serverBinary;
    QString m_whitelist = QStringLiteral("*");
    QString m_extraConfig;
    QStringList m_systemProperties;
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};
} // namespace zooscope::testing
