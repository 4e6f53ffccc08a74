#pragma once
// Sorts the znode tree by the clicked column's raw value (name, child count, size, creation time)
// and filters loaded nodes by name, keeping the ancestors of matches.

#include <QSortFilterProxyModel>

namespace zooscope::ui {

class ZNodeFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ZNodeFilterProxyModel(QObject *parent = nullptr);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
};

} // namespace zooscope::ui
