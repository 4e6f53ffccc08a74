#!/bin/sh
# Builds the Debian package from a configured build tree and checks it without installing it:
# its Depends name the Qt libraries and the SVG plugin, it carries the desktop files, and the studio
# and the server start from the unpacked tree (offscreen, for a few seconds).
#
#   packaging/check-deb.sh [BUILD_DIR]      (default: build; a Release tree gives a smaller package)
set -eu
build_dir=$(cd "${1:-build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$build_dir" && cpack -G DEB) >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
deb=$(ls -t "$build_dir"/zooscope_*.deb | head -n 1)
echo "package: $deb"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for needed in libqt6widgets6 libqt6charts6 libqt6network6 libqt6svg6; do
    case "$depends" in
    *"$needed"*) ;;
    *) echo "FAIL: Depends lacks $needed"; exit 1 ;;
    esac
done

dpkg-deb -x "$deb" "$work/root"
for file in usr/bin/zooscope usr/bin/zooscope-server usr/share/applications/io.github.zooscope.ZooScope.desktop \
    usr/share/metainfo/io.github.zooscope.ZooScope.metainfo.xml usr/share/icons/hicolor/scalable/apps/zooscope.svg; do
    [ -e "$work/root/$file" ] || { echo "FAIL: the package lacks /$file"; exit 1; }
done
if file "$work/root/usr/bin/zooscope" | grep -q "not stripped"; then
    echo "FAIL: /usr/bin/zooscope is not stripped"
    exit 1
fi

"$work/root/usr/bin/zooscope-server" --version

# The studio keeps running until killed: still running after 8 s (timeout's 124) is a start.
mkdir -m 700 "$work/home"
status=0
HOME="$work/home" XDG_RUNTIME_DIR="$work/home" QT_QPA_PLATFORM=offscreen \
    timeout 8 "$work/root/usr/bin/zooscope" >"$work/zooscope.log" 2>&1 || status=$?
if [ "$status" -ne 124 ]; then
    echo "FAIL: the studio exited with status $status:"
    tail -n 20 "$work/zooscope.log"
    exit 1
fi
echo "OK: the studio from the package ran for 8 s"
