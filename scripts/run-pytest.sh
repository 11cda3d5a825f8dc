#!/usr/bin/env bash
# Run the test suite; pytest's exit code 5 ("no tests collected") is a failure here,
# because a suite that ran nothing proves nothing.
set -uo pipefail
PY="${1:-python3}"
shift || true
"$PY" -m pytest "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "run-pytest: no tests were collected (pytest exit 5)" >&2
  exit 1
fi
exit "$rc"
