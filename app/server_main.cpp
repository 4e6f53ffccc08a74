// zooscope-server: one ZooKeeper-compatible ensemble member configured by a standard zoo.cfg.

#include "node/ZooConfig.h"
#include "server/FourLetterWords.h"
#include "server/Log.h"
#include "node/EnsembleServer.h"
#include "node/StandaloneServer.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace zooscope;

namespace {

int signalPipe[2] = {-1, -1};

void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

void printUsage()
{
    std::fprintf(stdout, "Usage: zooscope-server [--help] [--version] [-DNAME=VALUE ...] ZOO_CFG\n\n"
                         "Runs one ZooKeeper-compatible server configured by ZOO_CFG, a zoo.cfg file in\n"
                         "Apache ZooKeeper's format. SIGTERM or SIGINT shuts it down cleanly.\n\n"
                         "Java system properties that Apache ZooKeeper reads are taken as zkServer.sh users\n"
                         "pass them: -DNAME=VALUE words in the SERVER_JVMFLAGS environment variable, then on\n"
                         "the command line (which wins); zoo.cfg keys win over both. Understood are\n"
                         "java.security.auth.login.config (the JAAS file for SASL), java.security.krb5.conf\n"
                         "(the krb5.conf for Kerberos) and the zookeeper.* properties of the SASL keys below\n"
                         "(e.g. -Dzookeeper.superUser=NAME); other words of SERVER_JVMFLAGS (-Xmx...) are\n"
                         "ignored.\n\n%s",
                 qPrintable(node::zooConfigHelp()));
}

QString securePortNote(quint16 securePort)
{
    return securePort == 0 ? QString() : QStringLiteral(", TLS clients on secure port %1").arg(securePort);
}

} // namespace

int main(int argc, char *argv[])
{
    // Qt's own poll() loop costs a server fewer system calls per request than the GLib one.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("zooscope-server"));
    const QStringList arguments = QCoreApplication::arguments().mid(1);
    if (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"))) {
        printUsage();
        return 0;
    }
    if (arguments.contains(QStringLiteral("--version"))) {
        std::fprintf(stdout, "%s\n", server::FourLetterWords::versionString().constData());
        return 0;
    }
    QStringList systemPropertyWords = QProcess::splitCommand(qEnvironmentVariable("SERVER_JVMFLAGS"));
    QStringList files;
    for (const QString &argument : arguments) {
        if (argument.startsWith(QStringLiteral("-D")))
            systemPropertyWords.append(argument);
        else
            files.append(argument);
    }
    if (files.size() != 1) {
        printUsage();
        return 2;
    }

    const node::ZooConfigResult loaded =
        node::loadZooConfig(files.first(), node::systemPropertiesFrom(systemPropertyWords));
    if (!loaded.config) {
        server::logError(loaded.error);
        return 2;
    }
    const node::ZooConfig &config = *loaded.config;
    for (const QString &warning : config.warnings)
        server::logWarning(warning);
    if (!QDir().mkpath(config.server.dataDirectory)) {
        server::logError(QStringLiteral("Cannot create dataDir %1").arg(config.server.dataDirectory));
        return 2;
    }

    // More than one server.N line makes this process an ensemble member, as in Apache ZooKeeper.
    std::unique_ptr<node::StandaloneServer> standalone;
    std::unique_ptr<node::EnsembleServer> ensembleMember;
    if (config.servers.size() > 1) {
        QString error;
        const std::optional<node::EnsembleIdentity> identity = node::ensembleIdentity(config, &error);
        if (!identity) {
            server::logError(error);
            return 2;
        }
        ensembleMember = std::make_unique<node::EnsembleServer>(config, *identity);
        if (!ensembleMember->start()) {
            server::logError(ensembleMember->errorString());
            return 1;
        }
        server::logInfo(QStringLiteral("ZooScope server %1: ensemble member %2 of %3, clients on port %4%5")
                            .arg(QString::fromUtf8(server::FourLetterWords::versionString()))
                            .arg(identity->myid)
                            .arg(config.servers.size())
                            .arg(ensembleMember->clientPort())
                            .arg(securePortNote(ensembleMember->secureClientPort())));
    } else {
        standalone = std::make_unique<node::StandaloneServer>(config);
        if (!standalone->start()) {
            server::logError(standalone->errorString());
            return 1;
        }
        server::logInfo(QStringLiteral("ZooScope server %1 serving clients on port %2%3")
                            .arg(QString::fromUtf8(server::FourLetterWords::versionString()))
                            .arg(standalone->port())
                            .arg(securePortNote(standalone->securePort())));
    }
    auto shutdownMember = [&] {
        if (standalone)
            standalone->shutdown();
        if (ensembleMember)
            ensembleMember->shutdown();
    };

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &application);
        QObject::connect(notifier, &QSocketNotifier::activated, &application, [&] {
            char byte;
            [[maybe_unused]] const auto bytesRead = ::read(signalPipe[0], &byte, 1);
            server::logInfo(QStringLiteral("Shutting down on signal"));
            shutdownMember();
            QCoreApplication::quit();
        });
        std::signal(SIGTERM, onTerminationSignal);
        std::signal(SIGINT, onTerminationSignal);
    }
    std::signal(SIGPIPE, SIG_IGN);
    return application.exec();
}
