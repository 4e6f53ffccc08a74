#include "ConnectionDialog.h"

#include "DoctorDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace zooscope::ui {

ConnectionDialog::ConnectionDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("connectionDialog"));
    m_profileList = new QListWidget(this);
    m_profileList->setObjectName(QStringLiteral("profileList"));
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameEdit"));
    m_connectStringEdit = new QLineEdit(this);
    m_connectStringEdit->setObjectName(QStringLiteral("connectStringEdit"));
    m_timeoutSpin = new QSpinBox(this);
    m_timeoutSpin->setObjectName(QStringLiteral("timeoutSpin"));
    m_timeoutSpin->setRange(1000, 600000);
    m_timeoutSpin->setSingleStep(1000);
    m_timeoutSpin->setSuffix(QStringLiteral(" ms"));
    m_userEdit = new QLineEdit(this);
    m_userEdit->setObjectName(QStringLiteral("userEdit"));
    m_passwordEdit = new QLineEdit(this);
    m_passwordEdit->setObjectName(QStringLiteral("passwordEdit"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_rememberCheck = new QCheckBox(this);
    m_rememberCheck->setObjectName(QStringLiteral("rememberCheck"));
    m_readOnlyCheck = new QCheckBox(this);
    m_readOnlyCheck->setObjectName(QStringLiteral("readOnlyCheck"));
    m_hintLabel = new QLabel(this);
    m_hintLabel->setWordWrap(true);
    m_tlsCheck = new QCheckBox(this);
    m_tlsCheck->setObjectName(QStringLiteral("tlsCheck"));
    auto makeFileField = [this](QLineEdit *&edit, QPushButton *&browse, QLabel *&label, const QString &name) {
        edit = new QLineEdit(this);
        edit->setObjectName(name + QStringLiteral("Edit"));
        browse = new QPushButton(this);
        browse->setObjectName(name + QStringLiteral("Browse"));
        label = new QLabel(this);
    };
    makeFileField(m_caEdit, m_caBrowse, m_caLabel, QStringLiteral("tlsCa"));
    makeFileField(m_certificateEdit, m_certificateBrowse, m_certificateLabel, QStringLiteral("tlsCertificate"));
    makeFileField(m_keyEdit, m_keyBrowse, m_keyLabel, QStringLiteral("tlsKey"));
    m_caPasswordLabel = new QLabel(this);
    m_caPasswordEdit = new QLineEdit(this);
    m_caPasswordEdit->setObjectName(QStringLiteral("tlsCaPasswordEdit"));
    m_caPasswordEdit->setEchoMode(QLineEdit::Password);

    m_form = new QFormLayout;
    m_form->addRow(QString(), m_nameEdit);
    m_form->addRow(QString(), m_connectStringEdit);
    m_form->addRow(QString(), m_timeoutSpin);
    m_form->addRow(QString(), m_userEdit);
    m_form->addRow(QString(), m_passwordEdit);
    m_form->addRow(QString(), m_rememberCheck);
    m_form->addRow(QString(), m_readOnlyCheck);
    m_form->addRow(QString(), m_tlsCheck);
    m_form->addRow(m_caLabel, fileRow(m_caEdit, m_caBrowse, true));
    m_form->addRow(m_caPasswordLabel, m_caPasswordEdit);
    m_form->addRow(m_certificateLabel, fileRow(m_certificateEdit, m_certificateBrowse, false));
    m_form->addRow(m_keyLabel, fileRow(m_keyEdit, m_keyBrowse, false));
    m_form->addRow(m_hintLabel);

    m_saveButton = new QPushButton(this);
    m_saveButton->setObjectName(QStringLiteral("saveProfileButton"));
    m_deleteButton = new QPushButton(this);
    m_deleteButton->setObjectName(QStringLiteral("deleteProfileButton"));
    m_doctorButton = new QPushButton(this);
    m_doctorButton->setObjectName(QStringLiteral("doctorButton"));
    auto *profileButtons = new QHBoxLayout;
    profileButtons->addWidget(m_saveButton);
    profileButtons->addWidget(m_deleteButton);
    profileButtons->addWidget(m_doctorButton);
    profileButtons->addStretch();

    auto *right = new QVBoxLayout;
    right->addLayout(m_form);
    right->addWidget(createSaslFields());
    right->addLayout(profileButtons);
    right->addStretch();

    auto *columns = new QHBoxLayout;
    columns->addWidget(m_profileList, 1);
    columns->addLayout(right, 2);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_saveButton, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(m_deleteButton, &QPushButton::clicked, this, &ConnectionDialog::deleteProfile);
    connect(m_doctorButton, &QPushButton::clicked, this, &ConnectionDialog::runDoctor);
    connect(m_profileList, &QListWidget::currentRowChanged, this, &ConnectionDialog::showProfile);
    connect(m_tlsCheck, &QCheckBox::toggled, this, &ConnectionDialog::updateTlsFields);
    connect(m_connectStringEdit, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty()); });

    QSettings settings;
    m_profiles = ProfileStore::load(settings);
    setProfile(ConnectionProfile{});
    reloadList();
    if (!m_profiles.isEmpty())
        m_profileList->setCurrentRow(0);
    retranslateUi();
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile profile;
    profile.name = m_nameEdit->text().trimmed();
    profile.connectString = m_connectStringEdit->text().trimmed();
    if (profile.name.isEmpty())
        profile.name = profile.connectString;
    profile.sessionTimeoutMs = m_timeoutSpin->value();
    profile.digestUser = m_userEdit->text();
    profile.digestPassword = m_passwordEdit->text();
    profile.rememberCredentials = m_rememberCheck->isChecked();
    profile.readOnly = m_readOnlyCheck->isChecked();
    profile.saslUser = m_saslUserEdit->text();
    profile.saslPassword = m_saslPasswordEdit->text();
    profile.tlsEnabled = m_tlsCheck->isChecked();
    profile.tlsCaCertificate = m_caEdit->text().trimmed();
    profile.tlsCaStorePassword = m_caPasswordEdit->text();
    profile.tlsClientCertificate = m_certificateEdit->text().trimmed();
    profile.tlsClientKey = m_keyEdit->text().trimmed();
    return profile;
}

