#include "TreeFilterBar.h"

#include "ZNodeDataSearch.h"
#include "ZNodeTreeModel.h"

#include "client/ZooKeeperClient.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace zooscope::ui {

using Match = ZNodeFilterProxyModel::Match;

TreeFilterBar::TreeFilterBar(client::ZooKeeperClient *client, ZNodeTreeModel *treeModel,
                             ZNodeFilterProxyModel *proxyModel, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_treeModel(treeModel)
    , m_proxyModel(proxyModel)
    , m_textEdit(new QLineEdit(this))
    , m_matchCombo(new QComboBox(this))
    , m_scopeButton(new QToolButton(this))
    , m_subtreeButton(new QPushButton(this))
    , m_stopButton(new QPushButton(this))
    , m_statusLabel(new QLabel(this))
    , m_subtreeResults(new QListWidget(this))
{
    m_textEdit->setObjectName(QStringLiteral("treeFilterEdit"));
    m_textEdit->setClearButtonEnabled(true);
    m_matchCombo->setObjectName(QStringLiteral("treeFilterMatch"));
    for (int i = 0; i < 3; ++i)
        m_matchCombo->addItem(QString());
    m_scopeButton->setObjectName(QStringLiteral("treeFilterScope"));
    m_scopeButton->setCheckable(true);
    m_subtreeButton->setObjectName(QStringLiteral("treeSearchSubtree"));
    m_stopButton->setObjectName(QStringLiteral("treeSearchStop"));
    m_statusLabel->setObjectName(QStringLiteral("treeFilterStatus"));
    m_statusLabel->setWordWrap(true);
    m_subtreeResults->setObjectName(QStringLiteral("treeSearchResults"));
    m_subtreeResults->setMaximumHeight(120);
    m_subtreeResults->hide();

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_textEdit, 1);
    row->addWidget(m_matchCombo);
    row->addWidget(m_scopeButton);
    auto *searchRow = new QHBoxLayout;
    searchRow->setContentsMargins(0, 0, 0, 0);
    searchRow->addWidget(m_statusLabel, 1);
    searchRow->addWidget(m_subtreeButton);
    searchRow->addWidget(m_stopButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addLayout(searchRow);
    layout->addWidget(m_subtreeResults);

    m_applyTimer.setSingleShot(true);
    m_applyTimer.setInterval(DebounceMs);
    connect(&m_applyTimer, &QTimer::timeout, this, &TreeFilterBar::apply);
    m_publishTimer.setSingleShot(true);
    m_publishTimer.setInterval(100);
    connect(&m_publishTimer, &QTimer::timeout, this, &TreeFilterBar::publishDataMatches);

    connect(m_textEdit, &QLineEdit::textChanged, this, &TreeFilterBar::scheduleApply);
    connect(m_matchCombo, &QComboBox::currentIndexChanged, this, [this] {
        retranslateUi(); // the placeholder names the match
        scheduleApply();
    });
    connect(m_scopeButton, &QToolButton::toggled, this, [this](bool scoped) {
        setScope(scoped && !m_selectedPath.isEmpty() ? m_selectedPath : QStringLiteral("/"));
    });
    connect(m_subtreeButton, &QPushButton::clicked, this, &TreeFilterBar::searchSubtree);
    connect(m_stopButton, &QPushButton::clicked, this, &TreeFilterBar::stopSearches);
    connect(m_subtreeResults, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { Q_EMIT revealRequested(item->text()); });
    retranslateUi();
    updateStatus();
}

Match TreeFilterBar::currentMatch() const
{
    return Match(m_matchCombo->currentIndex());
}

void TreeFilterBar::setMatch(Match match)
{
    m_matchCombo->setCurrentIndex(int(match));
}

void TreeFilterBar::setSelectedPath(const QString &path)
{
    m_selectedPath = path;
}

void TreeFilterBar::setScope(const QString &path)
{
    const QString scope = path.isEmpty() ? QStringLiteral("/") : path;
    {
        const QSignalBlocker blocker(m_scopeButton);
        m_scopeButton->setChecked(scope != QLatin1String("/"));
    }
    if (scope == m_scope)
        return;
    m_scope = scope;
    retranslateUi();
    scheduleApply();
}

void TreeFilterBar::scheduleApply()
{
    stopSearches(); // what they would find belongs to the old filter
    m_applyTimer.start();
    updateStatus();
}

void TreeFilterBar::applyNow()
{
    m_applyTimer.stop();
    apply();
}

void TreeFilterBar::apply()
{
    stopSearches();
    const QString text = m_textEdit->text();
    m_proxyModel->setFilter(currentMatch(), text, m_scope);
    if (currentMatch() == Match::Data && !text.isEmpty())
        startLoadedDataSearch();
    updateStatus();
}

void TreeFilterBar::startLoadedDataSearch()
{
    if (!m_client)
        return;
    const QStringList paths = m_treeModel->loadedPaths(m_treeModel->indexOf(m_scope), DataSearchLimit);
    m_loadedNodeCount = int(paths.size());
    m_dataMatches.clear();
    m_loadedSearch = new ZNodeDataSearch(m_client, m_textEdit->text(), this);
    m_loadedSearch->setNodeLimit(DataSearchLimit);
    connect(m_loadedSearch, &ZNodeDataSearch::matched, this, [this](const QString &path) {
        m_dataMatches.insert(path);
        if (!m_publishTimer.isActive())
            m_publishTimer.start();
    });
    connect(m_loadedSearch, &ZNodeDataSearch::progress, this, &TreeFilterBar::updateStatus);
    connect(m_loadedSearch, &ZNodeDataSearch::finished, this, [this] {
        publishDataMatches();
        updateStatus();
        if (!isSearching())
            Q_EMIT searchFinished();
    });
    m_loadedSearch->searchNodes(paths);
}

void TreeFilterBar::publishDataMatches()
{
    m_publishTimer.stop();
    m_proxyModel->setDataMatches(m_dataMatches);
}

void TreeFilterBar::searchSubtree()
{
    const QString text = m_textEdit->text();
    if (!m_client || text.isEmpty())
        return;
    if (m_subtreeSearch) {
        m_subtreeSearch->cancel();
        m_subtreeSearch->deleteLater();
    }
    m_subtreeResults->clear();
    m_subtreeResults->show();
    m_subtreeSearch = new ZNodeDataSearch(m_client, text, this);
    m_subtreeSearch->setNodeLimit(DataSearchLimit);
    connect(m_subtreeSearch, &ZNodeDataSearch::matched, this,
            [this](const QString &path) { m_subtreeResults->addItem(path); });
    connect(m_subtreeSearch, &ZNodeDataSearch::progress, this, &TreeFilterBar::updateStatus);
    connect(m_subtreeSearch, &ZNodeDataSearch::finished, this, [this] {
        updateStatus();
        if (!isSearching())
            Q_EMIT searchFinished();
    });
    m_subtreeSearch->searchSubtree(m_scope);
    updateStatus();
}

void TreeFilterBar::stopSearches()
{
    const bool wasSearching = isSearching();
    for (ZNodeDataSearch **search : {&m_loadedSearch, &m_subtreeSearch}) {
        if (!*search)
            continue;
        (*search)->cancel();
        (*search)->deleteLater();
        *search = nullptr;
    }
    m_subtreeResults->clear();
    m_subtreeResults->hide();
    updateStatus();
    if (wasSearching)
        Q_EMIT searchFinished();
}

bool TreeFilterBar::isSearching() const
{
    return (m_loadedSearch && m_loadedSearch->isRunning()) || (m_subtreeSearch && m_subtreeSearch->isRunning());
}

QString TreeFilterBar::statusText() const
{
    return m_statusLabel->text();
}

void TreeFilterBar::updateStatus()
{
    const bool dataMatch = currentMatch() == Match::Data;
    const bool hasText = !m_textEdit->text().isEmpty();
    m_subtreeButton->setVisible(dataMatch);
    m_subtreeButton->setEnabled(dataMatch && hasText && !(m_subtreeSearch && m_subtreeSearch->isRunning()));
    m_stopButton->setVisible(isSearching());

    QString status;
    if (m_subtreeSearch) {
        const ZNodeDataSearch &search = *m_subtreeSearch;
        if (search.isRunning())
            status = tr("Reading every node under %1 (at most %2): %3 read, %4 matching")
                         .arg(m_scope)
                         .arg(search.nodeLimit())
                         .arg(search.searchedCount())
                         .arg(search.matchCount());
        else if (search.isTruncated())
            status = tr("Stopped after %1 nodes under %2 (the limit): %3 matching, listed below")
                         .arg(search.searchedCount())
                         .arg(m_scope)
                         .arg(search.matchCount());
        else
            status = tr("Every node under %1 read (%2): %3 matching, listed below; double-click one to show it")
                         .arg(m_scope)
                         .arg(search.searchedCount())
                         .arg(search.matchCount());
    } else if (m_loadedSearch) {
        const ZNodeDataSearch &search = *m_loadedSearch;
        if (search.isRunning())
            status = tr("Reading the data of the %1 loaded nodes under %2: %3 read, %4 matching")
                         .arg(m_loadedNodeCount)
                         .arg(m_scope)
                         .arg(search.searchedCount())
                         .arg(search.matchCount());
        else
            status = tr("Data of the %1 loaded nodes under %2 searched: %3 matching. Search subtree reads every "
                        "node below it.")
                         .arg(m_loadedNodeCount)
                         .arg(m_scope)
                         .arg(search.matchCount());
    } else if (hasText) {
        switch (currentMatch()) {
        case Match::Name: status = tr("Filtering the names of the loaded nodes under %1").arg(m_scope); break;
        case Match::Path: status = tr("Filtering the paths of the loaded nodes under %1").arg(m_scope); break;
        case Match::Data: status = tr("Searching the data of the loaded nodes under %1").arg(m_scope); break;
        }
    }
    m_statusLabel->setText(status);
    m_statusLabel->setVisible(!status.isEmpty());
}

void TreeFilterBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        updateStatus();
    }
    QWidget::changeEvent(event);
}

