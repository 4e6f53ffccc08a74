#include "FourLetterWord.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace zooscope::client {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("zooscope::client::FourLetterWord", text);
}

// Answers are small (mntr, srvr) or at worst lists (cons, wchp); past this the server is not one.
constexpr qsizetype MaxAnswerBytes = 64 * 1024 * 1024;

// One query: owns its socket and timer, reports once, then deletes itself.
class FourLetterWordQuery : public QObject
{
public:
    FourLetterWordQuery(QObject *parent, QString host, quint16 port, QByteArray word,
                        std::function<void(const FourLetterWordReply &)> done, int timeoutMs)
        : QObject(parent)
        , m_host(std::move(host))
        , m_port(port)
        , m_word(std::move(word))
        , m_done(std::move(done))
    {
        connect(&m_socket, &QTcpSocket::connected, this, [this] { m_socket.write(m_word); });
        connect(&m_socket, &QTcpSocket::readyRead, this, [this] { takeInput(); });
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
            takeInput();
            finish({m_output, {}});
        });
        connect(&m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
            takeInput();
            if (error == QAbstractSocket::RemoteHostClosedError)
                finish({m_output, {}}); // the normal end of an answer
            else
                finish({m_output, QStringLiteral("%1:%2: %3").arg(m_host).arg(m_port).arg(m_socket.errorString())});
        });
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, [this, timeoutMs] {
            finish({m_output, tr("%1:%2: no complete answer to \"%3\" within %4 ms")
                                  .arg(m_host)
                                  .arg(m_port)
                                  .arg(QString::fromLatin1(m_word))
                                  .arg(timeoutMs)});
        });
        m_timer.start(timeoutMs);
    }

    void start() { m_socket.connectToHost(m_host, m_port); }

    void finishLater(const FourLetterWordReply &reply)
    {
        QMetaObject::invokeMethod(
            this, [this, reply] { finish(reply); }, Qt::QueuedConnection);
    }

private:
    void takeInput()
    {
        m_output += m_socket.readAll();
        if (m_output.size() > MaxAnswerBytes)
            finish({m_output, tr("%1:%2: answer larger than %3 bytes").arg(m_host).arg(m_port).arg(MaxAnswerBytes)});
    }

    void finish(const FourLetterWordReply &reply)
    {
        if (m_finished)
            return;
        m_finished = true;
        m_timer.stop();
        disconnect(&m_socket, nullptr, this, nullptr);
        m_socket.abort();
        deleteLater();
        if (m_done)
            m_done(reply);
    }

    QString m_host;
    quint16 m_port;
    QByteArray m_word;
    std::function<void(const FourLetterWordReply &)> m_done;
    QTcpSocket m_socket;
    QTimer m_timer;
    QByteArray m_output;
    bool m_finished = false;
};
} // namespace

void fourLetterWord(const QString &host, quint16 port, const QByteArray &word, QObject *context,
                    std::function<void(const FourLetterWordReply &)> done, int timeoutMs)
{
    auto *query = new FourLetterWordQuery(context, host, port, word, std::move(done), timeoutMs);
    if (word.size() != 4) {
        query->finishLater({{}, tr("\"%1\" is not a four-letter word").arg(QString::fromLatin1(word))});
        return;
    }
    query->start();
}

} // namespace zooscope::client
