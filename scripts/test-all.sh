#!/usr/bin/env bash
# Every check and test: formatting, lints, Rust tests, UI checks and tests, then the real app
# end to end under Xvfb. Expects what scripts/setup.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."

# The same build folder as `npm run app`, so the app is not compiled twice.
source scripts/build-env.sh
export PATH="$HOME/.cache/auralarchive/tools/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check
step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "cargo test"
cargo test --workspace --locked
step "npm run check"
npm run check
step "npm test"
npm test
step "UI pages in headless Chromium"
npm run test:ui
step "build the CLI and the app with its embedded UI"
cargo build --workspace --bins --locked
npx tauri build --debug --no-bundle
step "end-to-end tests under Xvfb with a window manager"
npm run e2e
