#pragma once
// Four-letter-word queries ("ruok", "srvr", "mntr", ...): each on a connection of its own, as the
// server answers in plain text and closes the connection. Asynchronous, on the caller's thread.

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace zooscope::client {

struct FourLetterWordReply
{
    QByteArray output; // the whole answer, e.g. "imok" or mntr's tab-separated lines
    QString error;     // empty on success (a server may still answer "... is not in the whitelist")
    bool ok() const { return error.isEmpty(); }
};

// Sends `word` to host:port and reports the answer once the server closes the connection, or an
// error (refused, unreachable, no answer within timeoutMs). The query lives as a child of
// `context` when given: if the context is destroyed first, the query is abandoned without a call.
void fourLetterWord(const QString &host, quint16 port, const QByteArray &word, QObject *context,
                    std::function<void(const FourLetterWordReply &)> done, int timeoutMs = 5000);

} // namespace zooscope::client
