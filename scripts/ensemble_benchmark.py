#!/usr/bin/python3
"""Ensemble benchmark: ZooScope against Apache ZooKeeper 3.8, 3 members each on loopback, same machine, same run.

    scripts/ensemble_benchmark.py [--build-dir build-release] [--kills 10] [--tick-time 2000] [--write-docs]

1. Failover: the client talks to the two followers only; the leader is SIGKILLed; the time from the kill to the first
   write acknowledged through a surviving member, median over --kills kills (the killed member is restarted and
   the ensemble is back to serving between kills). Both kinds use the same zoo.cfg (tickTime, initLimit, syncLimit).
2. Writes: zooscope-bench against a follower, 100% setData of 100 B, at 8 sessions x 64 outstanding and at 1 x 1;
   writes/s and the CPU time of all three member processes per write.

Prints a Markdown table; --write-docs puts it in docs/performance.md between the ensemble markers.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import zkensemble  # noqa: E402
from kazoo.client import KazooClient  # noqa: E402
from kazoo.exceptions import KazooException, NodeExistsError  # noqa: E402
from kazoo.retry import KazooRetry  # noqa: E402

KINDS = ("zooscope", "apache")
BEGIN_MARKER = "<!-- ensemble-benchmark:begin -->"
END_MARKER = "<!-- ensemble-benchmark:end -->"


def log(message):
    sys.stderr.write("[ensemble-bench] %s\n" % message)
    sys.stderr.flush()


def failover_seconds(ensemble, kill_number):
    leader = ensemble.wait_serving()
    survivors = [m for m in ensemble.members if m is not leader]
    connection_retry = KazooRetry(max_tries=-1, delay=0.01, backoff=1, max_jitter=0.01, max_delay=0.02)
    client = KazooClient(hosts=",".join(m.connect_string for m in survivors), timeout=10.0,
                         connection_retry=connection_retry)
    client.start(timeout=30)
    try:
        client.ensure_path("/failover")
        client.create("/failover/warm-%d" % kill_number, b"x")
        leader.kill()
        killed_at = time.monotonic()
        path = "/failover/after-%d" % kill_number
        while True:
            try:
                client.create(path, b"x")
                break
            except NodeExistsError:
                break  # an earlier attempt went through; its reply was lost with the connection
            except KazooException:
                if time.monotonic() - killed_at > 60:
                    raise
                time.sleep(0.005)
        elapsed = time.monotonic() - killed_at
    finally:
        client.stop()
        client.close()
    leader.start()
    ensemble.wait_serving()
    return elapsed


def run_bench(bench, member, pids, sessions, outstanding, duration):
    command = [bench, "--connect", member.connect_string, "--sessions", str(sessions),
               "--outstanding", str(outstanding), "--read-percent", "0", "--value-size", "100",
               "--duration", str(duration), "--warmup", "2", "--server-pid", ",".join(str(p) for p in pids)]
    output = subprocess.run(command, check=True, capture_output=True, text=True, timeout=600).stdout
    return json.loads(output)


def measure(kind, args):
    extra = {"tickTime": str(args.tick_time), "initLimit": "10", "syncLimit": "5"}
    ensemble = zkensemble.ZkEnsemble(kind, 3, binary=args.server_binary, extra_cfg=extra)
    result = {"kind": kind}
    with ensemble:
        kills = []
        for number in range(args.kills):
            seconds = failover_seconds(ensemble, number)
            kills.append(seconds)
            log("%s: kill %d -> first write after %.3f s" % (kind, number + 1, seconds))
        result["failover"] = kills
        leader = ensemble.wait_serving()
        follower = next(m for m in ensemble.members if m is not leader)
        pids = [m.pid for m in ensemble.members]
        for label, sessions, outstanding in (("8x64", 8, 64), ("1x1", 1, 1)):
            report = run_bench(args.bench_binary, follower, pids, sessions, outstanding, args.duration)
            result[label] = report
            log("%s %s: %.0f writes/s, %.1f us CPU/write (3 members)" % (
                kind, label, report["ops_per_sec"], report["server_cpu_us_per_op"]))
    return result


def table(results):
    z, a = results["zooscope"], results["apache"]
    lines = ["| measure | ZooScope | Apache ZooKeeper 3.8 | ratio ZooScope/Apache |", "|---|---|---|---|"]
    zf, af = statistics.median(z["failover"]), statistics.median(a["failover"])
    lines.append("| failover: SIGKILL of the leader to the first acknowledged write, median of %d (s) | %.3f | %.3f | "
                 "%.2f |" % (len(z["failover"]), zf, af, zf / af))
    for label in ("8x64", "1x1"):
        zr, ar = z[label], a[label]
        lines.append("| writes/s, setData 100 B, %s sessions x outstanding, via a follower | %.0f | %.0f | %.2f |"
                     % (label, zr["ops_per_sec"], ar["ops_per_sec"], zr["ops_per_sec"] / ar["ops_per_sec"]))
        lines.append("| CPU per write, all 3 members, %s (us) | %.1f | %.1f | %.2f |"
                     % (label, zr["server_cpu_us_per_op"], ar["server_cpu_us_per_op"],
                        zr["server_cpu_us_per_op"] / ar["server_cpu_us_per_op"]))
        lines.append("| write latency p50 / p99, %s (us) | %.0f / %.0f | %.0f / %.0f | %.2f |"
                     % (label, zr["p50_us"], zr["p99_us"], ar["p50_us"], ar["p99_us"], zr["p50_us"] / ar["p50_us"]))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build-release"))
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--tick-time", type=int, default=2000)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    args.server_binary = os.path.join(args.build_dir, "app", "zooscope-server")
    args.bench_binary = os.path.join(args.build_dir, "app", "bench", "zooscope-bench")
    started = time.monotonic()
    results = {kind: measure(kind, args) for kind in KINDS}
    text = table(results)
    command = "scripts/ensemble_benchmark.py " + " ".join(sys.argv[1:])
    section = "%s\n\n%s\n\nCommand: `%s` (%.0f s, tickTime %d).\n\n" % (BEGIN_MARKER, text, command.strip(),
                                                                      time.monotonic() - started, args.tick_time)
    print(text)
    print(json.dumps({kind: {"failover": r["failover"]} for kind, r in results.items()}))
    if args.write_docs:
        path = os.path.join(ROOT, "docs", "performance.md")
        with open(path) as f:
            doc = f.read()
        if BEGIN_MARKER in doc:
            before = doc[:doc.index(BEGIN_MARKER)]
            after = doc[doc.index(END_MARKER):]
            doc = before + section + after
        else:
            doc += "\n## Ensemble (3 members)\n\n" + section + END_MARKER + "\n"
        with open(path, "w") as f:
            f.write(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
