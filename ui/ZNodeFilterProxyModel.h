#pragma once
// Sorts the znode tree by the clicked column's raw value (name, child count, size, creation time)
// and filters the loaded nodes of one subtree (the scope; "/" for all) by name, by path or by data
// (the paths a ZNodeDataSearch found), keeping the ancestors of matches. Nodes outside the scope are
// hidden while a filter is set. Sorting and filtering only see loaded rows: they never read children
// (a huge node's held-back children come with scrolling) and never ask for a Stat. By children, size
// or creation, rows whose Stat is not read yet (rows never shown, in a big list) sort last in either
// order, so the rows shown first are ones with a known value.

#include <QSet>
#include <QSortFilterProxyModel>

namespace zooscope::ui {

class ZNodeFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class Match { Name, Path, Data };

    explicit ZNodeFilterProxyModel(QObject *parent = nullptr);

    void setFilter(Match match, const QString &text, const QString &scopePath);
    Match match() const { return m_match; }
    QString text() const { return m_text; }
    QString scopePath() const { return m_scope; }
    // Data matches arrive while a search runs; the filter is re-applied once per call.
    void setDataMatches(const QSet<QString> &paths);
    bool isFiltering() const;
    static bool isWithin(const QString &path, const QString &scope);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    Match m_match = Match::Name;
    QString m_text;
    QString m_scope = QStringLiteral("/");
    QSet<QString> m_dataMatches;
};

} // namespace zooscope::ui
