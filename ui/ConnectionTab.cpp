#include "ConnectionTab.h"

#include "AclEditorDialog.h"
#include "ConnectionSession.h"
#include "ConsoleWidget.h"
#include "MonitorWidget.h"
#include "ImportDialog.h"
#include "RecursiveDeleteDialog.h"
#include "SubtreeTransfer.h"
#include "NodeInspector.h"
#include "TreeFilterBar.h"
#include "ZNodeFilterProxyModel.h"
#include "ZNodeTreeModel.h"

#include <QApplication>
#include <QClipboard>
#include <QDataStream>
#include <QFile>
#include <QFileDialog>
#include <QPointer>
#include <QThreadPool>
#include <QGuiApplication>
#include <QMessageBox>
#include <QEvent>
#include <QHeaderView>
#include <QIODevice>
#include <QLineEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace zooscope::ui {

ConnectionTab::ConnectionTab(ConnectionSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    session->setParent(this);
    m_treeModel = new ZNodeTreeModel(session->client(), this);
    m_proxyModel = new ZNodeFilterProxyModel(this);
    m_proxyModel->setSourceModel(m_treeModel);

    m_filterBar = new TreeFilterBar(session->client(), m_treeModel, m_proxyModel, this);
    m_treeView = new QTreeView(this);
    m_treeView->setObjectName(QStringLiteral("znodeTree"));
    m_treeView->setModel(m_proxyModel);
    m_treeView->setUniformRowHeights(true); // row heights from one row: essential for huge child lists
    m_treeView->setSortingEnabled(true);
    m_treeView->sortByColumn(ZNodeTreeModel::NameColumn, Qt::AscendingOrder);
    m_treeView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_treeView->header()->setStretchLastSection(false);
    m_treeView->header()->setSectionResizeMode(ZNodeTreeModel::NameColumn, QHeaderView::Stretch);
    m_treeView->setColumnWidth(ZNodeTreeModel::ChildrenColumn, 60);
    m_treeView->setColumnWidth(ZNodeTreeModel::SizeColumn, 60);
    m_treeView->setColumnWidth(ZNodeTreeModel::CreatedColumn, 120);

    auto *treePane = new QWidget(this);
    auto *treeLayout = new QVBoxLayout(treePane);
    treeLayout->setContentsMargins(0, 0, 0, 0);
    treeLayout->addWidget(m_filterBar);
    treeLayout->addWidget(m_treeView);
    treePane->setMinimumWidth(220); // the tree stays readable when docks (the ensemble studio) take room

    m_bottomTabs = new QTabWidget(this);
    m_bottomTabs->setObjectName(QStringLiteral("bottomTabs"));
    m_rightSplitter = new QSplitter(Qt::Vertical, this);
    m_rightSplitter->setObjectName(QStringLiteral("rightSplitter"));
    m_inspector = new NodeInspector(session, this);
    m_console = new ConsoleWidget(session->client(), this);
    m_bottomTabs->addTab(m_console, QString());
    m_monitor = new MonitorWidget(session->profile().connectString, this);
    m_bottomTabs->addTab(m_monitor, QString());
    m_rightSplitter->addWidget(m_inspector);
    m_rightSplitter->addWidget(m_bottomTabs);
    m_rightSplitter->setStretchFactor(0, 3);
    m_rightSplitter->setStretchFactor(1, 1);
    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(treePane);
    m_mainSplitter->addWidget(m_rightSplitter);
    m_mainSplitter->setStretchFactor(0, 2);
    m_mainSplitter->setStretchFactor(1, 3);
    m_mainSplitter->setSizes({420, 780});
    m_rightSplitter->setSizes({420, 300});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_mainSplitter);

    connect(this, &ConnectionTab::selectedPathChanged, m_filterBar, &TreeFilterBar::setSelectedPath);
    connect(m_filterBar, &TreeFilterBar::revealRequested, this, &ConnectionTab::revealPath);
    connect(m_treeView, &QTreeView::expanded, this,
            [this](const QModelIndex &index) { m_treeModel->setExpanded(m_proxyModel->mapToSource(index), true); });
    connect(m_treeView, &QTreeView::collapsed, this,
            [this](const QModelIndex &index) { m_treeModel->setExpanded(m_proxyModel->mapToSource(index), false); });
    connect(m_treeView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                Q_EMIT selectedPathChanged(current.data(ZNodeTreeModel::PathRole).toString());
            });
    connect(m_treeModel, &ZNodeTreeModel::operationFailed, this, &ConnectionTab::statusMessage);
    connect(m_treeModel, &QAbstractItemModel::rowsInserted, this, &ConnectionTab::selectPendingNode);
    connect(m_treeModel, &ZNodeTreeModel::childrenLoaded, this, &ConnectionTab::continueReveal);
    connect(this, &ConnectionTab::selectedPathChanged, m_inspector, &NodeInspector::setPath);
    connect(m_inspector, &NodeInspector::statusMessage, this, &ConnectionTab::statusMessage);
    connect(m_inspector, &NodeInspector::saved, this,
            [this](const QString &path) { m_treeModel->refresh(m_treeModel->indexOf(path)); });
    connect(session, &ConnectionSession::stateChanged, this, &ConnectionTab::onStateChanged);
    connect(session, &ConnectionSession::reconnected, m_treeModel, &ZNodeTreeModel::refreshAll);

    retranslateUi();
    if (!session->open())
        Q_EMIT statusMessage(tr("Cannot open %1: %2").arg(session->profile().connectString, session->errorString()));
}

