#pragma once
// The zkCli-style console of a connection: output pane, a command line with history (Up/Down) and
// completion of command names and znode paths (children read on demand, never blocking).

#include <QHash>
#include <QPointer>
#include <QWidget>

class QCompleter;
class QLineEdit;
class QPlainTextEdit;
class QStringListModel;

namespace zooscope::client {
class ZooKeeperClient;
}

namespace zooscope::ui {

class ConsoleCommandRunner;

class ConsoleWidget : public QWidget
{
    Q_OBJECT

public:
    explicit ConsoleWidget(client::ZooKeeperClient *client, QWidget *parent = nullptr);

    ConsoleCommandRunner *runner() const { return m_runner; }
    QLineEdit *input() const { return m_input; }
    QString outputText() const;
    QStringList history() const { return m_history; }
    QCompleter *completer() const { return m_completer; }

public Q_SLOTS:
    // Runs the line as if typed and Enter pressed.
    void submit(const QString &line);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void append(const QString &text);
    void onTextEdited(const QString &text);
    void insertCompletion(const QString &completion);
    void showHistoryEntry(int step);

    QPointer<client::ZooKeeperClient> m_client;
    ConsoleCommandRunner *m_runner = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QLineEdit *m_input = nullptr;
    QCompleter *m_completer = nullptr;
    QStringListModel *m_completionModel = nullptr;
    QStringList m_history;
    int m_historyPosition = 0;
    QString m_completionParent; // the parent path whose children the completer offers
};

} // namespace zooscope::ui
