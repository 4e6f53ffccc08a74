#include "WatchEventLogWidget.h"

#include "WatchEventLogModel.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QScrollBar>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QThreadPool>
#include <QVBoxLayout>

namespace zooscope::ui {

WatchEventLogWidget::WatchEventLogWidget(WatchEventLogModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("watchEventLog"));
    m_proxy->setSourceModel(model);
    m_proxy->setFilterKeyColumn(-1); // any column
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("eventFilterEdit"));
    m_filterEdit->setClearButtonEnabled(true);
    m_pauseCheck = new QCheckBox(this);
    m_pauseCheck->setObjectName(QStringLiteral("pauseCheck"));
    m_heldBackLabel = new QLabel(this);
    m_clearButton = new QPushButton(this);
    m_clearButton->setObjectName(QStringLiteral("clearEventsButton"));
    m_exportButton = new QPushButton(this);
    m_exportButton->setObjectName(QStringLiteral("exportEventsButton"));
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("eventTable"));
    m_table->setModel(m_proxy);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setColumnWidth(WatchEventLogModel::TimeColumn, 100);
    m_table->setColumnWidth(WatchEventLogModel::TypeColumn, 170);
    m_table->setColumnWidth(WatchEventLogModel::StateColumn, 130);
    m_table->setColumnWidth(WatchEventLogModel::ZxidColumn, 110);
    m_table->setColumnWidth(WatchEventLogModel::DataBeforeColumn, 160);

    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_filterEdit, 1);
    toolbar->addWidget(m_pauseCheck);
    toolbar->addWidget(m_heldBackLabel);
    toolbar->addWidget(m_clearButton);
    toolbar->addWidget(m_exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(toolbar);
    layout->addWidget(m_table);

    connect(m_filterEdit, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_pauseCheck, &QCheckBox::toggled, m_model, &WatchEventLogModel::setPaused);
    connect(m_clearButton, &QPushButton::clicked, m_model, &WatchEventLogModel::clear);
    connect(m_exportButton, &QPushButton::clicked, this, &WatchEventLogWidget::chooseExportFile);
    connect(m_model, &WatchEventLogModel::heldBackCountChanged, this, [this](int count) {
        m_heldBackLabel->setText(count > 0 ? tr("%n held back", nullptr, count) : QString());
    });
    // Follow the newest row unless the user scrolled up.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_table->verticalScrollBar()->value() == m_table->verticalScrollBar()->maximum())
            QMetaObject::invokeMethod(m_table, &QTableView::scrollToBottom, Qt::QueuedConnection);
    });
    retranslateUi();
}

void WatchEventLogWidget::chooseExportFile()
{
    auto *dialog = new QFileDialog(this, tr("Export Watch Events"), QString(), tr("CSV files (*.csv)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("csv"));
    connect(dialog, &QFileDialog::fileSelected, this, &WatchEventLogWidget::exportCsv);
    dialog->open();
}

void WatchEventLogWidget::exportCsv(const QString &fileName)
{
    const QByteArray csv = m_model->toCsv();
    QPointer<WatchEventLogWidget> self(this);
    QThreadPool::globalInstance()->start([self, fileName, csv] {
        QFile file(fileName);
        const bool ok = file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(csv) == csv.size();
        file.close();
        QMetaObject::invokeMethod(
            qApp, [self, fileName, ok] {
                if (self)
                    Q_EMIT self->exported(fileName, ok);
            },
            Qt::QueuedConnection);
    });
}

void WatchEventLogWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void WatchEventLogWidget::retranslateUi()
{
    m_filterEdit->setPlaceholderText(tr("Filter events (any column)"));
    m_pauseCheck->setText(tr("Pause"));
    m_clearButton->setText(tr("Clear"));
    m_exportButton->setText(tr("Export CSV..."));
    m_model->retranslate();
}

} // namespace zooscope::ui
