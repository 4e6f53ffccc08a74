#pragma once
// The filter above the znode tree: a text matched against names, paths or data, scoped to a
// subtree (the whole tree, or the node selected when "Only under" was pressed). Names and paths
// filter the loaded rows at once. Data is read asynchronously: first the data of the loaded nodes of
// the scope (at most DataSearchLimit), on request ("Search subtree") every node below the scope, whose
// matches are listed below the tree since most of them are not loaded. The status line says what was
// searched; Stop cancels, as does any change of the filter.

#include "ZNodeFilterProxyModel.h"

#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QToolButton;

namespace zooscope::client {
class ZooKeeperClient;
}

namespace zooscope::ui {

class ZNodeDataSearch;
class ZNodeTreeModel;

class TreeFilterBar : public QWidget
{
    Q_OBJECT

public:
    static constexpr int DataSearchLimit = 5000; // nodes whose data one search reads
    static constexpr int DebounceMs = 250;       // typing restarts the search at most this often

    TreeFilterBar(client::ZooKeeperClient *client, ZNodeTreeModel *treeModel, ZNodeFilterProxyModel *proxyModel,
                  QWidget *parent = nullptr);

    QLineEdit *textEdit() const { return m_textEdit; }
    QComboBox *matchCombo() const { return m_matchCombo; }
    QListWidget *subtreeResults() const { return m_subtreeResults; }
    QString statusText() const;
    // The filter as the user would set it; applied after DebounceMs (or at once with applyNow()).
    void setMatch(ZNodeFilterProxyModel::Match match);
    void setScope(const QString &path);
    QString scope() const { return m_scope; }
    void applyNow();
    // Reads every node under the scope (a button; also for tests).
    void searchSubtree();
    void stopSearches();
    bool isSearching() const;

public Q_SLOTS:
    // The selected node: the scope when "Only under" is pressed.
    void setSelectedPath(const QString &path);

Q_SIGNALS:
    // The user picked a subtree match: show it in the tree.
    void revealRequested(const QString &path);
    // The last search finished (or was stopped); for tests and the status bar.
    void searchFinished();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void scheduleApply();
    void apply();
    void startLoadedDataSearch();
    void updateStatus();
    void publishDataMatches();
    ZNodeFilterProxyModel::Match currentMatch() const;

    QPointer<client::ZooKeeperClient> m_client;
    ZNodeTreeModel *m_treeModel;
    ZNodeFilterProxyModel *m_proxyModel;
    QLineEdit *m_textEdit;
    QComboBox *m_matchCombo;
    QToolButton *m_scopeButton;
    QPushButton *m_subtreeButton;
    QPushButton *m_stopButton;
    QLabel *m_statusLabel;
    QListWidget *m_subtreeResults;
    QTimer m_applyTimer;
    QTimer m_publishTimer; // data matches reach the proxy at most every few frames
    QString m_selectedPath;
    QString m_scope = QStringLiteral("/");
    ZNodeDataSearch *m_loadedSearch = nullptr;
    ZNodeDataSearch *m_subtreeSearch = nullptr;
    int m_loadedNodeCount = 0;
    QSet<QString> m_dataMatches;
};

} // namespace zooscope::ui
