#include "ConflictDialog.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace zooscope::ui {

ConflictDialog::ConflictDialog(const QString &path, const QString &theirs, int theirVersion, const QString &yours,
                               int yourBaseVersion, QWidget *parent)
    : QDialog(parent)
    , m_path(path)
    , m_theirVersion(theirVersion)
    , m_yourBaseVersion(yourBaseVersion)
{
    setObjectName(QStringLiteral("conflictDialog"));
    m_explanation = new QLabel(this);
    m_explanation->setWordWrap(true);
    m_theirsLabel = new QLabel(this);
    m_yoursLabel = new QLabel(this);
    m_theirsView = new QPlainTextEdit(theirs, this);
    m_theirsView->setObjectName(QStringLiteral("theirsView"));
    m_theirsView->setReadOnly(true);
    m_yoursView = new QPlainTextEdit(yours, this);
    m_yoursView->setObjectName(QStringLiteral("yoursView"));
    m_yoursView->setReadOnly(true);

    auto *grid = new QGridLayout;
    grid->addWidget(m_theirsLabel, 0, 0);
    grid->addWidget(m_yoursLabel, 0, 1);
    grid->addWidget(m_theirsView, 1, 0);
    grid->addWidget(m_yoursView, 1, 1);

    m_overwriteButton = new QPushButton(this);
    m_overwriteButton->setObjectName(QStringLiteral("overwriteButton"));
    m_reloadButton = new QPushButton(this);
    m_reloadButton->setObjectName(QStringLiteral("reloadButton"));
    m_cancelButton = new QPushButton(this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setDefault(true);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_overwriteButton);
    buttons->addWidget(m_reloadButton);
    buttons->addWidget(m_cancelButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_explanation);
    layout->addLayout(grid);
    layout->addLayout(buttons);

    connect(m_overwriteButton, &QPushButton::clicked, this, [this] { done(Overwrite); });
    connect(m_reloadButton, &QPushButton::clicked, this, [this] { done(Reload); });
    connect(m_cancelButton, &QPushButton::clicked, this, [this] { done(Cancel); });
    retranslateUi();
    resize(800, 480);
}

QString ConflictDialog::theirsText() const
{
    return m_theirsView->toPlainText();
}

QString ConflictDialog::yoursText() const
{
    return m_yoursView->toPlainText();
}

void ConflictDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void ConflictDialog::retranslateUi()
{
    setWindowTitle(tr("Version conflict on %1").arg(m_path));
    m_explanation->setText(tr("Another client changed %1 after you loaded version %2; the server now has "
                              "version %3. Overwrite writes your text over version %3; Reload discards your "
                              "changes and shows the server's data; Cancel keeps editing.")
                               .arg(m_path)
                               .arg(m_yourBaseVersion)
                               .arg(m_theirVersion));
    m_theirsLabel->setText(tr("Theirs (server, version %1)").arg(m_theirVersion));
    m_yoursLabel->setText(tr("Yours (unsaved, based on version %1)").arg(m_yourBaseVersion));
    m_overwriteButton->setText(tr("Overwrite"));
    m_reloadButton->setText(tr("Reload"));
    m_cancelButton->setText(tr("Cancel"));
}

} // namespace zooscope::ui
