#!/usr/bin/env bash
# Installs the C libraries the build links (Debian 12, as root): the compression codecs the Records
# module uses through systemLibrary targets. Idempotent and quick when they are present.
#   apt: zlib1g-dev libsnappy-dev liblz4-dev libzstd-dev
set -euo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

wanted=()
for package in zlib1g-dev libsnappy-dev liblz4-dev libzstd-dev; do
	installed "$package" || wanted+=("$package")
done
[ ${#wanted[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "install-build-deps: missing ${wanted[*]}; install them as root (apt-get install ${wanted[*]})" >&2
	exit 2
fi
echo "install-build-deps: apt-get install ${wanted[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${wanted[@]}"
