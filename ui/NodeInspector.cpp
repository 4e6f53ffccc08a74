#include "NodeInspector.h"

#include "ConflictDialog.h"
#include "ConnectionSession.h"
#include "StatFormatter.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace zooscope::ui {

namespace {
constexpr int StatFieldCount = 11;
}

NodeInspector::NodeInspector(ConnectionSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_client(session->client())
{
    setObjectName(QStringLiteral("nodeInspector"));
    m_pathLabel = new QLabel(this);
    m_pathLabel->setObjectName(QStringLiteral("inspectorPathLabel"));
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_pathLabel->font();
    bold.setBold(true);
    m_pathLabel->setFont(bold);

    m_statBox = new QGroupBox(this);
    m_statForm = new QFormLayout(m_statBox);
    m_statForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const QList<StatField> placeholders = StatFormatter::fields({});
    for (const StatField &field : placeholders) {
        auto *value = new QLabel(m_statBox);
        value->setObjectName(QStringLiteral("stat_") + field.key);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_statValues.append(value);
        m_statForm->addRow(new QLabel(m_statBox), value);
    }

    m_dataBox = new QGroupBox(this);
    m_viewCombo = new QComboBox(m_dataBox);
    m_viewCombo->setObjectName(QStringLiteral("dataViewCombo"));
    for (int i = 0; i < 4; ++i)
        m_viewCombo->addItem(QString(), i);
    m_charsetCombo = new QComboBox(m_dataBox);
    m_charsetCombo->setObjectName(QStringLiteral("charsetCombo"));
    for (const Charset &charset : availableCharsets())
        m_charsetCombo->addItem(charset.name, int(charset.encoding));
    m_reloadButton = new QPushButton(m_dataBox);
    m_reloadButton->setObjectName(QStringLiteral("reloadDataButton"));
    m_saveButton = new QPushButton(m_dataBox);
    m_saveButton->setObjectName(QStringLiteral("saveDataButton"));
    m_saveButton->setShortcut(QKeySequence::Save);
    m_editor = new QPlainTextEdit(m_dataBox);
    m_editor->setObjectName(QStringLiteral("dataEditor"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_noteLabel = new QLabel(m_dataBox);
    m_noteLabel->setObjectName(QStringLiteral("dataNoteLabel"));
    m_noteLabel->setWordWrap(true);
    m_sizeLabel = new QLabel(m_dataBox);
    m_sizeLabel->setObjectName(QStringLiteral("dataSizeLabel"));
    m_sizeLabel->setWordWrap(true);

    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_viewCombo);
    toolbar->addWidget(m_charsetCombo);
    toolbar->addStretch();
    toolbar->addWidget(m_reloadButton);
    toolbar->addWidget(m_saveButton);
    auto *dataLayout = new QVBoxLayout(m_dataBox);
    dataLayout->addLayout(toolbar);
    dataLayout->addWidget(m_editor, 1);
    dataLayout->addWidget(m_noteLabel);
    dataLayout->addWidget(m_sizeLabel);

    // Stat beside the data: eleven rows stay readable however tall the pane is (they scroll if not).
    auto *statScroll = new QScrollArea(this);
    statScroll->setWidget(m_statBox);
    statScroll->setWidgetResizable(true);
    statScroll->setFrameShape(QFrame::NoFrame);
    statScroll->setMinimumWidth(fontMetrics().averageCharWidth() * 46); // a label and a zxid value
    auto *columns = new QSplitter(Qt::Horizontal, this);
    columns->setObjectName(QStringLiteral("inspectorSplitter"));
    columns->addWidget(statScroll);
    columns->addWidget(m_dataBox);
    columns->setStretchFactor(0, 2);
    columns->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pathLabel);
    layout->addWidget(columns, 1);

    m_sizeTimer.setSingleShot(true);
    m_sizeTimer.setInterval(250); // sizes are recomputed after typing pauses, not per key
    connect(&m_sizeTimer, &QTimer::timeout, this, &NodeInspector::updateSizeWarning);
    connect(m_editor, &QPlainTextEdit::textChanged, &m_sizeTimer, qOverload<>(&QTimer::start));
    connect(m_viewCombo, &QComboBox::currentIndexChanged, this, &NodeInspector::onViewChanged);
    connect(m_charsetCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (!isModified())
            showData();
    });
    connect(m_reloadButton, &QPushButton::clicked, this, &NodeInspector::reload);
    connect(m_saveButton, &QPushButton::clicked, this, &NodeInspector::save);
    connect(m_client, &client::ZooKeeperClient::watchEvent, this, &NodeInspector::onWatchEvent);

    m_editor->setReadOnly(session->isReadOnly());
    m_saveButton->setEnabled(false);
    retranslateUi();
}

NodeInspector::~NodeInspector()
{
    releaseDataWatch();
}

bool NodeInspector::isModified() const
{
    return m_editor->document()->isModified();
}

DataView NodeInspector::view() const
{
    return DataView(m_viewCombo->currentData().toInt());
}

