#!/usr/bin/env bash
# System packages the test suite needs (Debian). Idempotent; skips when not root.
set -euo pipefail
bash "$(dirname "$0")/install-browser.sh"
