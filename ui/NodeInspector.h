#pragma once
// The selected node: its Stat (all 11 fields) and a data editor with Text / JSON / Hex / Base64 views
// and a charset choice. Holds a data watch on the shown node only. Save writes with the loaded
// version; on BadVersion a ConflictDialog shows both versions. Warns near jute.maxbuffer.

#include "DataCodec.h"

#include "client/ZooKeeperClient.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace zooscope::ui {

class ConflictDialog;
class ConnectionSession;

class NodeInspector : public QWidget
{
    Q_OBJECT

public:
    explicit NodeInspector(ConnectionSession *session, QWidget *parent = nullptr);
    ~NodeInspector() override;

    QString path() const { return m_path; }
    bool isLoaded() const { return m_loaded; }
    bool isModified() const;
    const client::Stat &stat() const { return m_stat; }
    QByteArray loadedData() const { return m_data; }
    DataView view() const;
    void setView(DataView view);
    // The text in the editor (what Save would write, in the current view).
    QString editorText() const;
    void setEditorText(const QString &text);

public Q_SLOTS:
    void setPath(const QString &path);
    void reload();
    void save();

Q_SIGNALS:
    void saved(const QString &path, const zooscope::client::Stat &stat);
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void load(bool keepEdits);
    void showData();
    void showStat();
    void onViewChanged(int comboIndex);
    void onWatchEvent(const client::WatchEvent &event);
    void updateSizeWarning();
    void writeData(const QByteArray &data, std::int32_t version);
    void showConflict(const QByteArray &yours, const QByteArray &theirs, const client::Stat &theirStat);
    void releaseDataWatch();
    QStringConverter::Encoding encoding() const;
    void setNote(const QString &note, bool error);

    QPointer<ConnectionSession> m_session; // the tab destroys it before this widget
    QPointer<client::ZooKeeperClient> m_client;
    QString m_path;
    QByteArray m_data;
    client::Stat m_stat;
    std::int32_t m_baseVersion = 0; // the version the editor's text started from: Save checks it
    bool m_loaded = false;
    bool m_dataWatched = false;
    DataView m_shownView = DataView::Text;

    QLabel *m_pathLabel = nullptr;
    QGroupBox *m_statBox = nullptr;
    QFormLayout *m_statForm = nullptr;
    QList<QLabel *> m_statValues;
    QGroupBox *m_dataBox = nullptr;
    QComboBox *m_viewCombo = nullptr;
    QComboBox *m_charsetCombo = nullptr;
    QPlainTextEdit *m_editor = nullptr;
    QLabel *m_noteLabel = nullptr;
    QLabel *m_sizeLabel = nullptr;
    QPushButton *m_reloadButton = nullptr;
    QPushButton *m_saveButton = nullptr;
    QTimer m_sizeTimer;
};

} // namespace zooscope::ui
