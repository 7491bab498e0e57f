#!/usr/bin/env bash
# The README's first command: install the C libraries the build needs (if missing), build the broker
# in release mode and run it with sensible defaults (127.0.0.1:9092, data in ./data of the directory
# you run it from). Extra arguments go to `ringlog serve`, e.g. `scripts/serve.sh --listen 0.0.0.0:9092`.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
[ -x /opt/swift/usr/bin/swift ] && ! command -v swift >/dev/null && export PATH=/opt/swift/usr/bin:$PATH
bash "$root/scripts/install-build-deps.sh"
swift build -c release --product ringlog --package-path "$root"
exec "$root/.build/release/ringlog" serve "$@"
