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

bool ZNodeFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    // The root row stays so that the tree never disappears under a filter.
    if (!sourceParent.isValid())
        return true;
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace zooscope::ui
