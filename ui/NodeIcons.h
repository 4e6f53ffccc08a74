#pragma once
// Small drawn icons for the kinds of znode the tree can tell apart.

#include <QIcon>

namespace zooscope::ui {

enum class NodeKind {
    Unknown, // Stat not read yet
    Persistent,
    PersistentSequential,
    Ephemeral,
    EphemeralSequential,
    Container, // only known for nodes this studio created: the Stat looks persistent
    Ttl,       // likewise
};

QIcon nodeIcon(NodeKind kind);
QString nodeKindName(NodeKind kind);

} // namespace zooscope::ui
