#include "RecursiveDeleteDialog.h"

#include "RecursiveDeleter.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace zooscope::ui {

RecursiveDeleteDialog::RecursiveDeleteDialog(client::ZooKeeperClient *client, const QString &path, QWidget *parent)
    : QDialog(parent)
    , m_path(path)
    , m_deleter(new RecursiveDeleter(client, path, this))
{
    setObjectName(QStringLiteral("recursiveDeleteDialog"));
    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("recursiveDeleteMessage"));
    m_messageLabel->setWordWrap(true);
    m_pathList = new QListWidget(this);
    m_pathList->setObjectName(QStringLiteral("recursiveDeleteList"));
    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_deleteButton = new QPushButton(this);
    m_deleteButton->setObjectName(QStringLiteral("confirmDeleteButton"));
    m_deleteButton->setEnabled(false);
    m_closeButton = new QPushButton(this);
    m_closeButton->setObjectName(QStringLiteral("closeButton"));
    m_closeButton->setDefault(true);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_deleteButton);
    buttons->addWidget(m_closeButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_messageLabel);
    layout->addWidget(m_pathList, 1);
    layout->addWidget(m_progress);
    layout->addLayout(buttons);

    connect(m_deleteButton, &QPushButton::clicked, this, &RecursiveDeleteDialog::confirmDelete);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_deleter, &RecursiveDeleter::collected, this, &RecursiveDeleteDialog::showPlan);
    connect(m_deleter, &RecursiveDeleter::collectFailed, this, [this](const QString &message) {
        m_phase = Phase::Failed;
        m_resultText = message;
        retranslateUi();
    });
    connect(m_deleter, &RecursiveDeleter::progress, this, [this](int done, int total) {
        m_progress->setMaximum(total);
        m_progress->setValue(done);
    });
    connect(m_deleter, &RecursiveDeleter::finished, this, [this](int count, const QStringList &failures) {
        m_phase = failures.isEmpty() ? Phase::Done : Phase::Failed;
        m_resultText = failures.isEmpty() ? QString() : failures.join(u'\n');
        m_pathList->clear();
        m_pathList->addItems(failures);
        retranslateUi();
        Q_EMIT deleted(m_path, count);
    });
    resize(640, 420);
    retranslateUi();
    m_deleter->collect();
}

QStringList RecursiveDeleteDialog::plan() const
{
    return m_deleter->plan();
}

bool RecursiveDeleteDialog::isReadyToDelete() const
{
    return m_phase == Phase::Ready;
}

void RecursiveDeleteDialog::showPlan(const QStringList &plan)
{
    m_phase = Phase::Ready;
    m_pathList->clear();
    m_pathList->addItems(plan.mid(0, MaxListedPaths));
    if (plan.size() > MaxListedPaths)
        m_pathList->addItem(tr("... and %n more", nullptr, int(plan.size() - MaxListedPaths)));
    m_deleteButton->setEnabled(true);
    retranslateUi();
}

void RecursiveDeleteDialog::confirmDelete()
{
    if (m_phase != Phase::Ready)
        return;
    m_phase = Phase::Deleting;
    m_deleteButton->setEnabled(false);
    m_progress->setVisible(true);
    m_progress->setValue(0);
    retranslateUi();
    m_deleter->execute();
}

void RecursiveDeleteDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void RecursiveDeleteDialog::retranslateUi()
{
    setWindowTitle(tr("Delete %1 Recursively").arg(m_path));
    const int count = int(m_deleter->plan().size());
    switch (m_phase) {
    case Phase::Collecting:
        m_messageLabel->setText(tr("Listing the subtree of %1 (dry run, nothing is deleted yet)...").arg(m_path));
        break;
    case Phase::Ready:
        m_messageLabel->setText(tr("These %n node(s) will be deleted, deepest first. This cannot be undone.", nullptr,
                                   count));
        break;
    case Phase::Deleting:
        m_messageLabel->setText(tr("Deleting %n node(s)...", nullptr, count));
        break;
    case Phase::Done:
        m_messageLabel->setText(tr("Deleted %n node(s).", nullptr, count));
        break;
    case Phase::Failed:
        m_messageLabel->setText(tr("Some nodes were not deleted:") + u'\n' + m_resultText);
        break;
    }
    m_deleteButton->setText(tr("Delete %n node(s)", nullptr, count));
    m_closeButton->setText(m_phase == Phase::Done || m_phase == Phase::Failed ? tr("Close") : tr("Cancel"));
}

} // namespace zooscope::ui
