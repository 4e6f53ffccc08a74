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
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

import differential  # noqa: E402


def _die_with_parent():
    """preexec_fn: the worker (and, through zkserver's own PDEATHSIG, its server) dies when this process dies,
    e.g. when ctest kills it at its TIMEOUT."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001
        pass


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


class Side:
    """One server kind running all seeds, in a child process (python3 test_differential.py --worker ...) so that the
    two sides do not share an interpreter lock."""

    def __init__(self, label, kind, binary, seeds, ops, container_check_ms, tmp_dir, budget):
        self.label, self.kind, self.binary = label, kind, binary
        self.budget = budget
        self.seeds, self.ops = seeds, ops
        self.container_check_ms = container_check_ms
        self.out_path = os.path.join(tmp_dir, "side-%s.json" % label.replace("#", ""))
        self.proc = None
        self.recordings = {}   # seed -> recording dict
        self.errors = {}       # seed -> error text
        self.fatal = None
        self.seconds = 0.0
        self.startup_seconds = 0.0
        self.server_logs = ""

    def start(self):
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", self.out_path, "--kind", self.kind,
               "--seeds", ",".join(str(s) for s in self.seeds), "--ops", str(self.ops),
               "--container-check-ms", str(self.container_check_ms), "--budget", str(self.budget)]
        if self.binary:
            cmd += ["--binary", self.binary]
        self.proc = subprocess.Popen(cmd, preexec_fn=_die_with_parent)

    def join(self):
        rc = self.proc.wait()
        try:
            with open(self.out_path) as f:
                result = json.load(f)
        except (OSError, ValueError) as e:
            self.fatal = "worker for %s exited with %s and left no result (%s)" % (self.label, rc, e)
            return
        self.recordings = {int(k): v for k, v in result["recordings"].items()}
        self.errors = {int(k): v for k, v in result["errors"].items()}
        for key in ("fatal", "seconds", "startup_seconds", "server_logs"):
            setattr(self, key, result[key])


def run_worker(out_path, kind, binary, seeds, ops, container_check_ms, budget):
    """Child-process side: start one server, run every seed on it, write all recordings to out_path."""
    t0 = time.monotonic()
    result = {"recordings": {}, "errors": {}, "fatal": None, "seconds": 0.0, "startup_seconds": 0.0,
              "server_logs": ""}
    server = None
    try:
        server = differential.start_server(kind, binary, container_check_ms)
    except Exception as e:  # noqa: BLE001
        result["fatal"] = "could not start %s server: %s" % (kind, e)
    if server is not None:
        result["startup_seconds"] = time.monotonic() - t0
        try:
            for seed in seeds:
                if time.monotonic() - t0 > budget:
                    result["errors"][seed] = "not run: the side's time budget of %.0f s is used up" % budget
                    continue
                if not server.is_running():
                    result["errors"][seed] = "%s server is not running any more (exit code %s)" % (
                        kind, server.proc.returncode)
                    continue
                try:
                    rec = differential.run_seed(server.host, server.port, seed, ops)
                    rec["kind"] = kind
                    result["recordings"][seed] = rec
                except Exception:  # noqa: BLE001
                    result["errors"][seed] = traceback.format_exc(limit=6)
        finally:
            if not server.is_running() or result["errors"]:
                result["server_logs"] = server.logs(max_chars=4000)
            server.__exit__(None, None, None)
    result["seconds"] = time.monotonic() - t0
    with open(out_path, "w") as f:
        json.dump(result, f, ensure_ascii=False)
    return 0 if result["fatal"] is None else 2


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
    p.add_argument("--budget", type=float, default=240.0,
                   help="seconds a side may spend; seeds not started by then count as errors (default 240)")
    p.add_argument("--compare", nargs=2, metavar=("A.json", "B.json"), help="only compare two saved recordings")
    p.add_argument("--worker", metavar="OUT", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.worker:
        return run_worker(args.worker, args.kind, args.binary, parse_seeds(args.seeds), args.ops,
                          args.container_check_ms, args.budget)

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
    work_dir = tempfile.mkdtemp(prefix="differential-work-")
    a = Side(exp_label, args.kind, args.binary, seeds, args.ops, args.container_check_ms, work_dir, args.budget)
    b = Side(got_label, args.against, args.binary, seeds, args.ops, args.container_check_ms, work_dir, args.budget)
    try:
        a.start()
        b.start()
        a.join()
        b.join()
    finally:
        for side in (a, b):
            if side.proc is not None and side.proc.poll() is None:
                side.proc.kill()
                side.proc.wait()
        shutil.rmtree(work_dir, ignore_errors=True)
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
