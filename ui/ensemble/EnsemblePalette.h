#pragma once
// Colours and names shared by the ensemble views, so a role or a message type looks the same in
// the circle, the tables and the chart.

#include "FlightMessage.h"
#include "MemberState.h"

#include <QColor>
#include <QCoreApplication>

namespace zooscope::ui::ensemble {

class EnsemblePalette
{
    Q_DECLARE_TR_FUNCTIONS(zooscope::ui::ensemble::EnsemblePalette)

public:
    static QColor roleColor(const MemberState &member);
    static QColor messageColor(const FlightMessage &message);
    // "LEADING" with its meaning in the current language; "DOWN" / "PAUSED" for members not running.
    static QString roleName(const MemberState &member);
    static QString stateName(ServerState state);
    // Multi-line description of a member or a message, for the details pane.
    static QString memberDetails(const MemberState &member);
    static QString messageDetails(const FlightMessage &message);
    // One line: the protocol phase a message belongs to and what it is for.
    static QString messagePurpose(MessageType type);
    // How an election ended (the core's words), translated when it is one of the known phrases.
    static QString decisionText(const QString &decision);
};

} // namespace zooscope::ui::ensemble