void ConnectionDialog::setProfile(const ConnectionProfile &profile)
{
    m_nameEdit->setText(profile.name);
    m_connectStringEdit->setText(profile.connectString);
    m_timeoutSpin->setValue(profile.sessionTimeoutMs);
    m_userEdit->setText(profile.digestUser);
    m_passwordEdit->setText(profile.digestPassword);
    m_rememberCheck->setChecked(profile.rememberCredentials);
    m_readOnlyCheck->setChecked(profile.readOnly);
    m_saslUserEdit->setText(profile.saslUser);
    m_saslPasswordEdit->setText(profile.saslPassword);
    m_tlsCheck->setChecked(profile.tlsEnabled);
    m_caEdit->setText(profile.tlsCaCertificate);
    m_caPasswordEdit->setText(profile.tlsCaStorePassword);
    m_certificateEdit->setText(profile.tlsClientCertificate);
    m_keyEdit->setText(profile.tlsClientKey);
    updateTlsFields();
}

QWidget *ConnectionDialog::fileRow(QLineEdit *edit, QPushButton *browse, bool trustStore)
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this, edit, trustStore] {
        const QString file =
            trustStore ? QFileDialog::getOpenFileName(
                             this, tr("Choose a CA certificate or trust store"), edit->text(),
                             tr("Certificates and trust stores (*.pem *.crt *.cer *.der *.jks *.p12 *.pfx);;"
                                "All files (*)"))
                       : QFileDialog::getOpenFileName(this, tr("Choose a PEM file"), edit->text(),
                                                      tr("PEM files (*.pem *.crt *.cer *.key);;All files (*)"));
        if (!file.isEmpty())
            edit->setText(file);
    });
    return row;
}

void ConnectionDialog::updateTlsFields()
{
    const bool enabled = m_tlsCheck->isChecked();
    for (QWidget *widget : std::initializer_list<QWidget *>{m_caLabel, m_caEdit, m_caBrowse, m_caPasswordLabel,
                                                            m_caPasswordEdit, m_certificateLabel, m_certificateEdit,
                                                            m_certificateBrowse, m_keyLabel, m_keyEdit, m_keyBrowse})
        widget->setEnabled(enabled);
}

void ConnectionDialog::saveProfile()
{
    const ConnectionProfile edited = profile();
    auto existing = std::find_if(m_profiles.begin(), m_profiles.end(),
                                 [&](const ConnectionProfile &candidate) { return candidate.name == edited.name; });
    if (existing != m_profiles.end())
        *existing = edited;
    else
        m_profiles.append(edited);
    QSettings settings;
    ProfileStore::save(settings, m_profiles);
    reloadList();
}

void ConnectionDialog::deleteProfile()
{
    const int row = m_profileList->currentRow();
    if (row < 0 || row >= m_profiles.size())
        return;
    m_profiles.removeAt(row);
    QSettings settings;
    ProfileStore::save(settings, m_profiles);
    reloadList();
}

