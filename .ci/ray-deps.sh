#!/usr/bin/env bash
# Install the `ray` extra (Ray Data, ~240 MB, ~25-60 s from PyPI) into .venv so tests/test_engines.py runs
# the Ray engine in local mode; without it that one test skips. Idempotent and quiet.
#   .ci/ray-deps.sh          (after .venv exists, before pytest)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! .venv/bin/python -c "import ray.data" >/dev/null 2>&1; then
  .venv/bin/pip install -q -e '.[ray]'
fi
