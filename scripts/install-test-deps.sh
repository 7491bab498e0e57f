#!/usr/bin/env bash
# Installs what the interop tests and the benchmark need, on Debian 12 with the Swift toolchain, as root.
# Idempotent: when everything is already present it only checks (a second or so) and touches nothing.
#
#   apt: kcat (Debian's kcat 1.7.1 on librdkafka 2.0.2; "kafkacat" is its transitional name),
#        librdkafka-dev (headers + lib for bench/kbench), python3-pip (only if `python3 -m pip` is missing),
#   and, through install-build-deps.sh, the codec -dev libraries the build links
#   pip: confluent-kafka kafka-python aiokafka pytest pytest-timeout (into the python3 on PATH)
set -euo pipefail

log() { echo "install-test-deps: $*" >&2; }

bash "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/install-build-deps.sh"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

apt_wanted=()
installed kcat || apt_wanted+=(kcat)
installed kafkacat || apt_wanted+=(kafkacat)
installed librdkafka-dev || apt_wanted+=(librdkafka-dev)
python3 -m pip --version >/dev/null 2>&1 || apt_wanted+=(python3-pip)

if [ ${#apt_wanted[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		log "missing ${apt_wanted[*]} and not root; run as root"
		exit 2
	fi
	log "apt-get install ${apt_wanted[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${apt_wanted[@]}"
else
	log "apt packages present (kcat, kafkacat, librdkafka-dev, pip)"
fi

# Import names differ from distribution names. find_spec looks without importing, so the check is fast.
read -r -a pip_wanted <<<"$(python3 - <<'PY'
import importlib.util
wanted = {"confluent_kafka": "confluent-kafka", "kafka": "kafka-python", "aiokafka": "aiokafka",
          "pytest": "pytest", "pytest_timeout": "pytest-timeout"}
print(" ".join(dist for module, dist in wanted.items() if importlib.util.find_spec(module) is None))
PY
)"

if [ ${#pip_wanted[@]} -gt 0 ]; then
	log "pip install ${pip_wanted[*]} (python: $(command -v python3))"
	pip_opts=(--quiet --disable-pip-version-check --root-user-action=ignore)
	# Debian's own /usr/bin/python3 refuses pip installs (PEP 668); pyenv's python does not.
	if ! python3 -m pip install "${pip_opts[@]}" "${pip_wanted[@]}"; then
		log "retrying with --break-system-packages (externally managed python)"
		python3 -m pip install "${pip_opts[@]}" --break-system-packages "${pip_wanted[@]}"
	fi
else
	log "python packages present (confluent-kafka, kafka-python, aiokafka, pytest, pytest-timeout)"
fi
