#include "ConnectionDoctor.h"

#include "client/ConnectString.h"
#include "client/FourLetterWord.h"
#include "client/ZooKeeperClient.h"
#include "server/X500Name.h"

#include <QHostInfo>
#include <QStringList>
#include <QSslCipher>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace zooscope::ui {

namespace {
constexpr int StepTimeoutMs = 5000;
// A plain server answers srvr at once; a TLS port waits for a whole record header that never comes.
constexpr int PlainProbeTimeoutMs = 1500;
}

ConnectionDoctor::ConnectionDoctor(const ConnectionProfile &profile, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
{
}

ConnectionDoctor::~ConnectionDoctor() = default;

int ConnectionDoctor::beginStep(const QString &title)
{
    m_steps.append({title, Status::Running, QString()});
    Q_EMIT stepChanged(int(m_steps.size()) - 1);
    return int(m_steps.size()) - 1;
}

void ConnectionDoctor::endStep(int index, Status status, const QString &detail)
{
    m_steps[index].status = status;
    m_steps[index].detail = detail;
    Q_EMIT stepChanged(index);
}

void ConnectionDoctor::start()
{
    m_steps.clear();
    m_queue.clear();
    m_finished = false;
    m_reachableServers = 0;
    const int parse = beginStep(tr("Connect string"));
    QString error;
    const auto connectString = client::ConnectString::parse(m_profile.connectString, &error);
    if (!connectString) {
        endStep(parse, Status::Failed, tr("\"%1\" is not a valid connect string: %2").arg(m_profile.connectString, error));
        finish();
        return;
    }
    m_servers.clear();
    for (const client::ServerAddress &server : connectString->servers())
        m_servers.append({server.host, server.port});
    endStep(parse, Status::Ok,
            tr("%n server(s)", nullptr, int(m_servers.size())) +
                (connectString->chroot().isEmpty() ? QString() : tr(", chroot %1").arg(connectString->chroot())));
    for (int i = 0; i < m_servers.size(); ++i)
        m_queue.append([this, i] { checkServer(i); });
    m_queue.append([this] { checkSession(); });
    if (m_profile.hasSaslCredentials())
        m_queue.append([this] { checkSaslLogin(); });
    runNext();
}

void ConnectionDoctor::runNext()
{
    if (m_queue.isEmpty()) {
        finish();
        return;
    }
    const auto next = m_queue.takeFirst();
    // Later, so that every step's signals leave the caller's stack first.
    QTimer::singleShot(0, this, next);
}

void ConnectionDoctor::checkServer(int serverIndex)
{
    const QString host = m_servers.at(serverIndex).first;
    const quint16 port = m_servers.at(serverIndex).second;
    const QString server = QStringLiteral("%1:%2").arg(host).arg(port);

    const int resolve = beginStep(tr("Resolve %1").arg(host));
    QHostInfo::lookupHost(host, this, [this, resolve, host, port, server](const QHostInfo &info) {
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            endStep(resolve, Status::Failed, tr("The name %1 does not resolve: %2").arg(host, info.errorString()));
            runNext();
            return;
        }
        endStep(resolve, Status::Ok, info.addresses().first().toString());

        const int tcp = beginStep(tr("TCP connect to %1").arg(server));
        auto *socket = new QTcpSocket(this);
        auto *timer = new QTimer(socket);
        timer->setSingleShot(true);
        const auto fail = [this, tcp, socket, timer, server](const QString &reason) {
            socket->disconnect();
            timer->stop();
            endStep(tcp, Status::Failed, tr("%1: %2. Is the server running and listening on this address?").arg(server, reason));
            socket->deleteLater();
            runNext();
        };
        connect(timer, &QTimer::timeout, socket, [fail] { fail(tr("no answer within 5 s (a firewall?)")); });
        connect(socket, &QTcpSocket::errorOccurred, socket, [fail, socket] {
            fail(socket->errorString());
        });
        connect(socket, &QTcpSocket::connected, socket, [this, tcp, socket, timer, host, port, server] {
            socket->disconnect();
            timer->stop();
            socket->deleteLater();
            endStep(tcp, Status::Ok, tr("connected"));
            if (m_profile.tlsEnabled) {
                checkTls(host, port);
                return;
            }
            ++m_reachableServers;
            checkFourLetterWords(host, port);
        });
        timer->start(StepTimeoutMs);
        socket->connectToHost(host, port);
    });
}

