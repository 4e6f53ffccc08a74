#include "ImportDialog.h"

#include "SubtreeTransfer.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace zooscope::ui {

ImportDialog::ImportDialog(client::ZooKeeperClient *client, const QString &targetPath, const QJsonDocument &document,
                           QWidget *parent)
    : QDialog(parent)
    , m_targetPath(targetPath)
    , m_importer(new SubtreeImporter(client, targetPath, this))
{
    setObjectName(QStringLiteral("importDialog"));
    m_messageLabel = new QLabel(this);
    m_messageLabel->setWordWrap(true);
    m_stepList = new QTreeWidget(this);
    m_stepList->setObjectName(QStringLiteral("importSteps"));
    m_stepList->setColumnCount(2);
    m_stepList->setRootIsDecorated(false);
    m_stepList->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_applyButton = new QPushButton(this);
    m_applyButton->setObjectName(QStringLiteral("applyImportButton"));
    m_applyButton->setEnabled(false);
    m_closeButton = new QPushButton(this);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_applyButton);
    buttons->addWidget(m_closeButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_messageLabel);
    layout->addWidget(m_stepList, 1);
    layout->addLayout(buttons);

    connect(m_applyButton, &QPushButton::clicked, this, &ImportDialog::applyPlan);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_importer, &SubtreeImporter::planned, this, [this] {
        m_planned = true;
        showPlan();
    });
    connect(m_importer, &SubtreeImporter::applied, this, [this](int changed, const QStringList &failures) {
        m_message = failures.isEmpty() ? tr("Imported: %n node(s) created or updated.", nullptr, changed)
                                       : tr("Some nodes failed:") + u'\n' + failures.join(u'\n');
        retranslateUi();
        Q_EMIT imported(m_targetPath, changed);
    });
    resize(640, 420);
    QString error;
    if (m_importer->load(document, &error))
        m_importer->plan();
    else
        m_message = error;
    retranslateUi();
}

void ImportDialog::showPlan()
{
    m_stepList->clear();
    for (const SubtreeImporter::Step &step : m_importer->steps()) {
        QString action;
        switch (step.action) {
        case SubtreeImporter::Action::Create:
            action = tr("create");
            break;
        case SubtreeImporter::Action::Update:
            action = tr("update data");
            break;
        case SubtreeImporter::Action::Unchanged:
            action = tr("unchanged");
            break;
        }
        m_stepList->addTopLevelItem(new QTreeWidgetItem({step.path, action}));
    }
    m_applyButton->setEnabled(m_importer->changeCount() > 0);
    retranslateUi();
}

void ImportDialog::applyPlan()
{
    m_applyButton->setEnabled(false);
    m_importer->apply();
}

void ImportDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        if (m_planned)
            showPlan();
    }
    QDialog::changeEvent(event);
}

void ImportDialog::retranslateUi()
{
    setWindowTitle(tr("Import into %1").arg(m_targetPath));
    m_stepList->setHeaderLabels({tr("Path"), tr("Action")});
    if (!m_message.isEmpty())
        m_messageLabel->setText(m_message);
    else if (!m_planned)
        m_messageLabel->setText(tr("Comparing the export with %1 (dry run, nothing is written yet)...").arg(m_targetPath));
    else
        m_messageLabel->setText(tr("%n change(s) will be written; unchanged nodes are left alone.", nullptr,
                                   m_importer->changeCount()));
    m_applyButton->setText(tr("Apply %n change(s)", nullptr, m_importer->changeCount()));
    m_closeButton->setText(tr("Close"));
}

} // namespace zooscope::ui
