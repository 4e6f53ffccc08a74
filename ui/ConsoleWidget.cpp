#include "ConsoleWidget.h"

#include "ConsoleCommandRunner.h"

#include "client/ZooKeeperClient.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QEvent>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStringListModel>
#include <QVBoxLayout>

namespace zooscope::ui {

namespace {
constexpr int MaxHistory = 500;
}

ConsoleWidget::ConsoleWidget(client::ZooKeeperClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_runner(new ConsoleCommandRunner(client, this))
{
    setObjectName(QStringLiteral("console"));
    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("consoleOutput"));
    m_output->setReadOnly(true);
    m_output->setMaximumBlockCount(10000);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_input = new QLineEdit(this);
    m_input->setObjectName(QStringLiteral("consoleInput"));
    m_input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_input->installEventFilter(this);

    m_completionModel = new QStringListModel(this);
    m_completer = new QCompleter(m_completionModel, this);
    m_completer->setWidget(m_input);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseSensitive);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_output, 1);
    layout->addWidget(m_input);

    connect(m_input, &QLineEdit::returnPressed, this, [this] {
        if (m_completer->popup()->isVisible())
            return;
        submit(m_input->text());
    });
    connect(m_input, &QLineEdit::textEdited, this, &ConsoleWidget::onTextEdited);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this, &ConsoleWidget::insertCompletion);
    connect(m_runner, &ConsoleCommandRunner::output, this, &ConsoleWidget::append);
    connect(m_runner, &ConsoleCommandRunner::finished, this, [this] {
        m_input->setEnabled(true);
        m_input->setFocus();
    });
    retranslateUi();
}

QString ConsoleWidget::outputText() const
{
    return m_output->toPlainText();
}

void ConsoleWidget::submit(const QString &line)
{
    const QString trimmed = line.trimmed();
    m_input->clear();
    if (trimmed.isEmpty())
        return;
    if (m_history.isEmpty() || m_history.last() != trimmed) {
        m_history.append(trimmed);
        if (m_history.size() > MaxHistory)
            m_history.removeFirst();
    }
    m_historyPosition = int(m_history.size());
    append(QStringLiteral("> ") + trimmed);
    m_input->setEnabled(false); // one command at a time, as zkCli
    m_runner->execute(trimmed);
}

void ConsoleWidget::append(const QString &text)
{
    m_output->appendPlainText(text);
}

void ConsoleWidget::showHistoryEntry(int step)
{
    if (m_history.isEmpty())
        return;
    m_historyPosition = std::clamp(m_historyPosition + step, 0, int(m_history.size()));
    m_input->setText(m_historyPosition < m_history.size() ? m_history.at(m_historyPosition) : QString());
}

bool ConsoleWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_input && event->type() == QEvent::KeyPress && !m_completer->popup()->isVisible()) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Up) {
            showHistoryEntry(-1);
            return true;
        }
        if (key->key() == Qt::Key_Down) {
            showHistoryEntry(+1);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ConsoleWidget::onTextEdited(const QString &text)
{
    // The word under completion is the last one of the line.
    const qsizetype start = text.lastIndexOf(u' ') + 1;
    const QString word = text.mid(start);
    if (start == 0) {
        m_completionParent.clear();
        m_completionModel->setStringList(ConsoleCommandRunner::commandNames());
        m_completer->setCompletionPrefix(word);
        if (!word.isEmpty())
            m_completer->complete();
        return;
    }
    if (!word.startsWith(u'/') || !m_client) {
        m_completer->popup()->hide();
        return;
    }
    const qsizetype slash = word.lastIndexOf(u'/');
    const QString parent = slash == 0 ? QStringLiteral("/") : word.left(slash);
    if (parent == m_completionParent) {
        m_completer->setCompletionPrefix(word);
        m_completer->complete();
        return;
    }
    m_completionParent = parent;
    m_client->getChildren(parent, client::Watch::No,
                          client::guarded<QStringList>(this, [this, parent](const client::Result<QStringList> &reply) {
                              if (parent != m_completionParent || !reply.ok())
                                  return;
                              QStringList paths;
                              const QString prefix = parent == QLatin1String("/") ? parent : parent + u'/';
                              for (const QString &child : reply.value)
                                  paths.append(prefix + child);
                              paths.sort();
                              m_completionModel->setStringList(paths);
                              const QString text = m_input->text();
                              m_completer->setCompletionPrefix(text.mid(text.lastIndexOf(u' ') + 1));
                              if (m_input->hasFocus())
                                  m_completer->complete();
                          }));
}

void ConsoleWidget::insertCompletion(const QString &completion)
{
    const QString text = m_input->text();
    const qsizetype start = text.lastIndexOf(u' ') + 1;
    m_input->setText(text.left(start) + completion);
}

void ConsoleWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ConsoleWidget::retranslateUi()
{
    m_input->setPlaceholderText(tr("zkCli command, e.g. ls -R /  (help lists them; Up/Down: history; paths complete)"));
}

} // namespace zooscope::ui
