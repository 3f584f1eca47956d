#!/bin/sh
# Install the Debian/Ubuntu packages that headless Qt, the PDF tests (poppler; a CJK TrueType
# font, fonts-droid-fallback, for Chinese/Japanese/Korean text in reports) and the
# package build (binutils: objdump/strip for PyInstaller) need, when missing.
# Safe to run repeatedly: it does nothing when everything is there. Needs root (or sudo) only
# when something must be installed.
set -eu
PKGS="libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0
libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 poppler-utils fonts-dejavu-core fonts-droid-fallback
binutils"
if ! command -v dpkg >/dev/null 2>&1; then
  echo "system-deps: not a Debian-like system; install Qt's xcb/EGL libraries and poppler-utils yourself"
  exit 0
fi
missing=""
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "system-deps: installing$missing"
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "system-deps: need root to install:$missing" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
