#pragma once
// Shown when a save met BadVersion: another client wrote the node since it was loaded. Both versions
// side by side (theirs, now on the server, and yours, unsaved); the user picks Overwrite (write yours
// over their version), Reload (drop yours, load theirs) or Cancel (keep editing).

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace zooscope::ui {

class ConflictDialog : public QDialog
{
    Q_OBJECT

public:
    enum Choice { Cancel = 0, Overwrite = 1, Reload = 2 };

    ConflictDialog(const QString &path, const QString &theirs, int theirVersion, const QString &yours,
                   int yourBaseVersion, QWidget *parent = nullptr);

    QString theirsText() const;
    QString yoursText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QString m_path;
    int m_theirVersion = 0;
    int m_yourBaseVersion = 0;
    QLabel *m_explanation = nullptr;
    QLabel *m_theirsLabel = nullptr;
    QLabel *m_yoursLabel = nullptr;
    QPlainTextEdit *m_theirsView = nullptr;
    QPlainTextEdit *m_yoursView = nullptr;
    QPushButton *m_overwriteButton = nullptr;
    QPushButton *m_reloadButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
};

} // namespace zooscope::ui
