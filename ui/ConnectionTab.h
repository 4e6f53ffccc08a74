#pragma once
// One open connection in the main window: the live tree (with its filter) on the left, the
// inspector of the selected node on the right, the console and monitor below.

#include "CreateNodeDialog.h"

#include <QWidget>

class QSplitter;
class QTabWidget;
class QTreeView;

namespace zooscope::ui {

class ConnectionSession;
class ConsoleWidget;
class MonitorWidget;
class NodeInspector;
class TreeFilterBar;
class ZNodeFilterProxyModel;
class ZNodeTreeModel;

class ConnectionTab : public QWidget
{
    Q_OBJECT

public:
    // Takes ownership of the session and opens it.
    explicit ConnectionTab(ConnectionSession *session, QWidget *parent = nullptr);

    ConnectionSession *session() const { return m_session; }
    ZNodeTreeModel *treeModel() const { return m_treeModel; }
    ZNodeFilterProxyModel *proxyModel() const { return m_proxyModel; }
    TreeFilterBar *filterBar() const { return m_filterBar; }
    QTreeView *treeView() const { return m_treeView; }
    NodeInspector *inspector() const { return m_inspector; }
    ConsoleWidget *console() const { return m_console; }
    MonitorWidget *monitor() const { return m_monitor; }
    // The path of the selected node, empty when none.
    QString selectedPath() const;
    // Selects (and scrolls to) a loaded node; false when it is not loaded.
    bool selectPath(const QString &path);
    // Expands the ancestors of path as they load, then selects it.
    void revealPath(const QString &path);

    bool isReadOnly() const;

    QByteArray saveLayout() const;

public Q_SLOTS:
    // Node actions on the selected node; each explains itself in a dialog before it writes.
    void createChild();
    void performCreate(const zooscope::ui::CreateNodeRequest &request);
    void deleteSelected();
    void deleteSelectedRecursively();
    void editAcl();
    void copySelectedPath();
    void refreshSelected();
    // Puts the keyboard in the tree's filter (Ctrl+F).
    void focusFilter();
    // Export the selected subtree to a JSON file / import one below the selected node (file dialogs).
    void exportSubtree();
    void importSubtree();
    // The same without dialogs; the file is written / read off the UI thread.
    void exportSubtreeTo(const QString &path, const QString &fileName);
    void importSubtreeFrom(const QString &fileName, const QString &targetPath);
    void restoreLayout(const QByteArray &state);

Q_SIGNALS:
    void selectedPathChanged(const QString &path);
    void statusMessage(const QString &message);
    void subtreeExported(const QString &fileName, bool ok);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void onStateChanged();
    void refreshParentOf(const QString &path);
    void selectPendingNode();
    void continueReveal();

    ConnectionSession *m_session = nullptr;
    ZNodeTreeModel *m_treeModel = nullptr;
    ZNodeFilterProxyModel *m_proxyModel = nullptr;
    TreeFilterBar *m_filterBar = nullptr;
    QTreeView *m_treeView = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_rightSplitter = nullptr;
    QTabWidget *m_bottomTabs = nullptr;
    NodeInspector *m_inspector = nullptr;
    ConsoleWidget *m_console = nullptr;
    MonitorWidget *m_monitor = nullptr;
    bool m_rootExpanded = false;
    QString m_pendingSelection; // a node just created: selected once its row exists
    QString m_pendingReveal;    // a node to show: its ancestors are expanded as they load
};

} // namespace zooscope::ui