void ConnectionDoctor::checkFourLetterWords(const QString &host, quint16 port)
{
    const QString server = QStringLiteral("%1:%2").arg(host).arg(port);
    const int ruok = beginStep(tr("ruok on %1").arg(server));
    client::fourLetterWord(host, port, "ruok", this, [this, ruok, host, port, server](const client::FourLetterWordReply &reply) {
        if (!reply.ok())
            endStep(ruok, Status::Warning, reply.error);
        else if (reply.output.startsWith("imok"))
            endStep(ruok, Status::Ok, tr("imok"));
        else if (reply.output.contains("whitelist"))
            endStep(ruok, Status::Warning, tr("ruok is not in 4lw.commands.whitelist; the server works, but cannot be checked this way."));
        else
            endStep(ruok, Status::Warning, tr("unexpected answer: %1").arg(QString::fromUtf8(reply.output.left(200))));
        const int srvr = beginStep(tr("srvr on %1").arg(server));
        client::fourLetterWord(host, port, "srvr", this, [this, srvr](const client::FourLetterWordReply &answer) {
            if (!answer.ok()) {
                endStep(srvr, Status::Warning, answer.error);
            } else if (answer.output.contains("whitelist")) {
                endStep(srvr, Status::Warning,
                        tr("srvr is not in 4lw.commands.whitelist: the monitor cannot show this server."));
            } else {
                QStringList facts;
                for (const QByteArray &line : answer.output.split('\n')) {
                    if (line.startsWith("Zookeeper version") || line.startsWith("Mode"))
                        facts.append(QString::fromUtf8(line.trimmed()));
                }
                const bool serving = !answer.output.contains("not currently serving");
                endStep(srvr, serving ? Status::Ok : Status::Failed,
                        serving ? facts.join(QStringLiteral("; "))
                                : tr("The server is up but not serving requests (no quorum?)."));
            }
            runNext();
        }, StepTimeoutMs);
    }, StepTimeoutMs);
}

namespace {

QString subjectOf(const QSslCertificate &certificate)
{
    const auto subject = server::rfc2253SubjectOfCertificate(certificate.toDer());
    return subject ? QString::fromUtf8(*subject) : certificate.subjectDisplayName();
}

// The names a certificate is valid for: its DNS and IP subject alternative names, else its CN.
QStringList namesOf(const QSslCertificate &certificate)
{
    QStringList names;
    const auto alternatives = certificate.subjectAlternativeNames();
    for (auto it = alternatives.cbegin(); it != alternatives.cend(); ++it)
        names.append(it.value());
    if (names.isEmpty())
        names = certificate.subjectInfo(QSslCertificate::CommonName);
    return names;
}

bool isUntrustedIssuer(QSslError::SslError error)
{
    switch (error) {
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::CertificateUntrusted:
    case QSslError::CertificateRejected:
    case QSslError::InvalidCaCertificate:
        return true;
    default:
        return false;
    }
}

} // namespace

