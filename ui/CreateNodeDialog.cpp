#include "CreateNodeDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace zooscope::ui {

using client::CreateMode;

namespace {
const QList<CreateMode> Modes{CreateMode::Persistent,        CreateMode::PersistentSequential,
                              CreateMode::Ephemeral,         CreateMode::EphemeralSequential,
                              CreateMode::Container,         CreateMode::PersistentWithTtl,
                              CreateMode::PersistentSequentialWithTtl};
}

CreateNodeDialog::CreateNodeDialog(const QString &parentPath, QWidget *parent)
    : QDialog(parent)
    , m_parentPath(parentPath)
{
    setObjectName(QStringLiteral("createNodeDialog"));
    m_parentLabel = new QLabel(parentPath, this);
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nodeNameEdit"));
    m_dataEdit = new QPlainTextEdit(this);
    m_dataEdit->setObjectName(QStringLiteral("nodeDataEdit"));
    m_dataEdit->setMaximumHeight(100);
    m_modeCombo = new QComboBox(this);
    m_modeCombo->setObjectName(QStringLiteral("modeCombo"));
    for (CreateMode mode : Modes)
        m_modeCombo->addItem(QString(), int(mode));
    m_ttlSpin = new QSpinBox(this);
    m_ttlSpin->setObjectName(QStringLiteral("ttlSpin"));
    m_ttlSpin->setRange(1, std::numeric_limits<int>::max());
    m_ttlSpin->setValue(60000);
    m_ttlSpin->setSuffix(QStringLiteral(" ms"));
    m_aclCombo = new QComboBox(this);
    m_aclCombo->setObjectName(QStringLiteral("aclCombo"));
    for (int i = 0; i < 3; ++i)
        m_aclCombo->addItem(QString(), i);
    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("createSummaryLabel"));
    m_summaryLabel->setWordWrap(true);

    m_form = new QFormLayout;
    for (QWidget *field : std::initializer_list<QWidget *>{m_parentLabel, m_nameEdit, m_dataEdit, m_modeCombo,
                                                           m_ttlSpin, m_aclCombo})
        m_form->addRow(new QLabel(this), field);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_nameEdit, &QLineEdit::textChanged, this, &CreateNodeDialog::updateState);
    connect(m_modeCombo, &QComboBox::currentIndexChanged, this, &CreateNodeDialog::updateState);
    connect(m_ttlSpin, &QSpinBox::valueChanged, this, &CreateNodeDialog::updateState);
    retranslateUi();
}

CreateNodeRequest CreateNodeDialog::request() const
{
    CreateNodeRequest request;
    const QString name = m_nameEdit->text().trimmed();
    request.path = m_parentPath == QLatin1String("/") ? u'/' + name : m_parentPath + u'/' + name;
    request.data = m_dataEdit->toPlainText().toUtf8();
    request.mode = CreateMode(m_modeCombo->currentData().toInt());
    if (client::isTtl(request.mode))
        request.ttlMs = m_ttlSpin->value();
    switch (AclChoice(m_aclCombo->currentData().toInt())) {
    case AclChoice::OpenUnsafe:
        request.acl = client::openAclUnsafe();
        break;
    case AclChoice::CreatorAll:
        request.acl = client::creatorAllAcl();
        break;
    case AclChoice::ReadUnsafe:
        request.acl = client::readAclUnsafe();
        break;
    }
    return request;
}

void CreateNodeDialog::setName(const QString &name)
{
    m_nameEdit->setText(name);
}

void CreateNodeDialog::setData(const QByteArray &data)
{
    m_dataEdit->setPlainText(QString::fromUtf8(data));
}

void CreateNodeDialog::setMode(CreateMode mode)
{
    m_modeCombo->setCurrentIndex(m_modeCombo->findData(int(mode)));
}

void CreateNodeDialog::setTtlMs(std::int64_t ttlMs)
{
    m_ttlSpin->setValue(int(ttlMs));
}

void CreateNodeDialog::setAclChoice(AclChoice choice)
{
    m_aclCombo->setCurrentIndex(int(choice));
}

void CreateNodeDialog::updateState()
{
    const CreateNodeRequest spec = request();
    const bool ttl = client::isTtl(spec.mode);
    m_ttlSpin->setEnabled(ttl);
    const bool nameOk = !m_nameEdit->text().trimmed().isEmpty() && !m_nameEdit->text().contains(u'/');
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(nameOk);
    QString summary = tr("Creates %1 as %2.").arg(spec.path, m_modeCombo->currentText());
    if (client::isSequential(spec.mode))
        summary += u' ' + tr("The server appends a 10-digit sequence number to the name.");
    if (ttl)
        summary += u' ' + tr("The server deletes it %1 ms after its last change once it has no children (needs "
                             "extendedTypesEnabled on the server).")
                              .arg(spec.ttlMs);
    if (spec.mode == CreateMode::Container)
        summary += u' ' + tr("The server deletes it once its last child is gone.");
    m_summaryLabel->setText(summary);
}

void CreateNodeDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void CreateNodeDialog::retranslateUi()
{
    setWindowTitle(tr("Create Node"));
    const QStringList labels{tr("Parent:"), tr("Name:"), tr("Data:"), tr("Mode:"), tr("TTL:"), tr("ACL:")};
    for (int row = 0; row < labels.size(); ++row)
        qobject_cast<QLabel *>(m_form->itemAt(row, QFormLayout::LabelRole)->widget())->setText(labels.at(row));
    const QStringList modeNames{tr("Persistent"),          tr("Persistent sequential"), tr("Ephemeral"),
                                tr("Ephemeral sequential"), tr("Container"),             tr("TTL"),
                                tr("TTL sequential")};
    for (int i = 0; i < modeNames.size(); ++i)
        m_modeCombo->setItemText(i, modeNames.at(i));
    m_aclCombo->setItemText(0, tr("Open (world:anyone, all permissions)"));
    m_aclCombo->setItemText(1, tr("Creator only (auth, all permissions)"));
    m_aclCombo->setItemText(2, tr("Read-only (world:anyone, read)"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    updateState();
}

} // namespace zooscope::ui
