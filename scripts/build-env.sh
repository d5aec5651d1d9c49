# Sourced by every script and npm script that runs cargo: one build folder for the app, the tests
# and every worktree, so a newcomer compiles everything once (a cold build takes about 8 minutes on
# 2 cores). Line tables keep it near 3 GB.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/auralarchive/target}"
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-line-tables-only}"
