#include "ZNodeDataSearch.h"

namespace zooscope::ui {

ZNodeDataSearch::ZNodeDataSearch(client::ZooKeeperClient *client, const QString &text, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_needle(text.toUtf8().toLower())
{
}

bool ZNodeDataSearch::dataMatches(const QByteArray &data, const QByteArray &loweredNeedle)
{
    if (loweredNeedle.isEmpty())
        return false;
    if (data.size() < loweredNeedle.size())
        return false;
    return data.toLower().contains(loweredNeedle);
}

void ZNodeDataSearch::searchNodes(const QStringList &paths)
{
    cancel();
    m_running = true;
    m_walkChildren = false;
    for (const QString &path : paths) {
        if (m_queuedTotal >= m_nodeLimit) {
            m_truncated = true;
            break;
        }
        m_toRead.push_back(path);
        ++m_queuedTotal;
    }
    pump();
    finishIfDone();
}

void ZNodeDataSearch::searchSubtree(const QString &root)
{
    cancel();
    m_running = true;
    m_walkChildren = true;
    m_toRead.push_back(root);
    m_queuedTotal = 1;
    pump();
    finishIfDone();
}

void ZNodeDataSearch::cancel()
{
    ++m_generation;
    m_running = false;
    m_truncated = false;
    m_toRead.clear();
    m_inFlight = 0;
    m_searched = 0;
    m_queuedTotal = 0;
    m_matches.clear();
}

void ZNodeDataSearch::pump()
{
    if (!m_client)
        return;
    while (m_running && m_inFlight < MaxReadsInFlight && !m_toRead.empty()) {
        const QString path = m_toRead.front();
        m_toRead.pop_front();
        const quint64 generation = m_generation;
        ++m_inFlight;
        m_client->getData(path, client::Watch::No,
                          client::guarded<client::DataResult>(
                              this, [this, path, generation](const client::Result<client::DataResult> &reply) {
                                  if (generation == m_generation)
                                      onData(path, reply);
                              }));
        if (m_walkChildren) {
            ++m_inFlight;
            m_client->getChildren(path, client::Watch::No,
                                  client::guarded<QStringList>(
                                      this, [this, path, generation](const client::Result<QStringList> &reply) {
                                          if (generation == m_generation)
                                              onChildren(path, reply);
                                      }));
        }
    }
}

void ZNodeDataSearch::onData(const QString &path, const client::Result<client::DataResult> &reply)
{
    --m_inFlight;
    ++m_searched;
    if (reply.ok() && dataMatches(reply.value.data, m_needle)) {
        m_matches.append(path);
        Q_EMIT matched(path);
    }
    Q_EMIT progress(m_searched, int(m_matches.size()));
    pump();
    finishIfDone();
}

void ZNodeDataSearch::onChildren(const QString &path, const client::Result<QStringList> &reply)
{
    --m_inFlight;
    if (reply.ok()) {
        const QString prefix = path == QLatin1String("/") ? path : path + u'/';
        for (const QString &name : reply.value) {
            if (m_queuedTotal >= m_nodeLimit) {
                m_truncated = true;
                break;
            }
            m_toRead.push_back(prefix + name);
            ++m_queuedTotal;
        }
    }
    pump();
    finishIfDone();
}

void ZNodeDataSearch::finishIfDone()
{
    if (!m_running || m_inFlight > 0 || !m_toRead.empty())
        return;
    m_running = false;
    Q_EMIT finished();
}

} // namespace zooscope::ui
