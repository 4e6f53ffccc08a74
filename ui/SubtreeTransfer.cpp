#include "SubtreeTransfer.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace zooscope::ui {

namespace {
QString join(const QString &root, const QString &relative)
{
    if (relative.isEmpty())
        return root;
    return root == QLatin1String("/") ? root + relative : root + u'/' + relative;
}
} // namespace

SubtreeExporter::SubtreeExporter(client::ZooKeeperClient *client, const QString &rootPath, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_rootPath(rootPath)
{
}

void SubtreeExporter::start()
{
    m_nodes.clear();
    m_failed = false;
    visit(m_rootPath);
}

void SubtreeExporter::visit(const QString &path)
{
    if (!m_client)
        return;
    m_inFlight += 2;
    const auto done = [this] {
        if (--m_inFlight == 0 && !m_failed) {
            std::sort(m_nodes.begin(), m_nodes.end(),
                      [](const ExportedNode &left, const ExportedNode &right) { return left.relativePath < right.relativePath; });
            Q_EMIT finished(int(m_nodes.size()));
        }
    };
    const QString relative = path == m_rootPath ? QString()
                                                : path.mid(m_rootPath == QLatin1String("/") ? 1 : m_rootPath.size() + 1);
    m_client->getData(path, client::Watch::No,
                      client::guarded<client::DataResult>(
                          this, [this, path, relative, done](const client::Result<client::DataResult> &reply) {
                              if (reply.ok())
                                  m_nodes.push_back({relative, reply.value.data});
                              else if (reply.error != client::ErrorCode::NoNode && !m_failed) {
                                  m_failed = true;
                                  Q_EMIT failed(tr("Cannot read %1: %2").arg(path, client::errorText(reply.error)));
                              }
                              done();
                          }));
    m_client->getChildren(path, client::Watch::No,
                          client::guarded<QStringList>(this, [this, path, done](const client::Result<QStringList> &reply) {
                              const QString prefix = path == QLatin1String("/") ? path : path + u'/';
                              for (const QString &child : reply.value) {
                                  // The server's own subtree is never exported.
                                  if (prefix + child != QLatin1String("/zookeeper"))
                                      visit(prefix + child);
                              }
                              done();
                          }));
}

QJsonDocument SubtreeExporter::document() const
{
    QJsonArray nodes;
    for (const ExportedNode &node : m_nodes) {
        nodes.append(QJsonObject{{QStringLiteral("path"), node.relativePath},
                                 {QStringLiteral("data"), QString::fromLatin1(node.data.toBase64())}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("format"), formatName()},
                                     {QStringLiteral("root"), m_rootPath},
                                     {QStringLiteral("nodes"), nodes}});
}

SubtreeImporter::SubtreeImporter(client::ZooKeeperClient *client, const QString &targetPath, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_targetPath(targetPath)
{
}

bool SubtreeImporter::load(const QJsonDocument &document, QString *error)
{
    const QJsonObject root = document.object();
    if (root.value(QStringLiteral("format")).toString() != SubtreeExporter::formatName()) {
        *error = tr("Not a ZooScope subtree export (format %1 expected).").arg(SubtreeExporter::formatName());
        return false;
    }
    m_steps.clear();
    for (const QJsonValue &value : root.value(QStringLiteral("nodes")).toArray()) {
        const QJsonObject node = value.toObject();
        const auto data = QByteArray::fromBase64Encoding(node.value(QStringLiteral("data")).toString().toLatin1(),
                                                         QByteArray::AbortOnBase64DecodingErrors);
        if (!data) {
            *error = tr("Invalid data for %1.").arg(node.value(QStringLiteral("path")).toString());
            return false;
        }
        m_steps.push_back({join(m_targetPath, node.value(QStringLiteral("path")).toString()), *data, Action::Create});
    }
    // Parents before children.
    std::sort(m_steps.begin(), m_steps.end(), [](const Step &left, const Step &right) {
        const auto depth = [](const QString &path) { return path.count(u'/'); };
        return depth(left.path) != depth(right.path) ? depth(left.path) < depth(right.path) : left.path < right.path;
    });
    return true;
}

int SubtreeImporter::changeCount() const
{
    return int(std::count_if(m_steps.begin(), m_steps.end(), [](const Step &step) { return step.action != Action::Unchanged; }));
}

void SubtreeImporter::plan()
{
    if (!m_client)
        return;
    m_pending = int(m_steps.size());
    if (m_pending == 0) {
        Q_EMIT planned();
        return;
    }
    for (size_t i = 0; i < m_steps.size(); ++i) {
        m_client->getData(m_steps[i].path, client::Watch::No,
                          client::guarded<client::DataResult>(this, [this, i](const client::Result<client::DataResult> &reply) {
                              Step &step = m_steps[i];
                              if (reply.error == client::ErrorCode::NoNode)
                                  step.action = Action::Create;
                              else
                                  step.action = reply.ok() && reply.value.data == step.data ? Action::Unchanged
                                                                                             : Action::Update;
                              if (--m_pending == 0)
                                  Q_EMIT planned();
                          }));
    }
}

void SubtreeImporter::apply()
{
    if (!m_client)
        return;
    m_failures.clear();
    m_changed = 0;
    m_pending = changeCount();
    if (m_pending == 0) {
        Q_EMIT applied(0, {});
        return;
    }
    // One session applies requests in order: each parent is created before its children.
    for (const Step &step : m_steps) {
        if (step.action == Action::Unchanged)
            continue;
        const QString path = step.path;
        const auto report = [this, path](client::ErrorCode error) {
            if (error == client::ErrorCode::Ok)
                ++m_changed;
            else
                m_failures.append(path + QStringLiteral(": ") + client::errorText(error));
            if (--m_pending == 0)
                Q_EMIT applied(m_changed, m_failures);
        };
        if (step.action == Action::Create)
            m_client->create(path, step.data, client::openAclUnsafe(), client::CreateMode::Persistent,
                             client::guarded<client::CreateResult>(
                                 this, [report](const client::Result<client::CreateResult> &reply) { report(reply.error); }));
        else
            m_client->setData(path, step.data, -1,
                              client::guarded<client::Stat>(
                                  this, [report](const client::Result<client::Stat> &reply) { report(reply.error); }));
    }
}

} // namespace zooscope::ui
