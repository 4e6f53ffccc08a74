#pragma once
// Searches the data of znodes for a text, asynchronously: either a given list of nodes (the tree's
// loaded nodes) or a whole subtree walked with getChildren. Reads are bounded (MaxReadsInFlight at a
// time, at most nodeLimit nodes) and every reply is handled on the UI thread in a few microseconds,
// so the window never waits; cancel() (or destroying the search) drops whatever is still to come.

#include "client/ZooKeeperClient.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <deque>

namespace zooscope::ui {

class ZNodeDataSearch : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaxReadsInFlight = 32;
    static constexpr int DefaultNodeLimit = 10000;

    // Matching ignores ASCII case and works on the raw bytes (the text is encoded as UTF-8).
    ZNodeDataSearch(client::ZooKeeperClient *client, const QString &text, QObject *parent = nullptr);

    void setNodeLimit(int limit) { m_nodeLimit = limit; }
    int nodeLimit() const { return m_nodeLimit; }
    // Reads the data of exactly these nodes.
    void searchNodes(const QStringList &paths);
    // Reads root and every node below it, breadth first.
    void searchSubtree(const QString &root);
    void cancel();

    bool isRunning() const { return m_running; }
    int searchedCount() const { return m_searched; }
    int matchCount() const { return int(m_matches.size()); }
    const QStringList &matches() const { return m_matches; }
    // True when the node limit stopped the search before it saw everything.
    bool isTruncated() const { return m_truncated; }
    static bool dataMatches(const QByteArray &data, const QByteArray &loweredNeedle);

Q_SIGNALS:
    void matched(const QString &path);
    void progress(int searched, int matches);
    // Emitted once, unless cancelled.
    void finished();

private:
    void pump();
    void onData(const QString &path, const client::Result<client::DataResult> &reply);
    void onChildren(const QString &path, const client::Result<QStringList> &reply);
    void finishIfDone();

    QPointer<client::ZooKeeperClient> m_client;
    QByteArray m_needle; // lower-cased UTF-8
    std::deque<QString> m_toRead;
    bool m_walkChildren = false;
    bool m_running = false;
    bool m_truncated = false;
    int m_nodeLimit = DefaultNodeLimit;
    int m_queuedTotal = 0; // nodes ever queued, bounded by m_nodeLimit
    int m_inFlight = 0;
    int m_searched = 0;
    quint64 m_generation = 0; // replies of a cancelled run carry an old generation
    QStringList m_matches;
};

} // namespace zooscope::ui
