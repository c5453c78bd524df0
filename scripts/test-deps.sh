#!/usr/bin/env bash
# Make sure the real components the test suite runs are installed: the CNCF distribution registry, skopeo (the
# independent digest oracle), htpasswd (bcrypt users for Basic auth), openssl (test CA and token keys) and git.
# Installs missing Debian packages when run as root; otherwise says what to install and fails.
set -euo pipefail

declare -A package_of=(
  [docker-registry]=docker-registry
  [skopeo]=skopeo
  [htpasswd]=apache2-utils
  [openssl]=openssl
  [git]=git
  [curl]=curl
)
missing=()
for command in "${!package_of[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${package_of[$command]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test-deps: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "test-deps: the tests need these Debian packages: ${missing[*]}" >&2
  echo "test-deps: install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
