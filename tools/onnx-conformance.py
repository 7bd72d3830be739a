#!/usr/bin/env python3
"""ONNX conformance: the backend node tests and the light models of the onnx==1.22.0 wheel, run
through the importer and the reference interpreter by onnx-check, compared with the shipped outputs.

Run through tools/onnx-conformance.sh. The wheel is fetched with `pip download --no-deps` into
target/onnx-cache/wheels and its onnx/backend/test/data/{node,light} unpacked beside it (once).

Per case: `skip` if the model uses an operator the importer does not support (docs/onnx.md);
`pass` if every output of every test_data_set_* is within rtol/atol of the shipped one; `limit` if
the import stops at a limitation docs/onnx.md states for a supported operator (LIMITATIONS below:
string elements, sequence/optional values, random training-mode dropout and batch norm, extra
outputs not computed); else
`fail`. Prints a table per operator, every failure and limitation with its reason, the light
models, and the totals. The pass rate is passed / (passed + failed + limitations): every case of
a supported operator counts, a documented limitation as a failure; the rate within the
limitations, passed / (passed + failed), is printed beside it. Exits 1 if the pass rate is below
--min-pass-rate or a light model does not match. The last line is `N passed, M failed` (node
cases and light models; limitations count as failed there).
Usage: tools/onnx-conformance.sh [--filter SUBSTR]... [--rtol 1e-3] [--atol 1e-7] [--json FILE]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onnx_wheels as ow  # noqa: E402

ONNX_SPEC = "onnx==1.22.0"
DATA = "onnx/backend/test/data/"
LIGHT_MODELS = ["bvlc_alexnet", "densenet121", "inception_v1", "inception_v2", "resnet50",
                "shufflenet", "squeezenet", "vgg19", "zfnet512"]


# Import errors at limitations docs/onnx.md states for supported operators: (pattern, label).
LIMITATIONS = [
    (r"element type .* is not supported", "element type outside docs/onnx.md's type table"),
    (r"is not a tensor", "sequence/optional value (the IR has tensors only)"),
    (r"training_mode", "training mode (inference only)"),
    (r"which the importer does not compute", "extra output not computed"),
]


def limitation(reason):
    """The documented limitation an import error is about, or None."""
    if not reason or not reason.startswith("import:"):
        return None
    for pattern, label in LIMITATIONS:
        if re.search(pattern, reason):
            return label
    return None


def snake(op):
    """`LayerNormalization` -> `layer_normalization`, `RMSNormalization` -> `rms_normalization`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", op).lower()


def case_op(case, known_ops):
    """The operator a case tests: the longest op name (snake or lower case) prefixing its name,
    else the model's only operator, else the case name's first word."""
    name = case["case"][len("test_"):]
    best = None
    for op in known_ops:
        for form in (snake(op), op.lower()):
            if (name == form or name.startswith(form + "_")) and (
                    best is None or len(form) > best[0]):
                best = (len(form), op)
    if best:
        return best[1]
    if len(case["ops"]) == 1:
        return case["ops"][0]
    return name.split("_")[0]


