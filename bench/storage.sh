#!/usr/bin/env bash
# Storage figures for BENCHMARKS.md (storage section), all on the disk that holds bench/out:
#   1. dd if=/dev/zero bs=1M conv=fdatasync        (the disk's sequential write ceiling with a final sync)
#   2. kbench produce 1 KiB messages, acks=1 and acks=-1, one partition  (append MB/s through the broker)
#   3. kbench consume of the acks=1 topic, warm page cache, then cold (after drop_caches if permitted),
#      with the broker's CPU seconds, so CPU per GiB served follows; then warm again with
#      ringlog.fetch.sendfile=false (record bytes copied through user space) for the zero-copy saving
#   4. start-up time with a large data set (PARTITIONS partitions, DATASET_MB in all), after a clean
#      stop (SIGTERM) and after kill -9 (crash recovery scans each partition's active segment)
#
#   bench/storage.sh          Env: N (1000000 msgs of 1 KiB), DD_MB (1024), DATASET_MB (10240),
#                             PARTITIONS (100), SEGMENT_BYTES (1073741824), SKIP_BUILD=1,
#                             ONLY_STARTUP=1 (skip 1-3)
# Every broker it starts is stopped on exit; the data it writes is removed.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
OUT=$ROOT/bench/out
DATA=$OUT/storage-data
N=${N:-1000000}
DD_MB=${DD_MB:-1024}
DATASET_MB=${DATASET_MB:-10240}
PARTITIONS=${PARTITIONS:-100}
SEGMENT_BYTES=${SEGMENT_BYTES:-1073741824}
KBENCH=$OUT/kbench
RINGLOG_BIN=${RINGLOG_BIN:-$ROOT/.build/release/ringlog}
START_WAIT_S=600
RESULTS=$OUT/storage-$(date +%Y%m%d-%H%M%S).jsonl
[ -x /opt/swift/usr/bin/swift ] && ! command -v swift >/dev/null && export PATH=/opt/swift/usr/bin:$PATH

mkdir -p "$OUT"
rm -rf "$DATA"
mkdir -p "$DATA"
: >"$RESULTS"
pid=
cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
	rm -rf "$DATA"
}
trap cleanup EXIT

if [ "${SKIP_BUILD:-0}" != 1 ]; then swift build -c release --product ringlog >&2; fi
CC=${CC:-$(command -v cc || command -v clang)}
[ -x "$KBENCH" ] || "$CC" -O2 -o "$KBENCH" "$ROOT/../shared/bench/kbench.c" -lrdkafka

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BOOT=127.0.0.1:$PORT

# start_broker: returns once the port accepts; START_MS = the milliseconds that took.
start_broker() {
	local t0 t1
	t0=$(date +%s%N)
	"$RINGLOG_BIN" serve --listen "$BOOT" --data "$DATA/broker" --config "$DATA/server.properties" \
		>>"$DATA/broker.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 $((START_WAIT_S * 100))); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
			t1=$(date +%s%N)
			START_MS=$(((t1 - t0) / 1000000))
			return
		fi
		sleep 0.01
	done
	echo "broker did not start" >&2
	exit 1
}
stop_broker() { kill -"${1:-TERM}" "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

echo "log.segment.bytes=$SEGMENT_BYTES" >"$DATA/server.properties"

echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM; disk: $(df -h "$OUT" | awk 'NR==2{print $1", "$2" total, "$4" free"}')"
if [ "${ONLY_STARTUP:-0}" != 1 ]; then
echo "## 1. dd"
echo "+ dd if=/dev/zero of=$DATA/dd.bin bs=1M count=$DD_MB conv=fdatasync"
dd if=/dev/zero of="$DATA/dd.bin" bs=1M count="$DD_MB" conv=fdatasync 2>&1 | tail -1
rm -f "$DATA/dd.bin"

echo "## 2-3. produce and consume through the broker"
start_broker
for acks in 1 -1; do
	echo "+ kbench produce -b $BOOT -t acks$acks -p 1 -n $N -s 1024 -a $acks -l 5 --batch-size 1000000 --broker-pid $pid"
	"$KBENCH" produce -b "$BOOT" -t "acks$acks" -p 1 -n "$N" -s 1024 -a "$acks" -l 5 --batch-size 1000000 \
		--broker-pid "$pid" --label "produce acks=$acks" --json-out "$RESULTS" | grep -E 'MB/s|broker pid'
done
echo "+ kbench consume -b $BOOT -t acks1 -n $N -s 1024 --broker-pid $pid   (warm)"
"$KBENCH" consume -b "$BOOT" -t acks1 -n "$N" -s 1024 --no-create --broker-pid "$pid" --label "consume warm" \
	--json-out "$RESULTS" | grep -E 'MB/s|broker pid'
sync
if echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; then
	echo "+ echo 3 > /proc/sys/vm/drop_caches; kbench consume ... (cold)"
	"$KBENCH" consume -b "$BOOT" -t acks1 -n "$N" -s 1024 --no-create --broker-pid "$pid" --label "consume cold" \
		--json-out "$RESULTS" | grep -E 'MB/s|broker pid'
else
	echo "(drop_caches not permitted: no cold figure)"
fi
stop_broker TERM
# The same warm read without zero-copy: record bytes pread into memory and written to the socket.
echo "ringlog.fetch.sendfile=false" >>"$DATA/server.properties"
start_broker
echo "+ kbench consume -b $BOOT -t acks1 -n $N -s 1024 --broker-pid $pid   (warm, ringlog.fetch.sendfile=false)"
"$KBENCH" consume -b "$BOOT" -t acks1 -n "$N" -s 1024 --no-create --broker-pid "$pid" --label "consume warm, no sendfile" \
	--json-out "$RESULTS" | grep -E 'MB/s|broker pid'
stop_broker TERM
sed -i '/ringlog.fetch.sendfile/d' "$DATA/server.properties"
rm -rf "$DATA/broker"
fi

echo "## 4. start-up with $DATASET_MB MB in $PARTITIONS partitions, log.segment.bytes=$SEGMENT_BYTES"
start_broker
count=$((DATASET_MB * 1000000 / 1024))
echo "+ kbench produce -b $BOOT -t big -p $PARTITIONS -n $count -s 1024 -a 1 -l 20 --rr"
"$KBENCH" produce -b "$BOOT" -t big -p "$PARTITIONS" -n "$count" -s 1024 -a 1 -l 20 --batch-size 1000000 --rr -T 1800 \
	--label "dataset" --json-out "$RESULTS" | grep -E 'MB/s'
du -sh "$DATA/broker" | sed 's/^/data set on disk: /'
stop_broker TERM
start_broker; ms=$START_MS
echo "start-up after a clean stop: $ms ms until the port accepts; $(grep -o 'opened [0-9]* partition log(s) in [0-9]* ms' "$DATA/broker.log" | tail -1)"
stop_broker KILL
start_broker; ms=$START_MS
echo "start-up after kill -9:      $ms ms until the port accepts; $(grep -o 'opened [0-9]* partition log(s) in [0-9]* ms' "$DATA/broker.log" | tail -1)"
sync
if echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; then
	stop_broker KILL
	echo 3 >/proc/sys/vm/drop_caches
	start_broker; ms=$START_MS
	echo "start-up after kill -9, cold page cache: $ms ms; $(grep -o 'opened [0-9]* partition log(s) in [0-9]* ms' "$DATA/broker.log" | tail -1)"
fi
stop_broker TERM
echo "JSON lines: $RESULTS"
