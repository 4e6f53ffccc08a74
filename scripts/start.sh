#!/usr/bin/env bash
# The main job: installs what ZooScope needs, builds it, starts zooscope-server standalone on
# 127.0.0.1:2181 (data under the user's data directory) and opens the desktop studio, which offers
# the connection dialog (127.0.0.1:2181 by default). Closing the studio stops the server it started.
# Without a display (no DISPLAY / WAYLAND_DISPLAY) only the server runs, in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
scripts/build.sh
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
echo "zooscope-server: configuration $config"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: running zooscope-server only (build/app/zooscope needs a desktop session)."
  exec build/app/zooscope-server "$config"
fi

server_pid=""
# A server already listening on 2181 (e.g. a previous run) is used as it is.
if ! (exec 3<>/dev/tcp/127.0.0.1/2181) 2>/dev/null; then
  build/app/zooscope-server "$config" &
  server_pid=$!
  trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true' EXIT
fi
build/app/zooscope "$@"