def run_json_lines(cmd):
    """Runs a command and parses one JSON object per stdout line."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
        sys.exit(f"error: {' '.join(cmd)} exited with {proc.returncode}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def summarise_nodes(cases):
    """Prints the per-operator table, failures and limitations; returns counts per status."""
    for c in cases:
        if c["status"] == "fail" and limitation(c["reason"]):
            c["status"] = "limit"
            c["limitation"] = limitation(c["reason"])
    single = {c["ops"][0] for c in cases if len(c["ops"]) == 1}
    per_op = {}
    for c in cases:
        c["op"] = case_op(c, single)
        row = per_op.setdefault(c["op"], dict.fromkeys(("pass", "fail", "limit", "skip"), 0))
        row[c["status"]] += 1
    tested = {op: r for op, r in per_op.items() if r["pass"] + r["fail"] + r["limit"] > 0}
    print(f"{'operator':<28} {'pass':>5} {'fail':>5} {'limit':>5} {'skip':>5}")
    for op in sorted(tested):
        r = tested[op]
        print(f"{op:<28} {r['pass']:>5} {r['fail']:>5} {r['limit']:>5} {r['skip']:>5}")
    skipped_ops = sorted(op for op in per_op if op not in tested)
    n_skip_only = sum(per_op[op]["skip"] for op in skipped_ops)
    print(f"(+ {len(skipped_ops)} unsupported operators, skipped: {n_skip_only} cases)")
    for status, title in (("fail", "failures"), ("limit", "documented limitations")):
        listed = [c for c in cases if c["status"] == status]
        if listed:
            print(f"\n{title} ({len(listed)}):")
        for c in listed:
            bound = f"; bound: {', '.join(c['bound'])}" if c["bound"] else ""
            label = f"{c['limitation']}: " if status == "limit" else ""
            print(f"  {c['case']} [{c['op']}{bound}]: {label}{c['reason']}")
    limits = {}
    for c in cases:
        if c["status"] == "limit":
            limits[c["limitation"]] = limits.get(c["limitation"], 0) + 1
    if limits:
        print("\nlimitations by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(limits.items())))
    bound = [c for c in cases if c["status"] != "skip" and c["bound"]]
    print(f"{len(bound)} cases imported with some test inputs bound as constants "
          "(operands the static-shape importer needs at import, e.g. Reshape's shape)")
    return {s: sum(c["status"] == s for c in cases) for s in ("pass", "fail", "limit", "skip")}


def summarise_light(models):
    """Prints one line per light model; returns (passed, failed)."""
    print(f"\n{'light model':<24} {'status':<6} {'rel L2':>10} {'max abs':>10} "
          f"{'import s':>9} {'run s':>7}")
    seen = set()
    for m in models:
        name = m["model"].removeprefix("light_")
        seen.add(name)
        if m["status"] == "pass" or "rel_l2" in m:
            print(f"{name:<24} {m['status']:<6} {m['rel_l2']:>10.2e} {m['max_abs']:>10.2e} "
                  f"{m['import_s']:>9.2f} {m['run_s']:>7.2f}"
                  + (f"  {m['reason']}" if m.get("reason") else ""))
        else:
            print(f"{name:<24} {m['status']:<6} {m.get('reason', '')}")
    missing = [n for n in LIGHT_MODELS if n not in seen]
    for n in missing:
        print(f"{n:<24} fail   not found in the wheel")
    passed = sum(m["status"] == "pass" for m in models)
    return passed, len(LIGHT_MODELS) - passed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--filter", action="append", default=[],
                    help="only node cases whose name contains this (repeatable)")
    ap.add_argument("--rtol", type=float, default=1e-3)
    ap.add_argument("--atol", type=float, default=1e-7)
    ap.add_argument("--min-pass-rate", type=float, default=0.95)
    ap.add_argument("--no-light", action="store_true", help="skip the light models")
    ap.add_argument("--json", help="write every case's result to this file")
    args = ap.parse_args()

    start = time.perf_counter()
    wheel = ow.fetch_wheel(ONNX_SPEC)
    data = ow.extract(wheel, [DATA + "node/", DATA + "light/"],
                      os.path.join(ow.CACHE, ONNX_SPEC.replace("==", "-")))
    tool = ow.build_onnx_check()
    tol = ["--rtol", str(args.rtol), "--atol", str(args.atol)]
    t0 = time.perf_counter()
    node_cmd = [tool, *tol, "node", os.path.join(data, DATA, "node")]
    for f in args.filter:
        node_cmd += ["--filter", f]
    cases = run_json_lines(node_cmd)
    node_s = time.perf_counter() - t0
    print(f"ONNX backend node tests of {ONNX_SPEC}: {len(cases)} cases "
          f"(rtol {args.rtol:g}, atol {args.atol:g})\n")
    counts = summarise_nodes(cases)
    passed, failed, limited, skipped = (counts[k] for k in ("pass", "fail", "limit", "skip"))
    light = []
    light_s = 0.0
    if not args.no_light:
        t1 = time.perf_counter()
        light = run_json_lines([tool, *tol, "light", os.path.join(data, DATA, "light")])
        light_s = time.perf_counter() - t1
        lp, lf = summarise_light(light)
    else:
        lp, lf = 0, 0
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"node": cases, "light": light}, f, indent=1)

    run_cases = passed + failed
    supported = run_cases + limited
    rate = passed / supported if supported else 0.0
    within = passed / run_cases if run_cases else 0.0
    print(f"\nnode cases: {len(cases)}: {passed} passed, {failed} failed, {limited} at documented "
          f"limitations, {skipped} skipped (unsupported operators); {node_s:.1f} s")
    print(f"pass rate {100 * rate:.1f}% ({passed} / {supported} cases of supported operators, "
          f"limitations counted as failures; threshold {100 * args.min_pass_rate:.0f}%); "
          f"{100 * within:.1f}% within the documented limitations")
    if not args.no_light:
        print(f"light models: {lp} passed, {lf} failed, {light_s:.1f} s")
    print(f"total time {time.perf_counter() - start:.1f} s")
    ok = supported > 0 and rate >= args.min_pass_rate and lf == 0
    print(f"{passed + lp} passed, {failed + limited + lf} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
