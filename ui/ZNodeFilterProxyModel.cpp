#include "ZNodeFilterProxyModel.h"

#include "ZNodeTreeModel.h"

namespace zooscope::ui {

ZNodeFilterProxyModel::ZNodeFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ZNodeTreeModel::SortRole);
    setFilterKeyColumn(ZNodeTreeModel::NameColumn);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setRecursiveFilteringEnabled(true);
    setSortCaseSensitivity(Qt::CaseSensitive);
}

bool ZNodeFilterProxyModel::isWithin(const QString &path, const QString &scope)
{
    if (scope.isEmpty() || scope == QLatin1String("/"))
        return true;
    return path == scope || (path.startsWith(scope) && path.at(scope.size()) == u'/');
}

void ZNodeFilterProxyModel::setFilter(Match match, const QString &text, const QString &scopePath)
{
    const QString scope = scopePath.isEmpty() ? QStringLiteral("/") : scopePath;
    if (match == m_match && text == m_text && scope == m_scope)
        return;
    if (match != m_match || text != m_text || scope != m_scope)
        m_dataMatches.clear(); // they belong to the previous search
    m_match = match;
    m_text = text;
    m_scope = scope;
    invalidateFilter();
}

void ZNodeFilterProxyModel::setDataMatches(const QSet<QString> &paths)
{
    if (paths == m_dataMatches)
        return;
    m_dataMatches = paths;
    if (m_match == Match::Data)
        invalidateFilter();
}

bool ZNodeFilterProxyModel::isFiltering() const
{
    return !m_text.isEmpty();
}

bool ZNodeFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    // The root row stays so that the tree never disappears under a filter.
    if (!sourceParent.isValid() || m_text.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, ZNodeTreeModel::NameColumn, sourceParent);
    const QString path = index.data(ZNodeTreeModel::PathRole).toString();
    if (!isWithin(path, m_scope))
        return false; // an ancestor of a match still shows (recursive filtering)
    switch (m_match) {
    case Match::Name:
        // SortRole, not DisplayRole: showing a row asks for its Stat, filtering must not.
        return index.data(ZNodeTreeModel::SortRole).toString().contains(m_text, Qt::CaseInsensitive);
    case Match::Path:
        return path.contains(m_text, Qt::CaseInsensitive);
    case Match::Data:
        return m_dataMatches.contains(path);
    }
    return false;
}

} // namespace zooscope::ui

namespace zooscope::ui {

bool ZNodeFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.column() == ZNodeTreeModel::NameColumn)
        return QSortFilterProxyModel::lessThan(left, right);
    // The Stat columns' SortRole is -1 while the Stat is unknown.
    const qlonglong leftValue = left.data(ZNodeTreeModel::SortRole).toLongLong();
    const qlonglong rightValue = right.data(ZNodeTreeModel::SortRole).toLongLong();
    const bool leftUnknown = leftValue < 0;
    const bool rightUnknown = rightValue < 0;
    if (leftUnknown != rightUnknown) // descending order compares (right, left): unknown stays last
        return sortOrder() == Qt::AscendingOrder ? rightUnknown : leftUnknown;
    if (leftValue != rightValue)
        return leftValue < rightValue;
    // Equal values keep a stable, readable order: by name.
    return left.siblingAtColumn(ZNodeTreeModel::NameColumn).data(ZNodeTreeModel::SortRole).toString() <
           right.siblingAtColumn(ZNodeTreeModel::NameColumn).data(ZNodeTreeModel::SortRole).toString();
}

} // namespace zooscope::ui
