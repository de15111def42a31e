#!/usr/bin/env bash
# What the web tests need beyond pip: Debian's Chromium (and its driver) for the end-to-end browser tests.
# Idempotent and quiet: does nothing when chromium is already installed. Playwright drives this system
# browser (executable_path=/usr/bin/chromium); never `playwright install`, which would download one.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
echo "web-deps: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium installed')"
