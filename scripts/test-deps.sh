#!/usr/bin/env bash
# Make sure the real components the test suite runs are installed: the CNCF distribution registry, skopeo (the
# independent digest oracle), htpasswd (bcrypt users for Basic auth), openssl (test CA and token keys), git, and podman
# (its Docker-compatible API service is the engine `basepin doctor` is tested against; as root it needs no uidmap, and
# with the vfs storage driver no fuse-overlayfs: its own dependencies conmon and crun suffice; about 15 s to install),
# and pre-commit (the hooks in .pre-commit-hooks.yaml are tested with it).
# Installs missing Debian packages when run as root; otherwise says what to install and fails (unless only podman is
# missing: then the engine tests skip, saying why).
set -euo pipefail

declare -A package_of=(
  [docker-registry]=docker-registry
  [skopeo]=skopeo
  [htpasswd]=apache2-utils
  [openssl]=openssl
  [git]=git
  [curl]=curl
  [podman]=podman
  [pre-commit]=pre-commit
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
  # Without podman only the engine tests skip (saying why); anything else missing fails the run.
  [ "${missing[*]}" = podman ] || exit 1
fi
