#pragma once
// Picks or edits a connection profile and asks to connect with it. Profiles persist in QSettings.

#include "ConnectionProfile.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace zooscope::ui {

class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectionDialog(QWidget *parent = nullptr);

    // The profile as currently edited (what Connect uses).
    ConnectionProfile profile() const;
    void setProfile(const ConnectionProfile &profile);
    QList<ConnectionProfile> profiles() const { return m_profiles; }

public Q_SLOTS:
    // Stores the edited profile (replacing the one of the same name) in the list and QSettings.
    void saveProfile();
    void deleteProfile();
    // Runs the connection doctor on the edited profile.
    void runDoctor();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void reloadList();
    void showProfile(int row);
    // The SASL DIGEST-MD5 login fields: their own group, built and translated here.
    QGroupBox *createSaslFields();
    void retranslateSaslFields();
    // A line edit with a Browse... button that picks a file (a PEM file, or for the CA also a trust
    // store), as one form row.
    QWidget *fileRow(QLineEdit *edit, QPushButton *browse, bool trustStore);
    void updateTlsFields();

    QList<ConnectionProfile> m_profiles;
    QListWidget *m_profileList = nullptr;
    QFormLayout *m_form = nullptr;
    QLineEdit *m_nameEdit = nullptr;
    QLineEdit *m_connectStringEdit = nullptr;
    QSpinBox *m_timeoutSpin = nullptr;
    QLineEdit *m_userEdit = nullptr;
    QLineEdit *m_passwordEdit = nullptr;
    QCheckBox *m_rememberCheck = nullptr;
    QCheckBox *m_readOnlyCheck = nullptr;
    QCheckBox *m_tlsCheck = nullptr;
    QLabel *m_caLabel = nullptr;
    QLineEdit *m_caEdit = nullptr;
    QPushButton *m_caBrowse = nullptr;
    QLabel *m_caPasswordLabel = nullptr;
    QLineEdit *m_caPasswordEdit = nullptr;
    QLabel *m_certificateLabel = nullptr;
    QLineEdit *m_certificateEdit = nullptr;
    QPushButton *m_certificateBrowse = nullptr;
    QLabel *m_keyLabel = nullptr;
    QLineEdit *m_keyEdit = nullptr;
    QPushButton *m_keyBrowse = nullptr;
    QLabel *m_hintLabel = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QPushButton *m_doctorButton = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QGroupBox *m_saslGroup = nullptr;
    QFormLayout *m_saslForm = nullptr;
    QLineEdit *m_saslUserEdit = nullptr;
    QLineEdit *m_saslPasswordEdit = nullptr;
};

} // namespace zooscope::ui
