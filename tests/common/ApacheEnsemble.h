#pragma once
// A replicated Apache ZooKeeper 3.8 ensemble for tests (Debian package): N members on 127.0.0.1,
// each a QuorumPeerMain process with its own directory, zoo.cfg and myid, dynamic reconfiguration
// enabled and a super user digest. Members get SIGTERM when the test process dies.

#include "client/FourLetterWord.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>
#include <vector>

#include <csignal>
#include <sys/prctl.h>

namespace zooscope::testing {

class ApacheEnsemble
{
public:
    struct Member
    {
        int id = 0;
        quint16 clientPort = 0;
        quint16 quorumPort = 0;
        quint16 electionPort = 0;
        std::unique_ptr<QProcess> process;
        // The server line of the dynamic configuration, as Apache writes it back.
        QString serverLine() const
        {
            return QStringLiteral("server.%1=127.0.0.1:%2:%3:participant;127.0.0.1:%4")
                .arg(id)
                .arg(quorumPort)
                .arg(electionPort)
                .arg(clientPort);
        }
    };

    // superDigest: "super:<base64 sha1>" (DigestAuthenticationProvider.superDigest).
    ApacheEnsemble(int size, QString superDigest)
        : m_superDigest(std::move(superDigest))
    {
        // Ports below the kernel's ephemeral range (an outgoing connection cannot take one before its
        // member binds it), each handed out once.
        QSet<quint16> handedOut;
        auto take = [&handedOut] {
            int floor = 32768;
            QFile range(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
            if (range.open(QIODevice::ReadOnly))
                floor = QString::fromLatin1(range.readAll()).split(u'\t').value(0).trimmed().toInt();
            for (int attempt = 0; attempt < 2000; ++attempt) {
                const quint16 port = quint16(floor > 11000 ? QRandomGenerator::global()->bounded(10000, floor)
                                                           : QRandomGenerator::global()->bounded(std::max(floor, 1024), 65536));
                if (handedOut.contains(port))
                    continue;
                QTcpServer probe;
                if (!probe.listen(QHostAddress::LocalHost, port))
                    continue;
                handedOut.insert(port);
                return port;
            }
            return quint16(0);
        };
        for (int id = 1; id <= size; ++id) {
            Member member;
            member.id = id;
            member.clientPort = take();
            member.quorumPort = take();
            member.electionPort = take();
            m_members.push_back(std::move(member));
        }
    }
    ~ApacheEnsemble() { stop(); }

    static QString unavailableReason()
    {
        if (!QFile::exists(QStringLiteral("/usr/share/java/zookeeper.jar")))
            return QStringLiteral("/usr/share/java/zookeeper.jar is missing (Debian package zookeeper)");
        return QStandardPaths::findExecutable(QStringLiteral("java")).isEmpty()
                   ? QStringLiteral("java is not installed")
                   : QString();
    }

    bool start(QString *error)
    {
        if (!m_dir.isValid()) {
            *error = QStringLiteral("no temporary directory");
            return false;
        }
        QStringList serverLines;
        for (const Member &member : m_members)
            serverLines.append(member.serverLine());
        for (Member &member : m_members) {
            const QString home = m_dir.filePath(QStringLiteral("member%1").arg(member.id));
            QDir().mkpath(home + QStringLiteral("/data"));
            QFile myid(home + QStringLiteral("/data/myid"));
            QFile config(home + QStringLiteral("/zoo.cfg"));
            if (!myid.open(QIODevice::WriteOnly) || !config.open(QIODevice::WriteOnly)) {
                *error = QStringLiteral("cannot write the files of member %1 in %2").arg(member.id).arg(home);
                return false;
            }
            myid.write(QByteArray::number(member.id) + '\n');
            config.write(QStringLiteral("tickTime=200\ninitLimit=50\nsyncLimit=25\ndataDir=%1/data\n"
                                        "4lw.commands.whitelist=*\nadmin.enableServer=false\nreconfigEnabled=true\n"
                                        "standaloneEnabled=false\nmaxSessionTimeout=60000\n"
                                        "DigestAuthenticationProvider.superDigest=%2\n%3\n")
                             .arg(home, m_superDigest, serverLines.join(u'\n'))
                             .toUtf8());
            config.close();
            member.process = std::make_unique<QProcess>();
            member.process->setWorkingDirectory(home);
            member.process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
            member.process->setStandardOutputFile(home + QStringLiteral("/server.log"), QIODevice::Append);
            member.process->setStandardErrorFile(home + QStringLiteral("/server.log"), QIODevice::Append);
            QStringList classPath{QStringLiteral("/etc/zookeeper/conf"),
                                  QStringLiteral("/usr/share/java/zookeeper.jar"),
                                  QStringLiteral("/usr/share/java/zookeeper-jute.jar")};
            for (const char *jar : {"/usr/share/java/slf4j-log4j12.jar", "/usr/share/java/log4j-1.2.jar"}) {
                if (QFile::exists(QString::fromLatin1(jar)))
                    classPath.append(QString::fromLatin1(jar));
            }
            member.process->start(QStringLiteral("java"),
                                  {"-Dzookeeper.admin.enableServer=false", "-Dzookeeper.root.logger=INFO,CONSOLE",
                                   "-Dzookeeper.log.dir=" + home, "-Dzookeeper.jmx.log4j.disable=true", "-Xms32m",
                                   "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
                                   "-cp", classPath.join(u':'), "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                                   home + QStringLiteral("/zoo.cfg")});
            if (!member.process->waitForStarted(10000)) {
                *error = QStringLiteral("cannot start member %1: %2").arg(member.id).arg(member.process->errorString());
                return false;
            }
        }
        return true;
    }

    // Polls every member's "srvr" until each reports a mode (leader or follower).
    bool waitUntilServing(int timeoutMs, QString *error)
    {
        QElapsedTimer elapsed;
        elapsed.start();
        while (elapsed.elapsed() < timeoutMs) {
            bool all = true;
            for (const Member &member : m_members) {
                if (member.process->state() == QProcess::NotRunning) {
                    *error = QStringLiteral("member %1 exited\n%2").arg(member.id).arg(logTail(member.id));
                    return false;
                }
                if (!mode(member.id))
                    all = false;
            }
            if (all)
                return true;
            QTest::qWait(100); // the polling interval
        }
        *error = QStringLiteral("the ensemble did not serve within %1 ms\n%2").arg(timeoutMs).arg(logTail(1));
        return false;
    }

    // "leader", "follower", ... from the member's srvr answer; nullopt when it does not serve.
    std::optional<QString> mode(int id) const
    {
        std::optional<client::FourLetterWordReply> reply;
        QObject context;
        client::fourLetterWord(
            QStringLiteral("127.0.0.1"), member(id).clientPort, "srvr", &context,
            [&reply](const client::FourLetterWordReply &answer) { reply = answer; }, 1000);
        (void)QTest::qWaitFor([&] { return reply.has_value(); }, 2000);
        if (!reply || !reply->ok())
            return std::nullopt;
        for (const QByteArray &line : reply->output.split('\n')) {
            if (line.startsWith("Mode: "))
                return QString::fromUtf8(line.mid(6).trimmed());
        }
        return std::nullopt;
    }

    void stop()
    {
        for (Member &member : m_members) {
            if (!member.process || member.process->state() == QProcess::NotRunning)
                continue;
            member.process->terminate();
            if (!member.process->waitForFinished(10000)) {
                member.process->kill();
                member.process->waitForFinished(10000);
            }
        }
    }

    const Member &member(int id) const { return m_members.at(std::size_t(id - 1)); }
    int size() const { return int(m_members.size()); }

    QString logTail(int id) const
    {
        QFile log(m_dir.filePath(QStringLiteral("member%1/server.log").arg(id)));
        if (!log.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(log.readAll().right(4000));
    }

private:
    QString m_superDigest;
    QTemporaryDir m_dir;
    std::vector<Member> m_members;
};

} // namespace zooscope::testing
