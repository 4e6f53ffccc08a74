#pragma once
// The live znode tree: a lazy QAbstractItemModel over one ZooKeeperClient.
//
// Children are read (getChildren2) when a node is expanded (fetchMore) and inserted in pages of
// PageSize rows per event-loop turn, so a node with 200,000 children never freezes the window. Up to
// AutoRowLimit rows of one parent are inserted on their own; beyond that fetchMore (which QTreeView
// calls when the user scrolls to the end of the list) adds FetchMoreRows more each time, because a
// tree view re-lays out every row of an expanded parent on each insert.
// Each child's Stat (exists) is read eagerly for small child lists and, for big ones, only for rows
// a view asks to display. Watch budget: a child watch only on expanded nodes (removed on collapse);
// NodeChildrenChanged refreshes an expanded node in place, and every expanded node is re-read after
// a reconnect. The model never watches data: the inspector does that for the selected node.

#include "NodeIcons.h"

#include "client/ZooKeeperClient.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace zooscope::ui {

class ZNodeTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ChildrenColumn, SizeColumn, CreatedColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, // QString: the node's full path
        SortRole,                    // the column's raw value (name, count, size, ctime)
        KindRole,                    // int(NodeKind)
    };
    static constexpr int PageSize = 1000;        // rows inserted per event-loop turn
    static constexpr int EagerStatLimit = 2000;  // child lists up to this size get all Stats at once
    static constexpr int AutoRowLimit = 10000;   // rows of one parent inserted without being asked
    static constexpr int FetchMoreRows = 10000;  // rows added per fetchMore beyond that
    static constexpr int MaxStatRequests = 256;  // exists requests in flight

    explicit ZNodeTreeModel(client::ZooKeeperClient *client, QObject *parent = nullptr);
    ~ZNodeTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    QString pathOf(const QModelIndex &index) const;
    // The index of a loaded node ("/" is the single top-level row); invalid when not loaded.
    QModelIndex indexOf(const QString &path) const;
    std::optional<client::Stat> statOf(const QModelIndex &index) const;
    // Child watches follow expansion: the view reports expand/collapse here.
    void setExpanded(const QModelIndex &index, bool expanded);
    bool isExpanded(const QModelIndex &index) const;
    // Re-reads a node's Stat and, when its children were read, its children (a diff, not a reset).
    void refresh(const QModelIndex &index);
    // Re-reads every loaded level: after a reconnect or a new session.
    void refreshAll();
    // Containers and TTL nodes look persistent in their Stat; remember the ones created here.
    void rememberCreateMode(const QString &path, client::CreateMode mode);
    // True while children of the node are being read or inserted.
    bool isLoading(const QModelIndex &index) const;
    // Children read but held back until fetchMore (the list is longer than AutoRowLimit).
    int heldBackChildren(const QModelIndex &index) const;
    // Paths of under and of its loaded descendants (rows, not children still held back), breadth
    // first, at most limit of them: what a search of "the loaded nodes" reads.
    QStringList loadedPaths(const QModelIndex &under, int limit) const;
    // Headers follow the language: call on QEvent::LanguageChange.
    void retranslate();

Q_SIGNALS:
    // Every child of parent is now a row (after the last page).
    void childrenLoaded(const QModelIndex &parent);
    void operationFailed(const QString &message);

private:
    struct Node;

    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(const Node *node, int column = 0) const;
    Node *findNode(const QString &path) const;
    static QString pathOf(const Node *node);
    NodeKind kindOf(const Node *node) const;

    void requestChildren(Node *node);
    void onChildren(const QString &path, const client::Result<client::ChildrenResult> &reply);
    void removeChildren(Node *node, const QStringList &names);
    void scheduleNextPage();
    void insertNextPage();
    void requestStat(Node *node) const;
    void pumpStatRequests();
    void onStat(const QString &path, const client::Result<client::Stat> &reply);
    void emitStatChanged(const Node *node);
    void onWatchEvent(const client::WatchEvent &event);
    void forEachLoadedNode(Node *node, const std::function<void(Node *)> &visit);

    QPointer<client::ZooKeeperClient> m_client;
    std::unique_ptr<Node> m_invisibleRoot;
    // Nodes with names waiting for insertion, served one page per turn in order.
    std::deque<QString> m_pagingQueue;
    QTimer m_pageTimer;
    // Paths whose Stat is wanted; a mutable queue because views ask from const data().
    mutable std::deque<QString> m_statQueue;
    mutable QTimer m_statTimer;
    int m_statRequestsInFlight = 0;
    QHash<QString, client::CreateMode> m_createModes;
};

} // namespace zooscope::ui
