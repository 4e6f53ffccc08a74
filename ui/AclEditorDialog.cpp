#include "AclEditorDialog.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace zooscope::ui {

namespace {
const std::int32_t PermissionBits[] = {client::Perm::Read, client::Perm::Write, client::Perm::Create,
                                       client::Perm::Delete, client::Perm::Admin};
const QStringList Schemes{QStringLiteral("world"), QStringLiteral("auth"), QStringLiteral("digest"),
                          QStringLiteral("ip")};
} // namespace

AclEditorDialog::AclEditorDialog(client::ZooKeeperClient *client, const QString &path, bool readOnly, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_path(path)
    , m_readOnly(readOnly)
{
    setObjectName(QStringLiteral("aclEditorDialog"));
    m_pathLabel = new QLabel(path, this);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("aclTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(IdColumn, QHeaderView::Stretch);
    m_addButton = new QPushButton(this);
    m_addButton->setObjectName(QStringLiteral("addAclButton"));
    m_removeButton = new QPushButton(this);
    m_removeButton->setObjectName(QStringLiteral("removeAclButton"));
    m_digestLabel = new QLabel(this);
    m_userEdit = new QLineEdit(this);
    m_userEdit->setObjectName(QStringLiteral("digestUserEdit"));
    m_passwordEdit = new QLineEdit(this);
    m_passwordEdit->setObjectName(QStringLiteral("digestPasswordEdit"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_digestButton = new QPushButton(this);
    m_digestButton->setObjectName(QStringLiteral("addDigestButton"));
    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("aclMessageLabel"));
    m_messageLabel->setWordWrap(true);
    m_saveButton = new QPushButton(this);
    m_saveButton->setObjectName(QStringLiteral("saveAclButton"));
    m_saveButton->setEnabled(false);
    m_closeButton = new QPushButton(this);
    m_closeButton->setObjectName(QStringLiteral("closeAclButton"));

    auto *rowButtons = new QHBoxLayout;
    rowButtons->addWidget(m_addButton);
    rowButtons->addWidget(m_removeButton);
    rowButtons->addStretch();
    auto *digestRow = new QHBoxLayout;
    digestRow->addWidget(m_digestLabel);
    digestRow->addWidget(m_userEdit);
    digestRow->addWidget(m_passwordEdit);
    digestRow->addWidget(m_digestButton);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_saveButton);
    buttons->addWidget(m_closeButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pathLabel);
    layout->addWidget(m_table, 1);
    layout->addLayout(rowButtons);
    layout->addLayout(digestRow);
    layout->addWidget(m_messageLabel);
    layout->addLayout(buttons);

    connect(m_addButton, &QPushButton::clicked, this, [this] { addEntry(QStringLiteral("world"), QStringLiteral("anyone")); });
    connect(m_removeButton, &QPushButton::clicked, this, &AclEditorDialog::removeSelectedEntry);
    connect(m_digestButton, &QPushButton::clicked, this, &AclEditorDialog::addDigestEntry);
    connect(m_saveButton, &QPushButton::clicked, this, &AclEditorDialog::save);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::reject);
    resize(720, 420);
    retranslateUi();
    load();
}

void AclEditorDialog::load()
{
    if (!m_client)
        return;
    m_client->getAcl(m_path, client::guarded<client::AclResult>(this, [this](const client::Result<client::AclResult> &reply) {
        if (!reply.ok()) {
            setMessage(tr("Cannot read the ACL: %1").arg(client::errorText(reply.error)), true);
            return;
        }
        m_aclVersion = reply.value.stat.aversion;
        setAcl(reply.value.acl);
        m_loaded = true;
        m_saveButton->setEnabled(!m_readOnly);
        setMessage(tr("ACL version %1.").arg(m_aclVersion), false);
    }));
}

int AclEditorDialog::addEntry(const QString &scheme, const QString &id, std::int32_t permissions)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *schemeCombo = new QComboBox(m_table);
    schemeCombo->setEditable(true); // other schemes (e.g. x509, sasl) stay editable
    schemeCombo->addItems(Schemes);
    schemeCombo->setCurrentText(scheme);
    m_table->setCellWidget(row, SchemeColumn, schemeCombo);
    m_table->setItem(row, IdColumn, new QTableWidgetItem(id));
    for (int bit = 0; bit < 5; ++bit) {
        auto *item = new QTableWidgetItem;
        item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        item->setCheckState((permissions & PermissionBits[bit]) ? Qt::Checked : Qt::Unchecked);
        m_table->setItem(row, ReadColumn + bit, item);
    }
    return row;
}