void TreeFilterBar::retranslateUi()
{
    m_matchCombo->setItemText(int(Match::Name), tr("Name"));
    m_matchCombo->setItemText(int(Match::Path), tr("Path"));
    m_matchCombo->setItemText(int(Match::Data), tr("Data"));
    m_matchCombo->setToolTip(tr("What the filter text is matched against: names or paths of the loaded nodes, "
                                "or the data of nodes (read in the background)"));
    switch (currentMatch()) {
    case Match::Name: m_textEdit->setPlaceholderText(tr("Filter loaded nodes by name")); break;
    case Match::Path: m_textEdit->setPlaceholderText(tr("Filter loaded nodes by path")); break;
    case Match::Data: m_textEdit->setPlaceholderText(tr("Find text in the data of nodes")); break;
    }
    m_scopeButton->setText(m_scope == QLatin1String("/") ? tr("Only under selected") : tr("Only under %1").arg(m_scope));
    m_scopeButton->setToolTip(tr("Limit the filter to the subtree of the selected node; press again for the whole "
                                 "tree"));
    m_subtreeButton->setText(tr("Search subtree"));
    m_subtreeButton->setToolTip(tr("Read the data of every node under %1, loaded or not (at most %2 nodes)")
                                    .arg(m_scope)
                                    .arg(DataSearchLimit));
    m_stopButton->setText(tr("Stop"));
}

} // namespace zooscope::ui
