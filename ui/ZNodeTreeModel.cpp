#include "ZNodeTreeModel.h"

#include <QDateTime>
#include <QLocale>
#include <QSet>

namespace zooscope::ui {

using client::CreateMode;
using client::ErrorCode;
using client::Stat;
using client::WatchEvent;

struct ZNodeTreeModel::Node
{
    enum class Fetch { None, Requested, Done };

    QString name;
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;
    QHash<QString, Node *> childByName;
    QStringList pending; // children read but not inserted yet (paging)
    int rowLimit = ZNodeTreeModel::AutoRowLimit; // rows inserted before fetchMore must ask for more
    std::optional<Stat> stat;
    Fetch fetch = Fetch::None;
    bool requestWatched = false; // the read in flight leaves a child watch
    bool refetchWanted = false;  // a change arrived while a read was in flight
    bool stale = false;          // children may have changed unseen (collapsed, or a failed read)
    bool expanded = false;
    bool childWatch = false;
    bool statRequested = false;
};

namespace {
bool isSequentialName(const QString &name)
{
    if (name.size() < 10)
        return false;
    for (qsizetype i = name.size() - 10; i < name.size(); ++i) {
        if (!name.at(i).isDigit())
            return false;
    }
    return true;
}

template <typename T> client::Callback<T> ignoreResult()
{
    return [](const client::Result<T> &) {};
}
} // namespace

ZNodeTreeModel::ZNodeTreeModel(client::ZooKeeperClient *client, QObject *parent)
    : QAbstractItemModel(parent)
    , m_client(client)
    , m_invisibleRoot(std::make_unique<Node>())
{
    auto root = std::make_unique<Node>();
    root->name = QStringLiteral("/");
    root->parent = m_invisibleRoot.get();
    m_invisibleRoot->childByName.insert(root->name, root.get());
    m_invisibleRoot->children.push_back(std::move(root));
    m_invisibleRoot->fetch = Node::Fetch::Done;

    m_pageTimer.setSingleShot(true);
    m_pageTimer.setInterval(0);
    connect(&m_pageTimer, &QTimer::timeout, this, &ZNodeTreeModel::insertNextPage);
    m_statTimer.setSingleShot(true);
    m_statTimer.setInterval(0);
    connect(&m_statTimer, &QTimer::timeout, this, &ZNodeTreeModel::pumpStatRequests);
    connect(client, &client::ZooKeeperClient::watchEvent, this, &ZNodeTreeModel::onWatchEvent);
}

ZNodeTreeModel::~ZNodeTreeModel() = default;

ZNodeTreeModel::Node *ZNodeTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_invisibleRoot.get();
}

QModelIndex ZNodeTreeModel::indexOf(const Node *node, int column) const
{
    if (!node || node == m_invisibleRoot.get())
        return {};
    return createIndex(node->row, column, const_cast<Node *>(node));
}

QModelIndex ZNodeTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *parentNode = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || row >= int(parentNode->children.size()))
        return {};
    return createIndex(row, column, parentNode->children[size_t(row)].get());
}

QModelIndex ZNodeTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOf(nodeOf(child)->parent);
}

int ZNodeTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int ZNodeTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool ZNodeTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return false;
    const Node *node = nodeOf(parent);
    if (!node->children.empty() || !node->pending.isEmpty())
        return true;
    if (node->fetch == Node::Fetch::Done && !node->stale)
        return false;
    // Unknown until the Stat or the children are read: offer the expander.
    return !node->stat || node->stat->numChildren > 0;
}

bool ZNodeTreeModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return false;
    const Node *node = nodeOf(parent);
    if (node == m_invisibleRoot.get() || !m_client)
        return false;
    if (!node->pending.isEmpty() && int(node->children.size()) >= node->rowLimit)
        return true; // held back: the user scrolled to the end of a very long list
    return node->fetch == Node::Fetch::None || (node->fetch == Node::Fetch::Done && node->stale);
}

void ZNodeTreeModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    Node *node = nodeOf(parent);
    if (!node->pending.isEmpty() && int(node->children.size()) >= node->rowLimit) {
        node->rowLimit += FetchMoreRows;
        const QString path = pathOf(node);
        if (std::find(m_pagingQueue.begin(), m_pagingQueue.end(), path) == m_pagingQueue.end())
            m_pagingQueue.push_back(path);
        scheduleNextPage();
        return;
    }
    requestChildren(node);
}

int ZNodeTreeModel::heldBackChildren(const QModelIndex &index) const
{
    const Node *node = nodeOf(index);
    return int(node->children.size()) >= node->rowLimit ? int(node->pending.size()) : 0;
}

