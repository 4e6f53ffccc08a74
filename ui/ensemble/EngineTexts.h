#pragma once
// The engine's and the invariant monitor's English texts in the user's language. The engine and
// the model keep English (logs, trace files); they also give each text a stable code, and these
// functions map the codes to tr() strings (context "zooscope::ui::ensemble::EngineTexts").

#include "InvariantMonitor.h"

#include "quorum/TraceEvent.h"

#include <QString>

namespace zooscope::ui::ensemble {

QString voteIgnoredReasonDisplayText(quorum::VoteIgnoredReason reason);
// A VoteIgnored event's details, translated when they are a known reason (also in a trace read back
// from a file), else as they are.
QString voteIgnoredDetailsDisplayText(const QString &details);

// A ConfigActivated event's details ("voters 1,2,4; observers none") in the user's language; other
// text as it is.
QString configurationDisplayText(const QString &details);

// The pattern with %1... placeholders, translated; empty for InvariantViolation::None.
QString invariantViolationDisplayPattern(InvariantViolation violation);
// The status's violation in the user's language (the English `violation` when it carries no code).
QString invariantViolationDisplayText(const InvariantStatus &status);

} // namespace zooscope::ui::ensemble
