#pragma once
// Asks for a new child node: name, data, mode (every CreateMode, TTL value for TTL modes) and ACL.

#include "client/ClientTypes.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace zooscope::ui {

struct CreateNodeRequest
{
    QString path;
    QByteArray data;
    client::CreateMode mode = client::CreateMode::Persistent;
    std::int64_t ttlMs = -1;
    client::AclList acl;
};

class CreateNodeDialog : public QDialog
{
    Q_OBJECT

public:
    enum class AclChoice { OpenUnsafe, CreatorAll, ReadUnsafe };

    explicit CreateNodeDialog(const QString &parentPath, QWidget *parent = nullptr);

    CreateNodeRequest request() const;
    void setName(const QString &name);
    void setData(const QByteArray &data);
    void setMode(client::CreateMode mode);
    void setTtlMs(std::int64_t ttlMs);
    void setAclChoice(AclChoice choice);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateState();

    QString m_parentPath;
    QFormLayout *m_form = nullptr;
    QLabel *m_parentLabel = nullptr;
    QLineEdit *m_nameEdit = nullptr;
    QPlainTextEdit *m_dataEdit = nullptr;
    QComboBox *m_modeCombo = nullptr;
    QSpinBox *m_ttlSpin = nullptr;
    QComboBox *m_aclCombo = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace zooscope::ui
