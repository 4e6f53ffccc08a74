#pragma once
// The watch event log dock: filter, pause, clear and CSV export over WatchEventLogModel.

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace zooscope::ui {

class WatchEventLogModel;

class WatchEventLogWidget : public QWidget
{
    Q_OBJECT

public:
    explicit WatchEventLogWidget(WatchEventLogModel *model, QWidget *parent = nullptr);

    QSortFilterProxyModel *proxyModel() const { return m_proxy; }
    // Writes the log as CSV to fileName on a worker thread; exported() reports the outcome.
    void exportCsv(const QString &fileName);

Q_SIGNALS:
    void exported(const QString &fileName, bool ok);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void chooseExportFile();

    WatchEventLogModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QCheckBox *m_pauseCheck = nullptr;
    QLabel *m_heldBackLabel = nullptr;
    QPushButton *m_clearButton = nullptr;
    QPushButton *m_exportButton = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace zooscope::ui