void AclEditorDialog::setAcl(const client::AclList &acl)
{
    m_table->setRowCount(0);
    for (const client::Acl &entry : acl)
        addEntry(QString::fromUtf8(entry.id.scheme), QString::fromUtf8(entry.id.id), entry.perms);
}

client::AclList AclEditorDialog::acl() const
{
    client::AclList list;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        client::Acl entry;
        entry.id.scheme = qobject_cast<QComboBox *>(m_table->cellWidget(row, SchemeColumn))->currentText().toUtf8();
        entry.id.id = m_table->item(row, IdColumn)->text().toUtf8();
        for (int bit = 0; bit < 5; ++bit) {
            if (m_table->item(row, ReadColumn + bit)->checkState() == Qt::Checked)
                entry.perms |= PermissionBits[bit];
        }
        list.push_back(entry);
    }
    return list;
}

void AclEditorDialog::setDigestCredentials(const QString &user, const QString &password)
{
    m_userEdit->setText(user);
    m_passwordEdit->setText(password);
}

void AclEditorDialog::addDigestEntry()
{
    if (m_userEdit->text().isEmpty()) {
        setMessage(tr("Enter a user name for the digest."), true);
        return;
    }
    const QByteArray id = client::digestId(m_userEdit->text().toUtf8(), m_passwordEdit->text().toUtf8());
    addEntry(QStringLiteral("digest"), QString::fromUtf8(id));
    setMessage(tr("Added digest:%1").arg(QString::fromUtf8(id)), false);
}

void AclEditorDialog::removeSelectedEntry()
{
    const int row = m_table->currentRow();
    if (row >= 0)
        m_table->removeRow(row);
}

void AclEditorDialog::save()
{
    if (!m_client || !m_loaded || m_readOnly)
        return;
    const client::AclList list = acl();
    if (list.empty()) {
        setMessage(tr("An ACL needs at least one entry."), true);
        return;
    }
    m_saveButton->setEnabled(false);
    m_client->setAcl(m_path, list, m_aclVersion,
                     client::guarded<client::Stat>(this, [this](const client::Result<client::Stat> &reply) {
                         m_saveButton->setEnabled(true);
                         if (reply.error == client::ErrorCode::BadVersion) {
                             setMessage(tr("Another client changed the ACL; reloaded. Review and save again."), true);
                             load();
                             return;
                         }
                         if (!reply.ok()) {
                             setMessage(tr("Not saved: %1").arg(client::errorText(reply.error)), true);
                             return;
                         }
                         m_aclVersion = reply.value.aversion;
                         setMessage(tr("Saved; ACL version %1.").arg(m_aclVersion), false);
                         Q_EMIT saved(m_path);
                         accept();
                     }));
}

void AclEditorDialog::setMessage(const QString &message, bool error)
{
    m_messageLabel->setText(message);
    m_messageLabel->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
}

void AclEditorDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void AclEditorDialog::retranslateUi()
{
    setWindowTitle(tr("ACL of %1").arg(m_path));
    m_table->setHorizontalHeaderLabels(
        {tr("Scheme"), tr("ID"), tr("Read"), tr("Write"), tr("Create"), tr("Delete"), tr("Admin")});
    m_addButton->setText(tr("Add Entry"));
    m_removeButton->setText(tr("Remove Entry"));
    m_digestLabel->setText(tr("Digest generator:"));
    m_userEdit->setPlaceholderText(tr("user"));
    m_passwordEdit->setPlaceholderText(tr("password"));
    m_digestButton->setText(tr("Add digest entry"));
    m_saveButton->setText(tr("Save ACL"));
    m_closeButton->setText(tr("Close"));
}

} // namespace zooscope::ui
