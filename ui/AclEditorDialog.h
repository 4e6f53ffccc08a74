#pragma once
// Edits a node's ACL: one row per entry (scheme world/auth/digest/ip, id, permission checkboxes),
// a digest generator (user + password -> user:base64(sha1(user:password))), and Save with the ACL
// version check.

#include "client/ZooKeeperClient.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace zooscope::ui {

class AclEditorDialog : public QDialog
{
    Q_OBJECT

public:
    enum Column { SchemeColumn, IdColumn, ReadColumn, WriteColumn, CreateColumn, DeleteColumn, AdminColumn, ColumnCount };

    AclEditorDialog(client::ZooKeeperClient *client, const QString &path, bool readOnly, QWidget *parent = nullptr);

    bool isLoaded() const { return m_loaded; }
    // The ACL as edited in the table.
    client::AclList acl() const;
    void setAcl(const client::AclList &acl);
    // Adds a row (all permissions); returns its index.
    int addEntry(const QString &scheme, const QString &id, std::int32_t permissions = client::Perm::All);
    void setDigestCredentials(const QString &user, const QString &password);

public Q_SLOTS:
    void addDigestEntry();
    void removeSelectedEntry();
    void save();

Q_SIGNALS:
    void saved(const QString &path);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void load();
    void setMessage(const QString &message, bool error);

    QPointer<client::ZooKeeperClient> m_client;
    QString m_path;
    bool m_readOnly = false;
    bool m_loaded = false;
    std::int32_t m_aclVersion = -1;
    QLabel *m_pathLabel = nullptr;
    QTableWidget *m_table = nullptr;
    QPushButton *m_addButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QLabel *m_digestLabel = nullptr;
    QLineEdit *m_userEdit = nullptr;
    QLineEdit *m_passwordEdit = nullptr;
    QPushButton *m_digestButton = nullptr;
    QLabel *m_messageLabel = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_closeButton = nullptr;
};

} // namespace zooscope::ui