void ConnectionDoctor::checkTls(const QString &host, quint16 port)
{
    const QString server = QStringLiteral("%1:%2").arg(host).arg(port);
    const int step = beginStep(tr("TLS handshake with %1").arg(server));
    QString error;
    const std::optional<QSslConfiguration> configuration = client::clientTlsConfiguration(m_profile.tlsOptions(), &error);
    if (!configuration) {
        endStep(step, Status::Failed, error);
        runNext();
        return;
    }
    auto *socket = new QSslSocket(this);
    socket->setSslConfiguration(*configuration);
    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    auto certificateErrors = std::make_shared<QList<QSslError>>();
    const auto stop = [socket, timer] {
        socket->disconnect();
        timer->stop();
        socket->abort();
        socket->deleteLater();
    };
    connect(socket, &QSslSocket::sslErrors, socket,
            [certificateErrors](const QList<QSslError> &errors) { *certificateErrors = errors; });
    connect(socket, &QSslSocket::encrypted, socket, [this, step, socket, stop] {
        const QSslCertificate certificate = socket->peerCertificate();
        const QSslCipher cipher = socket->sessionCipher();
        endStep(step, Status::Ok,
                tr("%1, %2; server certificate %3, issued by %4, valid until %5")
                    .arg(cipher.protocolString(), cipher.name(), subjectOf(certificate), certificate.issuerDisplayName(),
                         certificate.expiryDate().toString(Qt::ISODate)));
        stop();
        ++m_reachableServers;
        runNext();
    });
    connect(socket, &QAbstractSocket::errorOccurred, socket, [this, step, socket, stop, certificateErrors, host, port] {
        const QString socketError = socket->errorString();
        stop();
        for (const QSslError &problem : std::as_const(*certificateErrors)) {
            const QSslCertificate certificate = problem.certificate();
            if (problem.error() == QSslError::HostNameMismatch) {
                endStep(step, Status::Failed,
                        tr("The server's certificate is for %1, not for %2: connect with a name the certificate lists.")
                            .arg(namesOf(certificate).join(QStringLiteral(", ")), host));
                runNext();
                return;
            }
            if (isUntrustedIssuer(problem.error())) {
                endStep(step, Status::Failed,
                        tr("The server's certificate (%1, issued by %2) is not signed by a CA you trust: choose the "
                           "CA certificate that signed it (%3).")
                            .arg(subjectOf(certificate), certificate.issuerDisplayName(), problem.errorString()));
                runNext();
                return;
            }
        }
        if (!certificateErrors->isEmpty()) {
            endStep(step, Status::Failed, certificateErrors->constFirst().errorString());
            runNext();
            return;
        }
        explainClosedHandshake(step, host, port, socketError);
    });
    connect(timer, &QTimer::timeout, socket, [this, step, stop] {
        stop();
        endStep(step, Status::Failed, tr("No TLS handshake within 5 s: is this the server's secureClientPort?"));
        runNext();
    });
    timer->start(StepTimeoutMs);
    socket->connectToHostEncrypted(host, port);
}

void ConnectionDoctor::explainClosedHandshake(int step, const QString &host, quint16 port, const QString &socketError)
{
    client::fourLetterWord(host, port, "srvr", this, [this, step, socketError](const client::FourLetterWordReply &reply) {
        const bool plainZooKeeper = reply.ok() && (reply.output.startsWith("Zookeeper version")
                                                   || reply.output.contains("not in the whitelist")
                                                   || reply.output.contains("not currently serving"));
        if (plainZooKeeper)
            endStep(step, Status::Failed,
                    tr("This port serves plain (non-TLS) ZooKeeper connections: turn TLS off in the profile, or use "
                       "the server's secureClientPort."));
        else
            endStep(step, Status::Failed,
                    tr("The server refused the TLS handshake (%1). It probably asks for a client certificate "
                       "(ssl.clientAuth) that was not given or that a CA in its ssl.trustStore did not sign.")
                        .arg(socketError));
        runNext();
    }, PlainProbeTimeoutMs);
}

void ConnectionDoctor::checkSession()
{
    const int session = beginStep(tr("ZooKeeper session"));
    if (m_reachableServers == 0) {
        endStep(session, Status::Skipped, tr("No server was reachable."));
        runNext();
        return;
    }
    m_client = new client::ZooKeeperClient(this);
    client::ClientOptions options;
    options.sessionTimeoutMs = m_profile.sessionTimeoutMs;
    options.tls = m_profile.tlsOptions();
    options.maxReconnectBackoffMs = 500;
    auto *timer = new QTimer(m_client);
    timer->setSingleShot(true);
    const auto conclude = [this, session, timer](Status status, const QString &detail) {
        timer->stop();
        endStep(session, status, detail);
        m_client->disconnect(this);
        m_client->close();
        m_client->deleteLater();
        m_client = nullptr;
        runNext();
    };
    connect(timer, &QTimer::timeout, this, [this, conclude] {
        conclude(Status::Failed, tr("No session within the timeout; last problem: %1").arg(m_client->errorString()));
    });
    connect(m_client, &client::ZooKeeperClient::stateChanged, this, [this, conclude](client::ZooKeeperClient::State state) {
        if (state == client::ZooKeeperClient::State::AuthFailed) {
            conclude(Status::Failed, tr("The server rejected the credentials."));
            return;
        }
        if (!m_client->isConnected())
            return;
        const QString detail = tr("session 0x%1, negotiated timeout %2 ms on %3")
                                   .arg(QString::number(quint64(m_client->sessionId()), 16))
                                   .arg(m_client->negotiatedTimeoutMs())
                                   .arg(m_client->currentServer());
        if (!m_profile.hasCredentials()) {
            conclude(Status::Ok, detail);
            return;
        }
        const QByteArray credentials = (m_profile.digestUser + u':' + m_profile.digestPassword).toUtf8();
        m_client->addAuth("digest", credentials, [conclude, detail](const client::Result<void> &reply) {
            if (reply.ok())
                conclude(Status::Ok, detail + tr("; digest authentication accepted"));
            else
                conclude(Status::Failed, tr("digest authentication failed: %1").arg(client::errorText(reply.error)));
        });
    });
    if (!m_client->open(m_profile.connectString, options)) {
        conclude(Status::Failed, m_client->errorString());
        return;
    }
    timer->start(std::max(StepTimeoutMs, m_profile.sessionTimeoutMs));
}

