#!/usr/bin/env bash
# The main job: installs what ZooScope needs, builds it, and runs zooscope-server standalone on
# 127.0.0.1:2181 with its data under the user's data directory.
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
exec build/app/zooscope-server "$config"
