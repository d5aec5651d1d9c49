#!/usr/bin/env bash
# Runs the end-to-end tests on a private X display (Xvfb) with openbox as window manager. Without a
# window manager nothing turns a close request into WM_DELETE_WINDOW or moves the keyboard focus,
# which the desktop tests need; they start dunst as notification server on an app's own bus.
# Arguments go to `node --test` (default: every file in tests/e2e/).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in Xvfb openbox wmctrl xdotool xwininfo dbus-daemon dbus-send dunst dunstctl; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is missing; run scripts/setup.sh" >&2; exit 1; }
done

work=$(mktemp -d)
started=()
stop_all() {
  local i
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do
    kill "${started[i]}" 2>/dev/null || true
    wait "${started[i]}" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap stop_all EXIT

# Polls `check` every 0.1 s for up to 10 s; stops early, showing its log, when process `pid` dies.
wait_for() {
  local what=$1 pid=$2 log=$3
  shift 3
  for _ in $(seq 100); do
    "$@" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  "$@" && return 0
  echo "e2e: timed out waiting for $what; its output:" >&2
  cat "$log" >&2
  return 1
}

# -displayfd makes Xvfb pick a free display and write its number once it accepts clients, so
# parallel runs (other worktrees, CI) never race for a display number.
Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
started+=($!)
wait_for "Xvfb to accept clients" "$!" "$work/xvfb.log" test -s "$work/display"
export DISPLAY=":$(tr -d '[:space:]' <"$work/display")"

openbox --sm-disable >"$work/openbox.log" 2>&1 &
started+=($!)
# openbox manages the screen once it has set _NET_SUPPORTING_WM_CHECK, which wmctrl -m reads.
wm_ready() { wmctrl -m >/dev/null 2>&1; }
wait_for "openbox to manage $DISPLAY" "$!" "$work/openbox.log" wm_ready

# One file at a time: the desktop tests type into whichever window has the keyboard focus.
if (($#)); then
  node --test --test-concurrency=1 "$@"
else
  node --test --test-concurrency=1 tests/e2e/
fi