void NodeInspector::setView(DataView view)
{
    m_viewCombo->setCurrentIndex(m_viewCombo->findData(int(view)));
}

QString NodeInspector::editorText() const
{
    return m_editor->toPlainText();
}

void NodeInspector::setEditorText(const QString &text)
{
    m_editor->setPlainText(text);
    m_editor->document()->setModified(true);
}

QStringConverter::Encoding NodeInspector::encoding() const
{
    return QStringConverter::Encoding(m_charsetCombo->currentData().toInt());
}

void NodeInspector::releaseDataWatch()
{
    // The watch budget: only the shown node keeps a data watch.
    if (m_dataWatched && m_client && m_client->isConnected())
        m_client->removeWatches(m_path, client::WatcherType::Data, [](const client::Result<void> &) {});
    m_dataWatched = false;
    if (m_session)
        m_session->forgetWatchedData(m_path);
}

void NodeInspector::setPath(const QString &path)
{
    if (path == m_path)
        return;
    releaseDataWatch();
    m_path = path;
    m_loaded = false;
    m_data.clear();
    m_stat = {};
    m_pathLabel->setText(path);
    m_editor->clear();
    m_editor->document()->setModified(false);
    setNote({}, false);
    showStat();
    if (!path.isEmpty())
        load(false);
}

void NodeInspector::reload()
{
    m_editor->document()->setModified(false);
    load(false);
}

void NodeInspector::load(bool keepEdits)
{
    if (!m_client || m_path.isEmpty())
        return;
    const QString path = m_path;
    m_client->getData(path, client::Watch::Yes,
                      client::guarded<client::DataResult>(
                          this, [this, path, keepEdits](const client::Result<client::DataResult> &reply) {
                              if (path != m_path)
                                  return; // the selection moved on
                              if (!reply.ok()) {
                                  m_dataWatched = reply.error == client::ErrorCode::NoNode; // an exists watch
                                  setNote(tr("Cannot read %1: %2").arg(path, client::errorText(reply.error)), true);
                                  return;
                              }
                              m_dataWatched = true;
                              m_session->rememberWatchedData(path, reply.value.data);
                              m_loaded = true;
                              m_stat = reply.value.stat;
                              showStat();
                              if (keepEdits && isModified()) {
                                  setNote(tr("Another client changed this node (now version %1); saving will "
                                             "show both versions.")
                                              .arg(m_stat.version),
                                          true);
                                  return;
                              }
                              m_data = reply.value.data;
                              showData();
                          }));
}

void NodeInspector::showData()
{
    QString note;
    const QString text = DataCodec::toDisplay(m_data, view(), encoding(), &note);
    m_shownView = view();
    m_baseVersion = m_stat.version;
    m_editor->setPlainText(text);
    m_editor->document()->setModified(false);
    setNote(note, false);
    m_saveButton->setEnabled(m_loaded && !m_session->isReadOnly());
    updateSizeWarning();
}

void NodeInspector::showStat()
{
    const QList<StatField> fields = StatFormatter::fields(m_stat);
    for (int i = 0; i < StatFieldCount; ++i)
        m_statValues.at(i)->setText(m_loaded ? fields.at(i).value : QString());
}

void NodeInspector::setNote(const QString &note, bool error)
{
    m_noteLabel->setText(note);
    m_noteLabel->setVisible(!note.isEmpty());
    m_noteLabel->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
}

void NodeInspector::onViewChanged(int)
{
    const DataView newView = view();
    if (newView == m_shownView)
        return;
    if (!isModified()) {
        showData();
        return;
    }
    // Carry the unsaved edit over to the new view.
    QString error;
    const auto bytes = DataCodec::fromDisplay(m_editor->toPlainText(), m_shownView, encoding(), &error);
    if (!bytes) {
        const QSignalBlocker blocker(m_viewCombo);
        setView(m_shownView);
        setNote(tr("Cannot switch views: %1").arg(error), true);
        return;
    }
    QString note;
    m_editor->setPlainText(DataCodec::toDisplay(*bytes, newView, encoding(), &note));
    m_editor->document()->setModified(true);
    m_shownView = newView;
    setNote(note, false);
}

void NodeInspector::updateSizeWarning()
{
    QString error;
    const auto bytes = DataCodec::fromDisplay(m_editor->toPlainText(), m_shownView, encoding(), &error);
    if (!bytes) {
        m_sizeLabel->setText(error);
        m_sizeLabel->setStyleSheet(QStringLiteral("color: #c0392b;"));
        return;
    }
    const qsizetype size = bytes->size();
    if (size > JuteMaxBuffer) {
        m_sizeLabel->setText(tr("%1 bytes: larger than jute.maxbuffer (%2 bytes); the server will refuse it.")
                                 .arg(size)
                                 .arg(JuteMaxBuffer));
        m_sizeLabel->setStyleSheet(QStringLiteral("color: #c0392b;"));
    } else if (size >= JuteMaxBufferWarning) {
        m_sizeLabel->setText(tr("%1 bytes: close to jute.maxbuffer (%2 bytes).").arg(size).arg(JuteMaxBuffer));
        m_sizeLabel->setStyleSheet(QStringLiteral("color: #d68910;"));
    } else {
        m_sizeLabel->setText(tr("%n byte(s)", nullptr, int(size)));
        m_sizeLabel->setStyleSheet(QString());
    }
}

