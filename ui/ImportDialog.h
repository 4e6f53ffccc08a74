#pragma once
// Import of a subtree export: shows the dry-run diff against the target (create / update /
// unchanged per node) and applies exactly that after confirmation.

#include <QDialog>
#include <QJsonDocument>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace zooscope::client {
class ZooKeeperClient;
}

namespace zooscope::ui {

class SubtreeImporter;

class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    ImportDialog(client::ZooKeeperClient *client, const QString &targetPath, const QJsonDocument &document,
                 QWidget *parent = nullptr);

    SubtreeImporter *importer() const { return m_importer; }
    bool isPlanned() const { return m_planned; }

public Q_SLOTS:
    void applyPlan();

Q_SIGNALS:
    void imported(const QString &targetPath, int changed);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showPlan();

    QString m_targetPath;
    SubtreeImporter *m_importer = nullptr;
    bool m_planned = false;
    QString m_message;
    QLabel *m_messageLabel = nullptr;
    QTreeWidget *m_stepList = nullptr;
    QPushButton *m_applyButton = nullptr;
    QPushButton *m_closeButton = nullptr;
};

} // namespace zooscope::ui
