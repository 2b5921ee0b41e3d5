#!/usr/bin/env python3
"""verify on a 20,000-deputy log against `openssl dgst -sha256` of the same file.

Whole processes, alternating, median of N runs; peak memory of verify from wait4's
ru_maxrss. The log: the national-3000 session with a synthetic roster of 20,000 deputies,
simulated with seed 1 (about 77,000 records, 33 MB).

    cargo build --release && python3 benches/verify_scale.py [N]
"""
import os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXE = os.path.join(ROOT, "target", "release", "votedesk")


def make_log(dir):
    src = open(os.path.join(ROOT, "sessions", "national-3000.ron"), encoding="utf-8").read()
    src = src.replace('id: "scale-3000"', 'id: "scale-20000"')
    src = src.replace("national-3000-roster.csv", "roster-20000.csv")
    open(os.path.join(dir, "s.ron"), "w", encoding="utf-8").write(src)
    with open(os.path.join(dir, "roster-20000.csv"), "w", encoding="utf-8") as f:
        f.write("seat,name,delegation\n")
        for i in range(1, 20001):
            f.write(f"{i},代表{i},代表团{(i - 1) // 500 + 1}\n")
    log = os.path.join(dir, "b.log")
    subprocess.run([EXE, "simulate", "s.ron", "--log", log, "--seed", "1"], cwd=dir,
                   check=True, stdout=subprocess.DEVNULL)
    return log


def run(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as dir:
        log = make_log(dir)
        ours, theirs, peaks = [], [], []
        for _ in range(n):
            t, peak = run([EXE, "verify", log])
            ours.append(t)
            peaks.append(peak)
            theirs.append(run(["openssl", "dgst", "-sha256", log])[0])
        v, o = statistics.median(ours), statistics.median(theirs)
        print(f"{os.path.getsize(log) / 1e6:.1f} MB log; verify median {v * 1000:.0f} ms, "
              f"openssl median {o * 1000:.0f} ms: {v / o:.2f}x; verify peak "
              f"{max(peaks) / 1024:.1f} MiB (median {statistics.median(peaks) / 1024:.1f})")


if __name__ == "__main__":
    main()
