#include "RecursiveDeleter.h"

#include <algorithm>

namespace zooscope::ui {

RecursiveDeleter::RecursiveDeleter(client::ZooKeeperClient *client, const QString &rootPath, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_rootPath(rootPath)
{
}

void RecursiveDeleter::collect()
{
    m_found.clear();
    m_plan.clear();
    m_collectFailed = false;
    m_found.emplace_back(0, m_rootPath);
    listChildren(m_rootPath, 0);
}

void RecursiveDeleter::listChildren(const QString &path, int depth)
{
    if (!m_client)
        return;
    ++m_listingsInFlight;
    m_client->getChildren(
        path, client::Watch::No,
        client::guarded<QStringList>(this, [this, path, depth](const client::Result<QStringList> &reply) {
            --m_listingsInFlight;
            if (m_collectFailed)
                return;
            if (!reply.ok() && reply.error != client::ErrorCode::NoNode) {
                m_collectFailed = true;
                Q_EMIT collectFailed(tr("Cannot list %1: %2").arg(path, client::errorText(reply.error)));
                return;
            }
            const QString prefix = path == QLatin1String("/") ? path : path + u'/';
            for (const QString &child : reply.value) {
                m_found.emplace_back(depth + 1, prefix + child);
                listChildren(prefix + child, depth + 1);
            }
            if (m_listingsInFlight == 0)
                finishCollecting();
        }));
}

void RecursiveDeleter::finishCollecting()
{
    // Deepest first; within a depth by path, so the list reads well.
    std::sort(m_found.begin(), m_found.end(), [](const auto &left, const auto &right) {
        return left.first != right.first ? left.first > right.first : left.second < right.second;
    });
    m_plan.clear();
    m_plan.reserve(qsizetype(m_found.size()));
    for (const auto &[depth, path] : m_found)
        m_plan.append(path);
    Q_EMIT collected(m_plan);
}

void RecursiveDeleter::execute()
{
    if (!m_client)
        return;
    m_deleted = 0;
    m_replies = 0;
    m_failures.clear();
    const int total = int(m_plan.size());
    for (const QString &path : std::as_const(m_plan)) {
        m_client->remove(path, -1,
                         client::guarded<void>(this, [this, path, total](const client::Result<void> &reply) {
                             ++m_replies;
                             if (reply.ok() || reply.error == client::ErrorCode::NoNode)
                                 ++m_deleted;
                             else
                                 m_failures.append(path + QStringLiteral(": ") + client::errorText(reply.error));
                             Q_EMIT progress(m_replies, total);
                             if (m_replies == total)
                                 Q_EMIT finished(m_deleted, m_failures);
                         }));
    }
}

} // namespace zooscope::ui
