"""Turns kbench JSON lines (labels "broker|run|rep") into a markdown table, brokers side by side.

    python3 bench/table.py results.jsonl ringlog tansu
"""
import json
import statistics
import sys

RUNS = ["produce 100 B", "consume 100 B", "produce 1 KiB", "consume 1 KiB"]


def load(path):
    by_key = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            row = json.loads(line)
            broker, run, _rep = row["label"].split("|")
            by_key.setdefault((broker, run), []).append(row)
    return by_key


def median(rows, pick):
    values = [v for v in (pick(r) for r in rows) if v is not None]
    return statistics.median(values) if values else None


def fmt(value, spec):
    return "–" if value is None else format(value, spec)


def complete(row):
    if row["mode"] == "produce":
        return row["delivered"] == row["requested"] and row["failed"] == 0
    return row["consumed"] >= row["requested"] and row["errors"] == 0


def main():
    path, brokers = sys.argv[1], sys.argv[2:]
    by_key = load(path)
    print("| run | broker | msgs/s | MB/s | p50 delivery ms | p99 delivery ms | broker CPU s | complete |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for run in RUNS:
        for broker in brokers:
            rows = by_key.get((broker, run), [])
            if not rows:
                print(f"| {run} | {broker} | – | – | – | – | – | no data |")
                continue
            latency = lambda r, p: r.get("delivery_latency_us", {}).get(p) if "delivery_latency_us" in r else None
            p50 = median(rows, lambda r: latency(r, "p50"))
            p99 = median(rows, lambda r: latency(r, "p99"))
            print(f"| {run} | {broker} | {fmt(median(rows, lambda r: r['msgs_per_s']), ',.0f')} "
                  f"| {fmt(median(rows, lambda r: r['mb_per_s']), '.1f')} "
                  f"| {fmt(p50 and p50 / 1000, '.1f')} | {fmt(p99 and p99 / 1000, '.1f')} "
                  f"| {fmt(median(rows, lambda r: r.get('broker_cpu_s')), '.2f')} "
                  f"| {sum(map(complete, rows))}/{len(rows)} |")


if __name__ == "__main__":
    main()