QString ZNodeTreeModel::pathOf(const Node *node)
{
    if (!node->parent || !node->parent->parent)
        return node->name; // "/" (or the invisible root's empty name)
    const QString parentPath = pathOf(node->parent);
    return parentPath == QLatin1String("/") ? parentPath + node->name : parentPath + u'/' + node->name;
}

QString ZNodeTreeModel::pathOf(const QModelIndex &index) const
{
    return index.isValid() ? pathOf(nodeOf(index)) : QString();
}

ZNodeTreeModel::Node *ZNodeTreeModel::findNode(const QString &path) const
{
    Node *node = m_invisibleRoot->children.front().get();
    if (!path.startsWith(u'/'))
        return nullptr;
    for (const auto &name : QStringView(path).split(u'/', Qt::SkipEmptyParts)) {
        node = node->childByName.value(name.toString());
        if (!node)
            return nullptr;
    }
    return node;
}

QModelIndex ZNodeTreeModel::indexOf(const QString &path) const
{
    return indexOf(findNode(path));
}

std::optional<Stat> ZNodeTreeModel::statOf(const QModelIndex &index) const
{
    return index.isValid() ? nodeOf(index)->stat : std::nullopt;
}

bool ZNodeTreeModel::isExpanded(const QModelIndex &index) const
{
    return index.isValid() && nodeOf(index)->expanded;
}

bool ZNodeTreeModel::isLoading(const QModelIndex &index) const
{
    const Node *node = nodeOf(index);
    return node->fetch == Node::Fetch::Requested ||
           (!node->pending.isEmpty() && int(node->children.size()) < node->rowLimit);
}

NodeKind ZNodeTreeModel::kindOf(const Node *node) const
{
    if (!m_createModes.isEmpty()) {
        const auto mode = m_createModes.find(pathOf(node));
        if (mode != m_createModes.end()) {
            if (*mode == CreateMode::Container)
                return NodeKind::Container;
            if (client::isTtl(*mode))
                return NodeKind::Ttl;
        }
    }
    if (!node->stat)
        return NodeKind::Unknown;
    const bool sequential = isSequentialName(node->name);
    if (node->stat->ephemeralOwner != 0)
        return sequential ? NodeKind::EphemeralSequential : NodeKind::Ephemeral;
    return sequential ? NodeKind::PersistentSequential : NodeKind::Persistent;
}

QVariant ZNodeTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *node = nodeOf(index);
    const int column = index.column();
    if ((role == Qt::DisplayRole || role == Qt::DecorationRole) && !node->stat)
        requestStat(const_cast<Node *>(node)); // a view shows this row: its Stat is worth reading now

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return node->name;
        case ChildrenColumn:
            return node->stat ? QVariant(node->stat->numChildren) : QVariant();
        case SizeColumn:
            return node->stat ? QVariant(node->stat->dataLength) : QVariant();
        case CreatedColumn:
            // The root and /zookeeper have ctime 0: no date to show.
            return node->stat && node->stat->ctime != 0
                       ? QVariant(QLocale().toString(QDateTime::fromMSecsSinceEpoch(node->stat->ctime),
                                                     QLocale::ShortFormat))
                       : QVariant();
        }
        break;
    case Qt::DecorationRole:
        if (column == NameColumn)
            return nodeIcon(kindOf(node));
        break;
    case Qt::ToolTipRole:
        if (column == NameColumn) {
            QString tip = tr("%1 (%2)").arg(pathOf(node), nodeKindName(kindOf(node)));
            if (!node->pending.isEmpty() && int(node->children.size()) >= node->rowLimit)
                tip += u'\n' + tr("Showing %1 of %2 children; scroll to the end of the list for more.")
                                    .arg(node->children.size())
                                    .arg(node->children.size() + size_t(node->pending.size()));
            return tip;
        }
        break;
    case Qt::TextAlignmentRole:
        if (column == ChildrenColumn || column == SizeColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case PathRole:
        return pathOf(node);
    case KindRole:
        return int(kindOf(node));
    case SortRole:
        switch (column) {
        case NameColumn:
            return node->name;
        case ChildrenColumn:
            return node->stat ? qlonglong(node->stat->numChildren) : qlonglong(-1);
        case SizeColumn:
            return node->stat ? qlonglong(node->stat->dataLength) : qlonglong(-1);
        case CreatedColumn:
            return node->stat ? qlonglong(node->stat->ctime) : qlonglong(-1);
        }
        break;
    }
    return {};
}

QVariant ZNodeTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case ChildrenColumn:
        return tr("Children");
    case SizeColumn:
        return tr("Size");
    case CreatedColumn:
        return tr("Created");
    }
    return {};
}

void ZNodeTreeModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