void ConnectionDialog::runDoctor()
{
    auto *doctor = new DoctorDialog(profile(), this);
    doctor->setAttribute(Qt::WA_DeleteOnClose);
    doctor->open();
}

void ConnectionDialog::reloadList()
{
    const QSignalBlocker blocker(m_profileList);
    m_profileList->clear();
    for (const ConnectionProfile &profile : std::as_const(m_profiles))
        m_profileList->addItem(profile.name);
}

void ConnectionDialog::showProfile(int row)
{
    if (row >= 0 && row < m_profiles.size())
        setProfile(m_profiles.at(row));
}

void ConnectionDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void ConnectionDialog::retranslateUi()
{
    setWindowTitle(tr("Connect to ZooKeeper"));
    const QStringList labels{tr("Name:"),         tr("Connect string:"), tr("Session timeout:"),
                             tr("Digest user:"),  tr("Password:")};
    for (int row = 0; row < labels.size(); ++row) {
        if (auto *label = qobject_cast<QLabel *>(m_form->itemAt(row, QFormLayout::LabelRole)
                                                     ? m_form->itemAt(row, QFormLayout::LabelRole)->widget()
                                                     : nullptr))
            label->setText(labels.at(row));
        else
            m_form->setWidget(row, QFormLayout::LabelRole, new QLabel(labels.at(row), this));
    }
    m_connectStringEdit->setPlaceholderText(tr("host1:2181,host2:2181/optional/chroot"));
    m_rememberCheck->setText(tr("Remember credentials (stored in plain text)"));
    m_readOnlyCheck->setText(tr("Read-only mode (disable every write action)"));
    m_hintLabel->setText(tr("Credentials are sent with addauth digest after the session starts."));
    m_tlsCheck->setText(tr("Use TLS (the server's secureClientPort)"));
    m_caLabel->setText(tr("CA certificate:"));
    m_caEdit->setPlaceholderText(
        tr("PEM file or JKS/PKCS12 trust store of the CA that signed the server (empty: the system's CAs)"));
    m_caPasswordLabel->setText(tr("Trust store password:"));
    m_caPasswordEdit->setPlaceholderText(tr("Only for a JKS or PKCS12 trust store"));
    m_certificateLabel->setText(tr("Client certificate:"));
    m_certificateEdit->setPlaceholderText(tr("PEM file, when the server asks for one (ssl.clientAuth)"));
    m_keyLabel->setText(tr("Client key:"));
    m_keyEdit->setPlaceholderText(tr("PEM private key of the client certificate (empty: in the same file)"));
    for (QPushButton *browse : {m_caBrowse, m_certificateBrowse, m_keyBrowse})
        browse->setText(tr("Browse..."));
    m_saveButton->setText(tr("Save profile"));
    m_deleteButton->setText(tr("Delete profile"));
    m_doctorButton->setText(tr("Doctor..."));
    m_doctorButton->setToolTip(tr("Check name resolution, TCP, four-letter words and the session step by step"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    retranslateSaslFields();
}

QGroupBox *ConnectionDialog::createSaslFields()
{
    m_saslGroup = new QGroupBox(this);
    m_saslGroup->setObjectName(QStringLiteral("saslGroup"));
    m_saslUserEdit = new QLineEdit(m_saslGroup);
    m_saslUserEdit->setObjectName(QStringLiteral("saslUserEdit"));
    m_saslPasswordEdit = new QLineEdit(m_saslGroup);
    m_saslPasswordEdit->setObjectName(QStringLiteral("saslPasswordEdit"));
    m_saslPasswordEdit->setEchoMode(QLineEdit::Password);
    m_saslForm = new QFormLayout(m_saslGroup);
    m_saslForm->addRow(new QLabel(m_saslGroup), m_saslUserEdit);
    m_saslForm->addRow(new QLabel(m_saslGroup), m_saslPasswordEdit);
    return m_saslGroup;
}

void ConnectionDialog::retranslateSaslFields()
{
    m_saslGroup->setTitle(tr("SASL login (DIGEST-MD5)"));
    m_saslGroup->setToolTip(tr("For servers with a JAAS Server section: the user and password of its "
                               "DigestLoginModule. The login runs before every other request."));
    const QStringList labels{tr("SASL user:"), tr("SASL password:")};
    for (int row = 0; row < labels.size(); ++row) {
        if (auto *label = qobject_cast<QLabel *>(m_saslForm->itemAt(row, QFormLayout::LabelRole)->widget()))
            label->setText(labels.at(row));
    }
    m_saslUserEdit->setPlaceholderText(tr("empty: no SASL login"));
}

} // namespace zooscope::ui
