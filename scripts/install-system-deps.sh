#!/usr/bin/env bash
# System packages the test suite needs (Debian): nothing yet beyond Python.
# Browser tests add Chromium here. Idempotent; skips when not root.
set -euo pipefail
exit 0
