#!/usr/bin/env bash
# Debian's Chromium for the browser tests (tests/test_web_browser.py drives it with
# Playwright via executable_path; Playwright's own browser download is not used).
# Idempotent: does nothing when chromium is already there; skips when not root.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "install-browser: not root, skipping chromium (browser tests will be skipped)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
command -v chromium