void ZNodeTreeModel::setExpanded(const QModelIndex &index, bool expanded)
{
    if (!index.isValid() || !m_client)
        return;
    Node *node = nodeOf(index);
    node->expanded = expanded;
    if (expanded) {
        if (node->fetch == Node::Fetch::Requested) {
            if (!node->requestWatched)
                node->refetchWanted = true; // read again to leave the child watch
        } else if (node->fetch == Node::Fetch::None || node->stale || !node->childWatch) {
            requestChildren(node);
        }
        return;
    }
    // Collapsed: give the watch back; what changes from now on is re-read on the next expand.
    if (node->childWatch)
        m_client->removeWatches(pathOf(node), client::WatcherType::Children, ignoreResult<void>());
    node->childWatch = false;
    if (node->fetch == Node::Fetch::Done)
        node->stale = true;
}

void ZNodeTreeModel::refresh(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    Node *node = nodeOf(index);
    node->statRequested = false;
    requestStat(node);
    if (node->fetch != Node::Fetch::None)
        requestChildren(node);
}

void ZNodeTreeModel::refreshAll()
{
    forEachLoadedNode(m_invisibleRoot->children.front().get(), [this](Node *node) {
        node->childWatch = false;
        if (node->expanded)
            requestChildren(node);
        else if (node->fetch == Node::Fetch::Done)
            node->stale = true;
    });
}

QStringList ZNodeTreeModel::loadedPaths(const QModelIndex &under, int limit) const
{
    QStringList paths;
    if (!under.isValid())
        return paths;
    std::deque<const Node *> queue{nodeOf(under)};
    while (!queue.empty() && paths.size() < limit) {
        const Node *node = queue.front();
        queue.pop_front();
        paths.append(pathOf(node));
        for (const auto &child : node->children)
            queue.push_back(child.get());
    }
    return paths;
}

void ZNodeTreeModel::forEachLoadedNode(Node *node, const std::function<void(Node *)> &visit)
{
    if (node->fetch == Node::Fetch::None)
        return;
    visit(node);
    for (const auto &child : node->children)
        forEachLoadedNode(child.get(), visit);
}

void ZNodeTreeModel::rememberCreateMode(const QString &path, CreateMode mode)
{
    if (mode == CreateMode::Container || client::isTtl(mode))
        m_createModes.insert(path, mode);
}

void ZNodeTreeModel::requestChildren(Node *node)
{
    if (!m_client)
        return;
    if (node->fetch == Node::Fetch::Requested) {
        node->refetchWanted = true;
        return;
    }
    node->fetch = Node::Fetch::Requested;
    node->requestWatched = node->expanded;
    const QString path = pathOf(node);
    const bool watched = node->expanded;
    m_client->getChildren2(path, watched ? client::Watch::Yes : client::Watch::No,
                           client::guarded<client::ChildrenResult>(
                               this, [this, path, watched](const client::Result<client::ChildrenResult> &reply) {
                                   if (Node *target = findNode(path))
                                       target->childWatch = watched && reply.ok();
                                   onChildren(path, reply);
                               }));
}

void ZNodeTreeModel::onChildren(const QString &path, const client::Result<client::ChildrenResult> &reply)
{
    Node *node = findNode(path);
    if (!node)
        return;
    node->fetch = Node::Fetch::Done;
    if (!reply.ok()) {
        node->stale = true; // the next expand tries again
        if (reply.error != ErrorCode::NoNode)
            Q_EMIT operationFailed(tr("Cannot read the children of %1: %2").arg(path, client::errorText(reply.error)));
        return;
    }
    node->stale = false;
    node->stat = reply.value.stat;
    emitStatChanged(node);

    const QStringList &names = reply.value.children;
    if (node->children.empty() && node->pending.isEmpty()) {
        node->pending = names; // first read: no diff needed
    } else {
        const QSet<QString> current(names.begin(), names.end());
        QStringList gone;
        for (const auto &child : node->children) {
            if (!current.contains(child->name))
                gone.append(child->name);
        }
        removeChildren(node, gone);
        node->pending.removeIf([&](const QString &name) { return !current.contains(name); });
        const QSet<QString> waiting(node->pending.begin(), node->pending.end());
        for (const QString &name : names) {
            if (!node->childByName.contains(name) && !waiting.contains(name))
                node->pending.append(name);
        }
    }
    if (node->refetchWanted) {
        node->refetchWanted = false;
        requestChildren(node); // its reply reports childrenLoaded
    }
    if (!node->pending.isEmpty()) {
        if (std::find(m_pagingQueue.begin(), m_pagingQueue.end(), path) == m_pagingQueue.end())
            m_pagingQueue.push_back(path);
        scheduleNextPage();
    } else if (node->fetch != Node::Fetch::Requested) {
        Q_EMIT childrenLoaded(indexOf(node));
    }
}

