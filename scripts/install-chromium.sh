#!/usr/bin/env bash
# The browser test drives Debian's Chromium (test tools cannot download browsers here).
# Installs it with apt when /usr/bin/chromium is missing; needs root (or sudo) for that.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing Debian's chromium for the browser test…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium > /dev/null
/usr/bin/chromium --version 2>/dev/null | grep -v '^\[' || true
