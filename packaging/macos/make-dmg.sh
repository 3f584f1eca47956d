#!/bin/sh
# Pack dist/Conservator.app (built by `make package` on a Mac) into dist/Conservator-<version>.dmg
# with a link to /Applications for drag-and-drop installation. macOS only (uses hdiutil).
set -eu
cd "$(dirname "$0")/../.."
APP=dist/Conservator.app
[ -d "$APP" ] || { echo "error: $APP not found: run 'make package' on macOS first" >&2; exit 2; }
VERSION=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$APP/Contents/Info.plist")
STAGE=build/packaging/dmg
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
OUT="dist/Conservator-$VERSION.dmg"
rm -f "$OUT.part.dmg"
hdiutil create -volname "Conservator $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO "$OUT.part.dmg"
mv "$OUT.part.dmg" "$OUT"
rm -rf "$STAGE"
echo "$OUT"