void ConnectionTab::onStateChanged()
{
    if (m_session->isConnected() && !m_rootExpanded) {
        // The first session shows the top level at once.
        m_rootExpanded = true;
        const QModelIndex root = m_proxyModel->index(0, 0);
        m_treeView->expand(root);
        m_treeView->setCurrentIndex(root);
    }
}

QString ConnectionTab::selectedPath() const
{
    return m_treeView->currentIndex().data(ZNodeTreeModel::PathRole).toString();
}

bool ConnectionTab::selectPath(const QString &path)
{
    const QModelIndex index = m_proxyModel->mapFromSource(m_treeModel->indexOf(path));
    if (!index.isValid())
        return false;
    m_treeView->setCurrentIndex(index);
    m_treeView->scrollTo(index);
    return true;
}

bool ConnectionTab::isReadOnly() const
{
    return m_session->isReadOnly();
}

void ConnectionTab::refreshParentOf(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(u'/');
    const QString parentPath = slash <= 0 ? QStringLiteral("/") : path.left(slash);
    m_treeModel->refresh(m_treeModel->indexOf(parentPath));
}

void ConnectionTab::selectPendingNode()
{
    if (!m_pendingSelection.isEmpty() && selectPath(m_pendingSelection))
        m_pendingSelection.clear();
}

void ConnectionTab::revealPath(const QString &path)
{
    m_pendingReveal = path;
    continueReveal();
}

void ConnectionTab::continueReveal()
{
    if (m_pendingReveal.isEmpty())
        return;
    if (selectPath(m_pendingReveal)) {
        m_pendingReveal.clear();
        return;
    }
    // Expand the deepest loaded ancestor; its children arrive with childrenLoaded.
    QString prefix;
    QModelIndex deepest = m_treeModel->indexOf(QStringLiteral("/"));
    for (const QString &name : m_pendingReveal.split(u'/', Qt::SkipEmptyParts)) {
        prefix += u'/' + name;
        const QModelIndex next = m_treeModel->indexOf(prefix);
        if (!next.isValid())
            break;
        deepest = next;
    }
    const QModelIndex proxyIndex = m_proxyModel->mapFromSource(deepest);
    if (proxyIndex.isValid() && !m_treeView->isExpanded(proxyIndex))
        m_treeView->expand(proxyIndex);
}

void ConnectionTab::createChild()
{
    if (isReadOnly())
        return;
    const QString parentPath = selectedPath().isEmpty() ? QStringLiteral("/") : selectedPath();
    auto *dialog = new CreateNodeDialog(parentPath, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { performCreate(dialog->request()); });
    dialog->open();
}

