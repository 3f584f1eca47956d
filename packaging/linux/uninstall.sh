#!/bin/sh
# Remove an installation made by install.sh (run the copy inside the installed folder).
# Records databases and settings in your user folders are kept.
set -eu
APP_ID=io.github.conservator.Conservator
HERE=$(cd "$(dirname "$0")" && pwd)
[ -f "$HERE/.installed" ] || { echo "error: $HERE was not installed by install.sh" >&2; exit 2; }
PREFIX=$(sed -n 's/^PREFIX=//p' "$HERE/.installed")
BIN=$(sed -n 's/^BIN=//p' "$HERE/.installed")
SHARE=$(sed -n 's/^SHARE=//p' "$HERE/.installed")
for exe in conservator-app conservator; do
  [ "$(readlink "$BIN/$exe" 2>/dev/null)" = "$PREFIX/$exe" ] && rm -f "$BIN/$exe"
done
rm -f "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml"
rm -f "$SHARE"/icons/hicolor/*/apps/"$APP_ID".png "$SHARE"/icons/hicolor/scalable/apps/"$APP_ID".svg
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$SHARE/applications" || true
case "$PREFIX" in
  */conservator*) rm -rf "$PREFIX" ;;
  *) echo "not removing $PREFIX (unexpected name); delete it yourself" >&2 ;;
esac
echo "Conservator removed (your records and settings are kept)"