void NodeInspector::save()
{
    if (!m_loaded || m_session->isReadOnly() || !m_client)
        return;
    QString error;
    const auto bytes = DataCodec::fromDisplay(m_editor->toPlainText(), m_shownView, encoding(), &error);
    if (!bytes) {
        setNote(tr("Not saved: %1").arg(error), true);
        return;
    }
    if (bytes->size() > JuteMaxBuffer) {
        setNote(tr("Not saved: %1 bytes exceed jute.maxbuffer.").arg(bytes->size()), true);
        return;
    }
    writeData(*bytes, m_baseVersion);
}

void NodeInspector::writeData(const QByteArray &data, std::int32_t version)
{
    const QString path = m_path;
    m_client->setData(
        path, data, version,
        client::guarded<client::Stat>(this, [this, path, data](const client::Result<client::Stat> &reply) {
            if (path != m_path)
                return;
            if (reply.error == client::ErrorCode::BadVersion) {
                m_client->getData(path, client::Watch::No,
                                  client::guarded<client::DataResult>(
                                      this, [this, path, data](const client::Result<client::DataResult> &theirs) {
                                          if (path != m_path)
                                              return;
                                          if (!theirs.ok()) {
                                              setNote(tr("Not saved: %1").arg(client::errorText(theirs.error)), true);
                                              return;
                                          }
                                          showConflict(data, theirs.value.data, theirs.value.stat);
                                      }));
                return;
            }
            if (!reply.ok()) {
                setNote(tr("Not saved: %1").arg(client::errorText(reply.error)), true);
                return;
            }
            m_data = data;
            m_stat = reply.value;
            m_baseVersion = m_stat.version;
            showStat();
            m_editor->document()->setModified(false);
            setNote(tr("Saved version %1.").arg(m_stat.version), false);
            Q_EMIT saved(path, m_stat);
        }));
}

void NodeInspector::showConflict(const QByteArray &yours, const QByteArray &theirs, const client::Stat &theirStat)
{
    auto *dialog = new ConflictDialog(m_path, DataCodec::toDisplay(theirs, m_shownView, encoding()), theirStat.version,
                                      DataCodec::toDisplay(yours, m_shownView, encoding()), m_baseVersion, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString path = m_path;
    connect(dialog, &QDialog::finished, this, [this, path, yours, theirs, theirStat](int choice) {
        if (path != m_path)
            return;
        if (choice == ConflictDialog::Overwrite) {
            writeData(yours, theirStat.version); // a third writer in between conflicts again
        } else if (choice == ConflictDialog::Reload) {
            m_data = theirs;
            m_stat = theirStat;
            showStat();
            showData();
        }
    });
    dialog->open();
}

void NodeInspector::onWatchEvent(const client::WatchEvent &event)
{
    if (event.path != m_path || m_path.isEmpty())
        return;
    switch (event.type) {
    case client::WatchEvent::Type::NodeDataChanged:
    case client::WatchEvent::Type::NodeCreated:
        load(true);
        break;
    case client::WatchEvent::Type::NodeDeleted:
        m_dataWatched = false;
        m_loaded = false;
        m_saveButton->setEnabled(false);
        setNote(tr("%1 was deleted.").arg(m_path), true);
        break;
    case client::WatchEvent::Type::DataWatchRemoved:
        m_dataWatched = false;
        break;
    default:
        break;
    }
}

void NodeInspector::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void NodeInspector::retranslateUi()
{
    m_statBox->setTitle(tr("Stat"));
    const QList<StatField> fields = StatFormatter::fields(m_stat);
    for (int i = 0; i < StatFieldCount; ++i) {
        if (auto *label = qobject_cast<QLabel *>(m_statForm->itemAt(i, QFormLayout::LabelRole)->widget()))
            label->setText(fields.at(i).label + u':');
    }
    showStat();
    m_dataBox->setTitle(tr("Data"));
    m_viewCombo->setItemText(0, tr("Text"));
    m_viewCombo->setItemText(1, tr("JSON"));
    m_viewCombo->setItemText(2, tr("Hex"));
    m_viewCombo->setItemText(3, tr("Base64"));
    m_viewCombo->setToolTip(tr("How the data is shown and edited"));
    m_charsetCombo->setToolTip(tr("Charset of the text and JSON views"));
    m_reloadButton->setText(tr("Reload"));
    m_saveButton->setText(tr("Save"));
    m_saveButton->setToolTip(tr("Write the data with a version check (%1)").arg(QKeySequence(QKeySequence::Save).toString()));
    if (m_session->isReadOnly())
        m_editor->setPlaceholderText(tr("Read-only connection"));
    updateSizeWarning();
}

} // namespace zooscope::ui