void ConnectionDoctor::checkSaslLogin()
{
    const int login = beginStep(tr("SASL login as %1").arg(m_profile.saslUser));
    if (m_reachableServers == 0) {
        endStep(login, Status::Skipped, tr("No server was reachable."));
        runNext();
        return;
    }
    // A session of its own, so that the exchange's outcome is this step's alone.
    m_saslClient = new client::ZooKeeperClient(this);
    client::ClientOptions options;
    options.sessionTimeoutMs = m_profile.sessionTimeoutMs;
    options.maxReconnectBackoffMs = 500;
    options.saslUser = m_profile.saslUser;
    options.saslPassword = m_profile.saslPassword;
    auto *timer = new QTimer(m_saslClient);
    timer->setSingleShot(true);
    const auto conclude = [this, login, timer](Status status, const QString &detail) {
        timer->stop();
        endStep(login, status, detail);
        m_saslClient->disconnect(this);
        m_saslClient->close();
        m_saslClient->deleteLater();
        m_saslClient = nullptr;
        runNext();
    };
    connect(timer, &QTimer::timeout, this, [this, conclude] {
        conclude(Status::Failed, tr("No SASL login within the timeout; last problem: %1").arg(m_saslClient->errorString()));
    });
    connect(m_saslClient, &client::ZooKeeperClient::stateChanged, this,
            [this, conclude](client::ZooKeeperClient::State state) {
                if (state == client::ZooKeeperClient::State::AuthFailed) {
                    conclude(Status::Failed, m_saslClient->errorString());
                    return;
                }
                if (!m_saslClient->isConnected())
                    return;
                // Connected comes after the exchange; whoAmI shows the identity the server granted.
                m_saslClient->whoAmI([this, conclude](const client::Result<std::vector<client::ClientIdentity>> &reply) {
                    if (!reply.ok()) {
                        conclude(Status::Failed, tr("whoAmI after the SASL login failed: %1").arg(client::errorText(reply.error)));
                        return;
                    }
                    QStringList identities;
                    for (const client::ClientIdentity &identity : reply.value)
                        identities.append(identity.scheme + u':' + identity.user);
                    const bool granted = std::any_of(reply.value.begin(), reply.value.end(), [](const auto &identity) {
                        return identity.scheme == QLatin1String("sasl");
                    });
                    conclude(granted ? Status::Ok : Status::Warning,
                             granted ? tr("logged in; the server knows this session as %1").arg(identities.join(QStringLiteral(", ")))
                                     : tr("the exchange ended, but the server granted no sasl identity (%1)")
                                           .arg(identities.join(QStringLiteral(", "))));
                });
            });
    if (!m_saslClient->open(m_profile.connectString, options)) {
        conclude(Status::Failed, m_saslClient->errorString());
        return;
    }
    timer->start(std::max(StepTimeoutMs, m_profile.sessionTimeoutMs));
}

void ConnectionDoctor::finish()
{
    m_finished = true;
    Q_EMIT finished();
}

} // namespace zooscope::ui