void ConnectionTab::performCreate(const CreateNodeRequest &request)
{
    auto *client = m_session->client();
    auto done = client::guarded<client::CreateResult>(
        this, [this, request](const client::Result<client::CreateResult> &reply) {
            if (!reply.ok()) {
                Q_EMIT statusMessage(tr("Cannot create %1: %2").arg(request.path, client::errorText(reply.error)));
                return;
            }
            m_treeModel->rememberCreateMode(reply.value.path, request.mode);
            Q_EMIT statusMessage(tr("Created %1").arg(reply.value.path));
            m_pendingSelection = reply.value.path;
            refreshParentOf(reply.value.path);
            const QModelIndex parent = m_proxyModel->mapFromSource(
                m_treeModel->indexOf(reply.value.path.left(std::max<qsizetype>(1, reply.value.path.lastIndexOf(u'/')))));
            if (parent.isValid())
                m_treeView->expand(parent);
            selectPendingNode();
        });
    if (request.mode == client::CreateMode::Container)
        client->createContainer(request.path, request.data, request.acl, done);
    else if (client::isTtl(request.mode))
        client->createTtl(request.path, request.data, request.acl, request.mode, request.ttlMs, done);
    else
        client->create(request.path, request.data, request.acl, request.mode, done);
}

void ConnectionTab::deleteSelected()
{
    const QString path = selectedPath();
    if (isReadOnly() || path.isEmpty() || path == QLatin1String("/"))
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete Node"),
                                tr("Delete %1? Only a node without children can be deleted this way.").arg(path),
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("confirmDeleteBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDefaultButton(QMessageBox::No);
    connect(box, &QMessageBox::finished, this, [this, path](int result) {
        if (result != QMessageBox::Yes)
            return;
        m_session->client()->remove(
            path, -1, client::guarded<void>(this, [this, path](const client::Result<void> &reply) {
                if (reply.error == client::ErrorCode::NotEmpty)
                    Q_EMIT statusMessage(tr("%1 has children: use Delete Recursively.").arg(path));
                else if (!reply.ok())
                    Q_EMIT statusMessage(tr("Cannot delete %1: %2").arg(path, client::errorText(reply.error)));
                else
                    Q_EMIT statusMessage(tr("Deleted %1").arg(path));
                refreshParentOf(path);
            }));
    });
    box->open();
}

void ConnectionTab::deleteSelectedRecursively()
{
    const QString path = selectedPath();
    if (isReadOnly() || path.isEmpty() || path == QLatin1String("/"))
        return;
    auto *dialog = new RecursiveDeleteDialog(m_session->client(), path, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RecursiveDeleteDialog::deleted, this, [this](const QString &root, int count) {
        Q_EMIT statusMessage(tr("Deleted %n node(s) under %1", nullptr, count).arg(root));
        refreshParentOf(root);
    });
    dialog->open();
}

void ConnectionTab::editAcl()
{
    const QString path = selectedPath();
    if (path.isEmpty())
        return;
    auto *dialog = new AclEditorDialog(m_session->client(), path, isReadOnly(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_session->profile().hasCredentials())
        dialog->setDigestCredentials(m_session->profile().digestUser, QString());
    connect(dialog, &AclEditorDialog::saved, this, [this](const QString &saved) {
        Q_EMIT statusMessage(tr("ACL of %1 saved").arg(saved));
        m_treeModel->refresh(m_treeModel->indexOf(saved));
    });
    dialog->open();
}

void ConnectionTab::copySelectedPath()
{
    const QString path = selectedPath();
    if (path.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(path);
    Q_EMIT statusMessage(tr("Copied %1").arg(path));
}

void ConnectionTab::refreshSelected()
{
    m_treeModel->refresh(m_treeModel->indexOf(selectedPath().isEmpty() ? QStringLiteral("/") : selectedPath()));
    m_inspector->reload();
}

void ConnectionTab::focusFilter()
{
    m_filterBar->textEdit()->setFocus(Qt::ShortcutFocusReason);
    m_filterBar->textEdit()->selectAll();
}

void ConnectionTab::exportSubtree()
{
    const QString path = selectedPath().isEmpty() ? QStringLiteral("/") : selectedPath();
    auto *dialog = new QFileDialog(this, tr("Export %1").arg(path), QString(), tr("JSON files (*.json)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("json"));
    connect(dialog, &QFileDialog::fileSelected, this, [this, path](const QString &file) { exportSubtreeTo(path, file); });
    dialog->open();
}

void ConnectionTab::exportSubtreeTo(const QString &path, const QString &fileName)
{
    auto *exporter = new SubtreeExporter(m_session->client(), path, this);
    connect(exporter, &SubtreeExporter::failed, this, [this, exporter](const QString &message) {
        exporter->deleteLater();
        Q_EMIT statusMessage(message);
    });
    connect(exporter, &SubtreeExporter::finished, this, [this, exporter, fileName](int count) {
        const QByteArray json = exporter->document().toJson(QJsonDocument::Indented);
        exporter->deleteLater();
        QPointer<ConnectionTab> self(this);
        QThreadPool::globalInstance()->start([self, fileName, json, count] {
            QFile file(fileName);
            const bool ok = file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(json) == json.size();
            file.close();
            QMetaObject::invokeMethod(
                qApp, [self, fileName, ok, count] {
                    if (!self)
                        return;
                    Q_EMIT self->statusMessage(ok ? tr("Exported %n node(s) to %1", nullptr, count).arg(fileName)
                                                  : tr("Cannot write %1").arg(fileName));
                    Q_EMIT self->subtreeExported(fileName, ok);
                },
                Qt::QueuedConnection);
        });
    });
    exporter->start();
}

void ConnectionTab::importSubtree()
{
    if (isReadOnly())
        return;
    const QString target = selectedPath().isEmpty() ? QStringLiteral("/") : selectedPath();
    auto *dialog = new QFileDialog(this, tr("Import below %1").arg(target), QString(), tr("JSON files (*.json)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this,
            [this, target](const QString &file) { importSubtreeFrom(file, target); });
    dialog->open();
}

void ConnectionTab::importSubtreeFrom(const QString &fileName, const QString &targetPath)
{
    if (isReadOnly())
        return;
    QPointer<ConnectionTab> self(this);
    QThreadPool::globalInstance()->start([self, fileName, targetPath] {
        QFile file(fileName);
        const bool ok = file.open(QIODevice::ReadOnly);
        const QByteArray json = ok ? file.readAll() : QByteArray();
        QMetaObject::invokeMethod(
            qApp, [self, fileName, targetPath, ok, json] {
                if (!self)
                    return;
                QJsonParseError error;
                const QJsonDocument document = QJsonDocument::fromJson(json, &error);
                if (!ok || error.error != QJsonParseError::NoError) {
                    Q_EMIT self->statusMessage(tr("Cannot read %1: %2")
                                                   .arg(fileName, ok ? error.errorString() : tr("cannot open the file")));
                    return;
                }
                auto *dialog = new ImportDialog(self->m_session->client(), targetPath, document, self);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                connect(dialog, &ImportDialog::imported, self, [self](const QString &target, int changed) {
                    Q_EMIT self->statusMessage(tr("Imported %n change(s) below %1", nullptr, changed).arg(target));
                    self->m_treeModel->refresh(self->m_treeModel->indexOf(target));
                });
                dialog->open();
            },
            Qt::QueuedConnection);
    });
}

QByteArray ConnectionTab::saveLayout() const
{
    QByteArray state;
    QDataStream stream(&state, QIODevice::WriteOnly);
    stream << m_mainSplitter->saveState() << m_rightSplitter->saveState() << m_treeView->header()->saveState();
    return state;
}

void ConnectionTab::restoreLayout(const QByteArray &state)
{
    QDataStream stream(state);
    QByteArray mainState, rightState, headerState;
    stream >> mainState >> rightState >> headerState;
    if (stream.status() != QDataStream::Ok)
        return;
    m_mainSplitter->restoreState(mainState);
    m_rightSplitter->restoreState(rightState);
    m_treeView->header()->restoreState(headerState);
}

void ConnectionTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ConnectionTab::retranslateUi()
{
    m_bottomTabs->setTabText(m_bottomTabs->indexOf(m_console), tr("Console"));
    m_bottomTabs->setTabText(m_bottomTabs->indexOf(m_monitor), tr("Monitor"));
    m_treeModel->retranslate();
}

} // namespace zooscope::ui
