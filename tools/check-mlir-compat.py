#!/usr/bin/env python3
"""Checks that upstream mlir-opt (LLVM 22) accepts every output neuron-opt prints in generic form.

For each RUN line of each lit test that runs neuron-opt successfully, the same neuron-opt command is run
again with --mlir-print-op-generic (and once more with --mlir-print-debuginfo too); its stdout is fed to
`mlir-opt --allow-unregistered-dialect` (with --split-input-file when the command split its input).
Prints one line per rejected output and the totals; exits 1 if any output was rejected or none was checked.
"""
import glob
import os
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Cargo's output directory: $CARGO_TARGET_DIR (relative to the repository) or target/.
TARGET = os.path.join(ROOT, os.environ.get("CARGO_TARGET_DIR", "target"))
MLIR_OPT = os.environ.get("MLIR_OPT", "/usr/lib/llvm-22/bin/mlir-opt")
DROP = {"--verify-diagnostics", "--help", "-h", "--list-passes", "--version", "-V"}


def run_lines(path):
    """The RUN commands of a lit file, continuation lines joined."""
    cmds, cur = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            idx = line.find("RUN:")
            if idx < 0 or not line[:idx].strip().startswith("//"):
                continue
            text = line[idx + 4:].strip()
            cur = text if cur is None else cur + " " + text
            if cur.endswith("\\"):
                cur = cur[:-1]
                continue
            cmds.append(cur)
            cur = None
    return cmds


def neuron_opt_args(cmd, path):
    """Arguments of the first pipeline stage if it is a plain neuron-opt run, else None."""
    first = cmd.split("|")[0]
    try:
        words = shlex.split(first)
    except ValueError:
        return None
    if not words or words[0] != "neuron-opt":
        return None
    args, skip = [], False
    for w in words[1:]:
        if skip:
            skip = False
            continue
        if w in DROP:
            return None
        if w == "-o":
            skip = True
            continue
        if w.startswith("2>") or w.startswith(">") or w.startswith("<"):
            continue
        args.append(w.replace("%s", path).replace("%S", os.path.dirname(path)))
    return args


def main():
    subprocess.run(["cargo", "build", "--quiet", "-p", "neuron-opt"], cwd=ROOT, check=True)
    neuron_opt = os.path.join(TARGET, "debug", "neuron-opt")
    files = sorted(glob.glob(os.path.join(ROOT, "lit-tests", "**", "*.mlir"), recursive=True))
    checked = accepted = 0
    for path in files:
        for cmd in run_lines(path):
            args = neuron_opt_args(cmd, path)
            if args is None:
                continue
            for extra in (["--mlir-print-op-generic"], ["--mlir-print-op-generic", "--mlir-print-debuginfo"]):
                ours = subprocess.run([neuron_opt, *args, *extra], capture_output=True, text=True)
                if ours.returncode != 0 or not ours.stdout.strip():
                    continue
                split = ["--split-input-file"] if "--split-input-file" in args else []
                theirs = subprocess.run(
                    [MLIR_OPT, "--allow-unregistered-dialect", *split, "-o", os.devnull],
                    input=ours.stdout, capture_output=True, text=True)
                checked += 1
                if theirs.returncode == 0:
                    accepted += 1
                else:
                    rel = os.path.relpath(path, ROOT)
                    print(f"REJECTED {rel}: neuron-opt {' '.join(args + extra)}")
                    print(theirs.stderr.strip()[:2000])
    print(f"mlir-opt accepted {accepted} of {checked} generic outputs from {len(files)} lit test files")
    return 0 if checked > 0 and accepted == checked else 1


if __name__ == "__main__":
    sys.exit(main())