void ZNodeTreeModel::removeChildren(Node *node, const QStringList &names)
{
    const QModelIndex parentIndex = indexOf(node);
    for (const QString &name : names) {
        Node *child = node->childByName.value(name);
        if (!child)
            continue;
        const int row = child->row;
        beginRemoveRows(parentIndex, row, row);
        node->childByName.remove(name);
        node->children.erase(node->children.begin() + row);
        for (size_t i = size_t(row); i < node->children.size(); ++i)
            node->children[i]->row = int(i);
        endRemoveRows();
    }
}

void ZNodeTreeModel::scheduleNextPage()
{
    if (!m_pageTimer.isActive())
        m_pageTimer.start();
}

void ZNodeTreeModel::insertNextPage()
{

    int budget = PageSize;
    while (budget > 0 && !m_pagingQueue.empty()) {
        const QString path = m_pagingQueue.front();
        Node *node = findNode(path);
        if (!node || node->pending.isEmpty()) {
            m_pagingQueue.pop_front();
            continue;
        }
        const int first = int(node->children.size());
        const int take = std::min({budget, int(node->pending.size()), node->rowLimit - first});
        if (take <= 0) {
            m_pagingQueue.pop_front(); // held back until fetchMore
            if (node->fetch != Node::Fetch::Requested)
                Q_EMIT childrenLoaded(indexOf(node));
            continue;
        }
        const bool eagerStats = first + node->pending.size() <= EagerStatLimit;
        beginInsertRows(indexOf(node), first, first + take - 1);
        node->children.reserve(node->children.size() + size_t(take));
        for (int i = 0; i < take; ++i) {
            auto child = std::make_unique<Node>();
            child->name = node->pending.at(i);
            child->parent = node;
            child->row = first + i;
            node->childByName.insert(child->name, child.get());
            node->children.push_back(std::move(child));
        }
        node->pending.remove(0, take);
        endInsertRows();
        if (eagerStats) {
            for (int i = first; i < first + take; ++i)
                requestStat(node->children[size_t(i)].get());
        }
        budget -= take;
        if (node->pending.isEmpty()) {
            m_pagingQueue.pop_front();
            // A newer read in flight reports when its own rows are in.
            if (node->fetch != Node::Fetch::Requested)
                Q_EMIT childrenLoaded(indexOf(node));
        }
    }
    if (!m_pagingQueue.empty())
        scheduleNextPage();
}

void ZNodeTreeModel::requestStat(Node *node) const
{
    if (node->statRequested || node == m_invisibleRoot.get())
        return;
    node->statRequested = true;
    m_statQueue.push_back(pathOf(node));
    if (!m_statTimer.isActive())
        m_statTimer.start();
}

void ZNodeTreeModel::pumpStatRequests()
{
    if (!m_client)
        return;
    while (m_statRequestsInFlight < MaxStatRequests && !m_statQueue.empty()) {
        const QString path = m_statQueue.front();
        m_statQueue.pop_front();
        ++m_statRequestsInFlight;
        m_client->exists(path, client::Watch::No,
                         client::guarded<Stat>(this, [this, path](const client::Result<Stat> &reply) {
                             onStat(path, reply);
                         }));
    }
}

void ZNodeTreeModel::onStat(const QString &path, const client::Result<Stat> &reply)
{
    --m_statRequestsInFlight;
    if (!m_statQueue.empty() && !m_statTimer.isActive())
        m_statTimer.start();
    Node *node = findNode(path);
    if (!node)
        return;
    if (!reply.ok()) {
        if (reply.error != ErrorCode::NoNode)
            node->statRequested = false; // try again when shown again
        return;
    }
    node->stat = reply.value;
    emitStatChanged(node);
}

void ZNodeTreeModel::emitStatChanged(const Node *node)
{
    // One signal for the whole row (icon, counts, size, date): every dataChanged costs the proxy and
    // its views a pass, so two narrower signals would cost twice as much.
    Q_EMIT dataChanged(indexOf(node, 0), indexOf(node, ColumnCount - 1));
}

void ZNodeTreeModel::onWatchEvent(const WatchEvent &event)
{
    Node *node = findNode(event.path);
    if (!node)
        return;
    switch (event.type) {
    case WatchEvent::Type::NodeChildrenChanged:
        node->childWatch = false;
        if (node->expanded)
            requestChildren(node);
        else if (node->fetch == Node::Fetch::Done)
            node->stale = true;
        break;
    case WatchEvent::Type::NodeDataChanged:
    case WatchEvent::Type::NodeCreated:
        node->statRequested = false;
        requestStat(node);
        break;
    case WatchEvent::Type::NodeDeleted:
        node->childWatch = false;
        if (node->parent && node->parent != m_invisibleRoot.get() && node->parent->fetch != Node::Fetch::None)
            requestChildren(node->parent);
        break;
    case WatchEvent::Type::ChildWatchRemoved:
        node->childWatch = false;
        break;
    default:
        break;
    }
}

} // namespace zooscope::ui
