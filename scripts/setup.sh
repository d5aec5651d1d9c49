#!/usr/bin/env bash
# Installs what building and testing AuralArchive needs and is missing: Debian/Ubuntu packages
# (when run as root or with sudo), Rust components, npm packages and tauri-driver.
set -euo pipefail
cd "$(dirname "$0")/.."

tools="$HOME/.cache/auralarchive/tools"
packages=(
  libwebkit2gtk-4.1-dev build-essential pkg-config curl file ca-certificates libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev xvfb x11-utils webkit2gtk-driver chromium sqlite3
  # aural-media: ffprobe for probing, ffmpeg to make the real audio its tests read
  ffmpeg
  # scripts/e2e.sh: a window manager, X tools, a private D-Bus and a notification server for the
  # desktop tests
  openbox xdotool wmctrl dbus-daemon dbus-bin dunst
  # crates/aural-clients tests: the real download clients on loopback
  qbittorrent-nox transmission-daemon deluged deluge-web nzbget
)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "==> apt-get install ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || { echo "Rust is required: install it with rustup (see README)" >&2; exit 1; }
if command -v rustup >/dev/null; then
  rustup component add rustfmt clippy >/dev/null
fi

command -v node >/dev/null || { echo "Node.js 20 or newer is required: https://nodejs.org/" >&2; exit 1; }
echo "==> npm ci"
npm ci --no-audit --no-fund

if [ ! -x "$tools/bin/tauri-driver" ]; then
  echo "==> cargo install tauri-driver"
  cargo install tauri-driver --version '^2' --locked --root "$tools"
fi
