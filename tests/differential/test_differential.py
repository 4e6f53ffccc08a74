#!/usr/bin/python3
"""Differential test: the same seeded scripts against Apache ZooKeeper 3.8 and against zooscope-server.

    python3 test_differential.py --binary build/app/zooscope-server --seeds 1-20 --ops 400
    python3 test_differential.py --kind apache --against apache --seeds 1-5 --ops 400     # determinism check
    python3 test_differential.py --compare apache-7.json zooscope-7.json                  # two saved recordings

Each side's server is started once (tests/integration/zkserver.py) and runs every seed, one after the other, each
seed under its own root /s<seed>; the two sides run concurrently. The normalized recordings are compared seed by
seed; for every differing seed the first differences are printed with the script step that caused them and the
commands that replay that seed alone. Exit status: 0 all equal, 1 some seed differs, 2 the test could not run.
"""

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

import differential  # noqa: E402


def parse_seeds(text):
    seeds = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-", 1)
            seeds.extend(range(int(a), int(b) + 1))
        else:
            seeds.append(int(part))
    return seeds


class Side(threading.Thread):
    """Starts one server and runs all seeds on it."""

    def __init__(self, label, kind, binary, seeds, ops, container_check_ms):
        super().__init__(name="side-" + label, daemon=True)
        self.label, self.kind, self.binary = label, kind, binary
        self.seeds, self.ops = seeds, ops
        self.container_check_ms = container_check_ms
        self.recordings = {}   # seed -> recording dict
        self.errors = {}       # seed -> error text
        self.fatal = None
        self.seconds = 0.0
        self.startup_seconds = 0.0
        self.server_logs = ""

    def run(self):
        t0 = time.monotonic()
        server = None
        try:
            server = differential.start_server(self.kind, self.binary, self.container_check_ms)
        except Exception as e:  # noqa: BLE001
            self.fatal = "could not start %s server: %s" % (self.kind, e)
            self.seconds = time.monotonic() - t0
            return
        self.startup_seconds = time.monotonic() - t0
        try:
            for seed in self.seeds:
                if not server.is_running():
                    self.errors[seed] = "%s server is not running any more (exit code %s)" % (
                        self.kind, server.proc.returncode)
                    continue
                try:
                    rec = differential.run_seed(server.host, server.port, seed, self.ops)
                    rec["kind"] = self.kind
                    self.recordings[seed] = rec
                except Exception:  # noqa: BLE001
                    self.errors[seed] = traceback.format_exc(limit=6)
        finally:
            if not server.is_running() or self.errors:
                self.server_logs = server.logs(max_chars=4000)
            server.__exit__(None, None, None)
            self.seconds = time.monotonic() - t0


def script_step(recording, step_index):
    script = recording.get("script") or []
    if 0 <= step_index < len(script):
        return json.dumps(script[step_index], ensure_ascii=False, sort_keys=True)
    return "(after the script)"


def report_differences(seed, expected, got, exp_label, got_label, zxid_mode, max_diffs, out=sys.stdout):
    diffs = differential.diff_recordings(expected, got, zxid_mode, limit=max_diffs)
    if not diffs:
        return False
    a_n, b_n = len(expected["records"]), len(got["records"])
    out.write("seed %d: DIFFERENT (%d vs %d records; first %d difference(s))\n" % (seed, a_n, b_n, len(diffs)))
    for i, x, y in diffs:
        ref = x if x is not None else y
        out.write("  record #%d  step %s  session %s\n" % (i, ref.get("step"), ref.get("session")))
        out.write("    script:   %s\n" % script_step(expected, ref.get("step", -1)))
        out.write("    expected (%s): %s\n" % (exp_label, differential.describe(x)))
        out.write("    got      (%s): %s\n" % (got_label, differential.describe(y)))
    return True


def replay_commands(seed, ops, kind, against, binary):
    script = os.path.join(HERE, "differential.py")
    cmds = []
    for label, k in (("a", kind), ("b", against)):
        cmd = "/usr/bin/python3 %s --seed %d --ops %d --kind %s" % (script, seed, ops, k)
        if k == "zooscope":
            cmd += " --binary %s" % binary
        cmd += " --out /tmp/diff-%s-%s-%d.json" % (label, k, seed)
        cmds.append(cmd)
    cmds.append("/usr/bin/python3 %s --compare /tmp/diff-a-%s-%d.json /tmp/diff-b-%s-%d.json"
                % (os.path.abspath(__file__), kind, seed, against, seed))
    return cmds


