#pragma once
// Recursive delete with a dry run: lists every node that will go, deletes only after the user
// confirms that exact list, and reports what happened.

#include <QDialog>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace zooscope::client {
class ZooKeeperClient;
}

namespace zooscope::ui {

class RecursiveDeleter;

class RecursiveDeleteDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int MaxListedPaths = 10000; // the rest is counted, not listed

    RecursiveDeleteDialog(client::ZooKeeperClient *client, const QString &path, QWidget *parent = nullptr);

    QStringList plan() const;
    bool isReadyToDelete() const;

public Q_SLOTS:
    void confirmDelete();

Q_SIGNALS:
    void deleted(const QString &rootPath, int count);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showPlan(const QStringList &plan);

    QString m_path;
    RecursiveDeleter *m_deleter = nullptr;
    enum class Phase { Collecting, Ready, Deleting, Done, Failed } m_phase = Phase::Collecting;
    QLabel *m_messageLabel = nullptr;
    QListWidget *m_pathList = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QPushButton *m_closeButton = nullptr;
    QString m_resultText;
};

} // namespace zooscope::ui
