#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, if they are missing:
# Xvfb, xauth and Mesa GL for the Kivy window tests, and the PostgreSQL 15
# server for the scale-path tests. Needs root (or sudo) and apt-get; without
# them it says what to install and carries on (those tests then skip, or fail
# under KASSA_REQUIRE_ALL=1).
set -euo pipefail

PACKAGES=(xvfb xauth libgl1-mesa-dri libgl1 postgresql)

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: apt-get not found; please install: ${missing[*]}" >&2
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "system-deps: not root; please install: ${missing[*]}" >&2
        exit 0
    fi
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a default cluster on install; the tests run their own.
if command -v pg_ctlcluster >/dev/null 2>&1; then
    $SUDO pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
fi
