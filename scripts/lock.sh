#!/usr/bin/env bash
# Regenerate requirements/constraints.txt: every dependency of warta (with the test, ray
# and train extras), direct and transitive, pinned by pip-tools' pip-compile from pyproject.toml.
# The Makefile installs with `-c requirements/constraints.txt`, so CI (.ci/run -> make
# test) gets the same versions every day. Run after changing a dependency in
# pyproject.toml:   make lock
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-python3}"
TOOLS="$(mktemp -d)"
trap 'rm -rf "$TOOLS"' EXIT
"$PY" -m venv "$TOOLS/venv"
"$TOOLS/venv/bin/pip" install --quiet pip==25.3 pip-tools==7.6.2
cd "$ROOT"
"$TOOLS/venv/bin/pip-compile" --quiet --strip-extras --extra test --extra ray --extra train \
  --no-emit-index-url --no-emit-find-links \
  --output-file requirements/constraints.txt pyproject.toml
{
  echo "# Pinned versions of every dependency of warta (test, ray and train extras included),"
  echo "# used as pip constraints by the Makefile (and so by CI). Regenerate with"
  echo "# 'make lock' (scripts/lock.sh: pip-tools 7.6.2 pip-compile on pyproject.toml)."
  cat requirements/constraints.txt
} >requirements/constraints.txt.new
mv requirements/constraints.txt.new requirements/constraints.txt
echo "lock: wrote requirements/constraints.txt ($(grep -c '==' requirements/constraints.txt) pins)"
