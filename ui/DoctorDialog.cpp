#include "DoctorDialog.h"

#include "ConnectionDoctor.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace zooscope::ui {

DoctorDialog::DoctorDialog(const ConnectionProfile &profile, QWidget *parent)
    : QDialog(parent)
    , m_profile(profile)
    , m_doctor(new ConnectionDoctor(profile, this))
{
    setObjectName(QStringLiteral("doctorDialog"));
    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setWordWrap(true);
    m_stepList = new QTreeWidget(this);
    m_stepList->setObjectName(QStringLiteral("doctorSteps"));
    m_stepList->setColumnCount(2);
    m_stepList->setRootIsDecorated(false);
    m_stepList->setWordWrap(true);
    m_stepList->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_stepList->setColumnWidth(0, 220);
    m_runButton = new QPushButton(this);
    m_runButton->setObjectName(QStringLiteral("runDoctorButton"));
    m_closeButton = new QPushButton(this);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_closeButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_stepList, 1);
    layout->addLayout(buttons);
    connect(m_runButton, &QPushButton::clicked, this, &DoctorDialog::run);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_doctor, &ConnectionDoctor::stepChanged, this, &DoctorDialog::showStep);
    connect(m_doctor, &ConnectionDoctor::finished, this, [this] {
        m_runButton->setEnabled(true);
        retranslateUi();
    });
    resize(720, 380);
    retranslateUi();
    run();
}

void DoctorDialog::run()
{
    m_stepList->clear();
    m_runButton->setEnabled(false);
    m_doctor->start();
}

void DoctorDialog::showStep(int index)
{
    while (m_stepList->topLevelItemCount() <= index)
        m_stepList->addTopLevelItem(new QTreeWidgetItem);
    const ConnectionDoctor::Step &step = m_doctor->steps().at(index);
    QTreeWidgetItem *item = m_stepList->topLevelItem(index);
    item->setText(0, step.title);
    item->setText(1, step.detail);
    item->setToolTip(1, step.detail);
    QStyle::StandardPixmap icon = QStyle::SP_BrowserReload;
    switch (step.status) {
    case ConnectionDoctor::Status::Ok:
        icon = QStyle::SP_DialogApplyButton;
        break;
    case ConnectionDoctor::Status::Warning:
        icon = QStyle::SP_MessageBoxWarning;
        break;
    case ConnectionDoctor::Status::Failed:
        icon = QStyle::SP_MessageBoxCritical;
        break;
    case ConnectionDoctor::Status::Skipped:
        icon = QStyle::SP_MediaSkipForward;
        break;
    case ConnectionDoctor::Status::Running:
        break;
    }
    item->setIcon(0, style()->standardIcon(icon));
}

void DoctorDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void DoctorDialog::retranslateUi()
{
    setWindowTitle(tr("Connection Doctor: %1").arg(m_profile.name));
    m_stepList->setHeaderLabels({tr("Step"), tr("Result")});
    int failed = 0;
    for (const ConnectionDoctor::Step &step : m_doctor->steps())
        failed += step.status == ConnectionDoctor::Status::Failed ? 1 : 0;
    if (!m_doctor->isFinished())
        m_summaryLabel->setText(tr("Checking %1 step by step...").arg(m_profile.connectString));
    else if (failed == 0)
        m_summaryLabel->setText(tr("Every check passed: %1 is reachable and grants a session.").arg(m_profile.connectString));
    else
        m_summaryLabel->setText(tr("%n check(s) failed; the first failure below says where the connection breaks.",
                                   nullptr, failed));
    m_runButton->setText(tr("Run Again"));
    m_closeButton->setText(tr("Close"));
}

} // namespace zooscope::ui