def compare_files(a_path, b_path, zxid_mode, max_diffs):
    with open(a_path) as f:
        a = json.load(f)
    with open(b_path) as f:
        b = json.load(f)
    seed = a.get("seed", -1)
    if report_differences(seed, a, b, a.get("kind", a_path), b.get("kind", b_path), zxid_mode, max_diffs):
        return 1
    print("seed %s: same (%d records)" % (seed, len(a["records"])))
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", help="zooscope-server executable (needed when a side is zooscope)")
    p.add_argument("--seeds", default="1-20", help="e.g. 1-20 or 3,7,9-12 (default 1-20)")
    p.add_argument("--ops", type=int, default=400)
    p.add_argument("--kind", choices=("apache", "zooscope"), default="apache", help="reference side")
    p.add_argument("--against", choices=("apache", "zooscope"), default="zooscope", help="side under test")
    p.add_argument("--zxid", choices=("rel", "rank"), default="rel",
                   help="compare zxids relative to the seed's start (exact numbering, default) or by rank")
    p.add_argument("--max-diffs", type=int, default=5, help="differences printed per seed")
    p.add_argument("--keep", metavar="DIR", help="write every recording to DIR/<side>-<seed>.json")
    p.add_argument("--container-check-ms", type=int, default=differential.CONTAINER_CHECK_MS)
    p.add_argument("--compare", nargs=2, metavar=("A.json", "B.json"), help="only compare two saved recordings")
    args = p.parse_args(argv)

    if args.compare:
        return compare_files(args.compare[0], args.compare[1], args.zxid, args.max_diffs)

    if "zooscope" in (args.kind, args.against):
        if not args.binary or not os.path.isfile(args.binary) or not os.access(args.binary, os.X_OK):
            sys.stderr.write("test_differential: zooscope-server binary %r is not an executable file\n" % args.binary)
            return 2
    seeds = parse_seeds(args.seeds)
    if not seeds:
        sys.stderr.write("test_differential: no seeds\n")
        return 2

    t0 = time.monotonic()
    exp_label = args.kind + ("#1" if args.kind == args.against else "")
    got_label = args.against + ("#2" if args.kind == args.against else "")
    a = Side(exp_label, args.kind, args.binary, seeds, args.ops, args.container_check_ms)
    b = Side(got_label, args.against, args.binary, seeds, args.ops, args.container_check_ms)
    a.start()
    b.start()
    a.join()
    b.join()
    elapsed = time.monotonic() - t0

    status = 0
    for side in (a, b):
        if side.fatal:
            sys.stderr.write("test_differential: %s: %s\n" % (side.label, side.fatal))
            status = 2
    if status:
        return status

    keep = args.keep
    differing = []
    errored = []
    for seed in seeds:
        ra, rb = a.recordings.get(seed), b.recordings.get(seed)
        for side, rec in ((a, ra), (b, rb)):
            if rec is None:
                errored.append(seed)
                print("seed %d: ERROR on %s:\n%s" % (seed, side.label, side.errors.get(seed, "(no recording)")))
        if ra is None or rb is None:
            continue
        if report_differences(seed, ra, rb, exp_label, got_label, args.zxid, args.max_diffs):
            differing.append(seed)
            if keep is None:
                keep = tempfile.mkdtemp(prefix="differential-")
            print("  replay:")
            for cmd in replay_commands(seed, args.ops, args.kind, args.against, args.binary):
                print("    " + cmd)
    if keep:
        os.makedirs(keep, exist_ok=True)
        for side in (a, b):
            for seed, rec in side.recordings.items():
                if args.keep or seed in differing:
                    with open(os.path.join(keep, "%s-%d.json" % (side.label.replace("#", ""), seed)), "w") as f:
                        json.dump(rec, f, ensure_ascii=False, sort_keys=True, indent=0)
        print("recordings written to %s" % keep)
    for side in (a, b):
        if side.server_logs and (errored or side.errors):
            print(side.server_logs)

    n_records = sum(len(r["records"]) for r in a.recordings.values())
    print("differential %s vs %s: %d seeds x %d ops, %d records per side; %d same, %d different%s; "
          "%.1f s (%s %.1f s incl. %.1f s start-up, %s %.1f s incl. %.1f s start-up)"
          % (exp_label, got_label, len(seeds), args.ops, n_records,
             len(seeds) - len(differing) - len(set(errored)), len(differing),
             (", %d errors" % len(set(errored))) if errored else "", elapsed,
             a.label, a.seconds, a.startup_seconds, b.label, b.seconds, b.startup_seconds))
    if differing:
        print("differing seeds: %s" % ",".join(str(s) for s in differing))
    if errored:
        return 2 if not differing else 1
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
