#!/bin/sh
# Install Conservator from this unpacked folder.
#
#   ./install.sh              for the current user: ~/.local/opt/conservator, ~/.local/bin, menu entry
#   sudo ./install.sh --system  for everyone: /opt/conservator, /usr/local/bin, /usr/local/share
#   ./install.sh --prefix DIR   copy the program to DIR instead
#
# Copies the folder, links `conservator-app` and `conservator` into the bin folder, and installs
# the menu entry (opens .tif/.tiff/.jp2), the AppStream metainfo and the icons. No network.
# Uninstall with the uninstall.sh that is copied next to the installed program.
set -eu
APP_ID=io.github.conservator.Conservator
HERE=$(cd "$(dirname "$0")" && pwd)

SYSTEM=0
PREFIX=""
while [ $# -gt 0 ]; do
  case "$1" in
    --system) SYSTEM=1 ;;
    --prefix) shift; PREFIX="${1:?--prefix needs a folder}" ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "error: unknown option $1 (see ./install.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$SYSTEM" = 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "error: --system needs root (run it with sudo)" >&2; exit 2; }
  PREFIX=${PREFIX:-/opt/conservator}
  BIN=/usr/local/bin
  SHARE=/usr/local/share
else
  PREFIX=${PREFIX:-$HOME/.local/opt/conservator}
  BIN=$HOME/.local/bin
  SHARE=${XDG_DATA_HOME:-$HOME/.local/share}
fi

[ -x "$HERE/conservator-app" ] || { echo "error: run install.sh from the unpacked Conservator folder ($HERE)" >&2; exit 2; }

# Copy under a temporary name, then swap, so a failed copy never leaves half a program.
mkdir -p "$(dirname "$PREFIX")"
if [ "$HERE" != "$PREFIX" ]; then
  rm -rf "$PREFIX.new"
  cp -a "$HERE" "$PREFIX.new"
  rm -rf "$PREFIX.old"
  [ -e "$PREFIX" ] && mv "$PREFIX" "$PREFIX.old"
  mv "$PREFIX.new" "$PREFIX"
  rm -rf "$PREFIX.old"
fi

mkdir -p "$BIN" "$SHARE/applications" "$SHARE/metainfo"
ln -sf "$PREFIX/conservator-app" "$BIN/conservator-app"
ln -sf "$PREFIX/conservator" "$BIN/conservator"

# The menu entry runs the installed program by its full path (~/.local/bin is often not on the
# PATH of a desktop session).
sed -e "s|^Exec=conservator-app|Exec=\"$PREFIX/conservator-app\"|" \
    -e "s|^TryExec=conservator-app|TryExec=$PREFIX/conservator-app|" \
    "$PREFIX/share/applications/$APP_ID.desktop" > "$SHARE/applications/$APP_ID.desktop"
cp "$PREFIX/share/metainfo/$APP_ID.metainfo.xml" "$SHARE/metainfo/"
for dir in "$PREFIX"/share/icons/hicolor/*/apps; do
  size=$(basename "$(dirname "$dir")")
  mkdir -p "$SHARE/icons/hicolor/$size/apps"
  cp "$dir"/* "$SHARE/icons/hicolor/$size/apps/"
done

# Refresh the desktop's caches when the tools exist (they are optional).
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true

# Remember what was installed where, for uninstall.sh.
cat > "$PREFIX/.installed" <<EOT
PREFIX=$PREFIX
BIN=$BIN
SHARE=$SHARE
EOT
echo "Conservator installed in $PREFIX"
echo "  start it from the applications menu, or run: $BIN/conservator-app"
case ":$PATH:" in *":$BIN:"*) ;; *) echo "  (add $BIN to your PATH to run 'conservator' from a terminal)";; esac
