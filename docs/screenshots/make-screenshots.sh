#!/usr/bin/env bash
# Regenerates the studio screenshots (English and Simplified Chinese) in docs/screenshots/: starts a
# zooscope-server on a free port with sample data (kazoo), renders the main window offscreen with a
# node selected, and stops the server. Needs a build (BUILD_DIR, default build/) and python3-kazoo.
#
# Each view of the ensemble studio alone (circle, election panel, broadcast panel with its zxid chart,
# invariant monitors, presenter mode) comes from tests/ui/ensemble/ensemble_screenshots; with
# --ensemble-views only those are rendered (no server, no kazoo needed).
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir="${BUILD_DIR:-build}"
out_dir="docs/screenshots"

render_ensemble_views() {
  QT_QPA_PLATFORM=offscreen "$build_dir/tests/ui/ensemble/ensemble_screenshots" "$out_dir"
}
if [ "${1:-}" = "--ensemble-views" ]; then
  render_ensemble_views
  exit 0
fi
work="$(mktemp -d)"
server_pid=""
holder_pid=""
cleanup() {
  [ -n "$holder_pid" ] && kill "$holder_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cat > "$work/zoo.cfg" <<CFG
tickTime=2000
dataDir=$work/data
clientPort=$port
clientPortAddress=127.0.0.1
4lw.commands.whitelist=*
extendedTypesEnabled=true
CFG
"$build_dir/app/zooscope-server" "$work/zoo.cfg" > "$work/server.log" 2>&1 &
server_pid=$!

# Sample data, and a session that holds two ephemeral nodes while the screenshots are taken.
/usr/bin/python3 - "$port" <<'PY' &
import sys, time, json
from kazoo.client import KazooClient
zk = KazooClient(hosts="127.0.0.1:%s" % sys.argv[1]); zk.start(timeout=30)
zk.ensure_path("/app/workers")
zk.create("/app/config", json.dumps({"replicas": 3, "region": "eu-west", "features": ["search", "audit"]}).encode())
for name in ("orders", "billing", "search"):
    zk.create("/services/" + name, b"http://10.0.0.%d:8080" % len(name), makepath=True)
for _ in range(2):
    zk.create("/app/workers/worker-", b"busy", ephemeral=True, sequence=True)
zk.create("/app/locks", b"", makepath=True)
print("seeded", flush=True)
time.sleep(120)  # keeps the ephemeral workers' session open; cleanup() kills this holder when done
PY
holder_pid=$!
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done
sleep 2

for language in en zh_CN; do
  XDG_CONFIG_HOME="$work/config-$language" QT_QPA_PLATFORM=offscreen \
    "$build_dir/app/zooscope" --language "$language" --connect "127.0.0.1:$port" --select /app/config \
    --screenshot "$out_dir/main-$language.png" --screenshot-delay 4000
  echo "wrote $out_dir/main-$language.png"
done

# The studio as it starts by default: the in-app ensemble with its browser tab and the ensemble studio.
for language in en zh_CN; do
  QT_QPA_PLATFORM=offscreen "$build_dir/app/zooscope" --language "$language" \
    --screenshot "$out_dir/ensemble-$language.png" --screenshot-delay 5000
done

# Each ensemble view alone, en and zh_CN.
render_ensemble_views
