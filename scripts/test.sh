#!/usr/bin/env bash
# The one test command: everything Ringlog promises, checked on this machine.
#
#   scripts/test.sh            (from any directory)
#
# 1. scripts/install-test-deps.sh      kcat, librdkafka-dev, Python clients, pytest (fast when present)
# 2. swift build -c release --product ringlog
# 3. swift test                        every Swift test target, debug build
# 4. python3 -m pytest -q tests/interop   real clients against the release binary, each test bounded
#
# Every step runs even if an earlier one failed (the interop step needs the release binary), then a
# summary prints. Exit status: 0 only if every step passed.
#
# Env: TEST_BUDGET_S (default 1680 = 28 min) caps the whole run; INTEROP_TEST_TIMEOUT_S (default 180)
# caps each interop test; PYTEST_ARGS adds pytest arguments (e.g. "-k kcat -x").
set -uo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." || exit 2
ROOT=$PWD
[ -x /opt/swift/usr/bin/swift ] && ! command -v swift >/dev/null && export PATH=/opt/swift/usr/bin:$PATH

BUDGET_S=${TEST_BUDGET_S:-1680}
INTEROP_TEST_TIMEOUT_S=${INTEROP_TEST_TIMEOUT_S:-180}
LOG_DIR=$ROOT/.build/test-logs
mkdir -p "$LOG_DIR"
started_s=$SECONDS

# The interop tests must exercise this checkout's binary, not a broker someone left running.
unset RINGLOG_EXTERNAL_BOOTSTRAP RINGLOG_KCAT_LD_LIBRARY_PATH
export RINGLOG_BIN=${RINGLOG_BIN:-$ROOT/.build/release/ringlog}

names=()
results=()
details=()

# run NAME LOGFILE CAP_S COMMAND...: runs with a time cap (never past the budget), tees output to LOGFILE.
run() {
	local name=$1 log=$2 cap_s=$3
	shift 3
	local left_s=$((BUDGET_S - (SECONDS - started_s)))
	((cap_s > left_s)) && cap_s=$left_s
	if ((cap_s <= 0)); then
		record "$name" "SKIP" "time budget of ${BUDGET_S}s used up"
		return 1
	fi
	echo
	echo "==== $name: $* (limit ${cap_s}s)"
	local t0=$SECONDS
	timeout --signal=TERM --kill-after=30 "$cap_s" "$@" 2>&1 | tee "$log"
	local status=${PIPESTATUS[0]}
	local took=$((SECONDS - t0))
	if ((status == 0)); then
		record "$name" "ok" "${took}s"
	elif ((status == 124)); then
		record "$name" "FAIL" "${took}s, stopped at its ${cap_s}s limit"
	else
		record "$name" "FAIL" "${took}s, exit status $status"
	fi
	return "$status"
}

record() {
	names+=("$1")
	results+=("$2")
	details+=("$3")
}

run "test dependencies" "$LOG_DIR/deps.log" 600 bash scripts/install-test-deps.sh
built=0
run "release build" "$LOG_DIR/build-release.log" 900 swift build -c release --product ringlog && built=1
run "swift test" "$LOG_DIR/swift-test.log" 900 swift test
if ((built)); then
	# shellcheck disable=SC2086
	run "interop (pytest)" "$LOG_DIR/interop.log" 900 \
		python3 -m pytest -q tests/interop --timeout="$INTEROP_TEST_TIMEOUT_S" ${PYTEST_ARGS:-}
else
	record "interop (pytest)" "SKIP" "no release binary"
fi

echo
echo "==== summary ($((SECONDS - started_s))s; logs in $LOG_DIR)"
failed=0
for i in "${!names[@]}"; do
	printf '%-20s %-5s %s\n' "${names[$i]}" "${results[$i]}" "${details[$i]}"
	[ "${results[$i]}" = ok ] || failed=1
done
if [ -s "$LOG_DIR/swift-test.log" ]; then
	grep -E "Executed [0-9]+ tests?|Test run with [0-9]+ tests?" "$LOG_DIR/swift-test.log" | tail -n 2 | sed 's/^/swift test: /'
fi
if [ -s "$LOG_DIR/interop.log" ]; then
	grep -E "[0-9]+ (passed|failed|error)" "$LOG_DIR/interop.log" | tail -n 1 | sed 's/^/interop:    /'
fi
if ((failed)); then
	echo "RESULT: FAILED"
	exit 1
fi
echo "RESULT: all passed"
