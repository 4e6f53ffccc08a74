#pragma once
// Explains a connection problem step by step instead of spinning (GUI-free): for each server of a
// profile's connect string, name resolution, TCP connect, ruok and srvr (with the four-letter-word
// whitelist), then a real session (and digest authentication when the profile has credentials),
// then a SASL DIGEST-MD5 login when the profile has SASL credentials.
// With TLS the server step is the TLS handshake instead of the plain four-letter words: it shows the
// server's certificate, or says exactly why the handshake failed (a CA not trusted, a host name the
// certificate does not list, a handshake the server refused, a plain port).
// Each step reports Ok, Warning, Failed or Skipped with a sentence that says what happened.

#include "ConnectionProfile.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace zooscope::client {
class ZooKeeperClient;
}

namespace zooscope::ui {

class ConnectionDoctor : public QObject
{
    Q_OBJECT

public:
    enum class Status { Running, Ok, Warning, Failed, Skipped };
    struct Step
    {
        QString title;
        Status status = Status::Running;
        QString detail;
    };

    explicit ConnectionDoctor(const ConnectionProfile &profile, QObject *parent = nullptr);
    ~ConnectionDoctor() override;

    void start();
    const QList<Step> &steps() const { return m_steps; }
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    void stepChanged(int index);
    void finished();

private:
    int beginStep(const QString &title);
    void endStep(int index, Status status, const QString &detail);
    void runNext();
    void checkServer(int serverIndex);
    void checkFourLetterWords(const QString &host, quint16 port);
    void checkTls(const QString &host, quint16 port);
    // After a failed handshake: a plain ZooKeeper answer on the port means TLS is not served there.
    void explainClosedHandshake(int step, const QString &host, quint16 port, const QString &socketError);
    void checkSession();
    void checkSaslLogin();
    void finish();

    ConnectionProfile m_profile;
    QList<Step> m_steps;
    QList<std::function<void()>> m_queue;
    QList<QPair<QString, quint16>> m_servers;
    int m_reachableServers = 0;
    bool m_finished = false;
    client::ZooKeeperClient *m_client = nullptr;
    client::ZooKeeperClient *m_saslClient = nullptr;
};

} // namespace zooscope::ui
