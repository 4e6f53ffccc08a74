#!/usr/bin/env bash
# The main job: installs what ZooScope needs, builds it, and opens the desktop studio, which starts
# with a 3-member ZooScope ensemble inside the app (members on 127.0.0.1, ports in the status bar, so
# zkCli.sh or kazoo can connect too) and a browser tab on it. Arguments go to the studio
# (e.g. --no-local-ensemble, --connect host:2181, --language zh_CN).
# Without a display (no DISPLAY / WAYLAND_DISPLAY), zooscope-server runs standalone on 127.0.0.1:2181
# in the foreground instead, with its data in the user's data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
scripts/build.sh
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec build/app/zooscope "$@"
fi
data_home="${XDG_DATA_HOME:-$HOME/.local/share}/zooscope"
mkdir -p "$data_home/data"
config="$data_home/zoo.cfg"
if [ ! -f "$config" ]; then
  cat > "$config" <<CFG
tickTime=2000
initLimit=10
syncLimit=5
dataDir=$data_home/data
clientPort=2181
clientPortAddress=127.0.0.1
4lw.commands.whitelist=*
CFG
fi
echo "No display: running zooscope-server standalone on 127.0.0.1:2181 (configuration $config)."
exec build/app/zooscope-server "$config"
