#pragma once
// Shows the connection doctor's steps as they run, each with its status and explanation.

#include "ConnectionProfile.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace zooscope::ui {

class ConnectionDoctor;

class DoctorDialog : public QDialog
{
    Q_OBJECT

public:
    explicit DoctorDialog(const ConnectionProfile &profile, QWidget *parent = nullptr);

    ConnectionDoctor *doctor() const { return m_doctor; }

public Q_SLOTS:
    void run();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showStep(int index);

    ConnectionProfile m_profile;
    ConnectionDoctor *m_doctor = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QTreeWidget *m_stepList = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_closeButton = nullptr;
};

} // namespace zooscope::ui
