#!/usr/bin/env python3
"""Real trained models (tools/fetch-models.py) through the importer and the reference interpreter,
compared with onnxruntime on the same fixed inputs, and timed against it in the same run.

Run through tools/real-models.sh. numpy, onnx (to write TensorProto files) and onnxruntime are
installed into target/onnx-check-venv. For each model the script makes fixed inputs, runs
onnxruntime (one warm-up, then --repeat timed runs), writes inputs and onnxruntime's outputs
as .pb files under target/onnx-cache/real/<model>/, and runs `onnx-check compare` (release build;
one untimed run, then --repeat timed runs of the interpreter alone). Both use --threads threads
(default: every core). Times are compared by the best of the --repeat runs of each side (the
figure least disturbed by other load on the machine); medians are printed too.

Checks (each one test in the closing `N passed, M failed` line; exit 1 if any fails):
- every output of each model: relative L2 error ‖ours − ort‖₂ / ‖ort‖₂ ≤ --max-rel-l2 (1e-5);
- MiniLM (batch 1 x 128 tokens): interpreter time ≤ --max-time-ratio (2) x onnxruntime's.
Usage: tools/real-models.sh [--repeat 20] [--threads 0] [--json FILE]
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, HERE)
import onnx_wheels as ow  # noqa: E402

VENV_PACKAGES = {"numpy": "numpy", "onnx": "onnx==1.22.0", "onnxruntime": "onnxruntime==1.32.0"}
SEQ = 128


def load_fetcher():
    """tools/fetch-models.py as a module (its name has a hyphen)."""
    spec = importlib.util.spec_from_file_location("fetch_models", os.path.join(HERE,
                                                                               "fetch-models.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def minilm_inputs(np):
    """Batch 1 x 128 tokens: [CLS] 99 random word pieces [SEP], then 27 masked padding tokens."""
    rng = np.random.default_rng(0)
    used = 101
    ids = np.zeros((1, SEQ), np.int64)
    ids[0, 0], ids[0, used - 1] = 101, 102
    ids[0, 1:used - 1] = rng.integers(1000, 30522, used - 2)
    mask = np.zeros((1, SEQ), np.int64)
    mask[0, :used] = 1
    return {"input_ids": ids, "attention_mask": mask}


def magika_features(np, samples):
    """magika's input for byte strings: the first and the last 1024 bytes, padded with 256."""
    pad = 256
    rows = []
    for data in samples:
        short = max(0, 1024 - len(data))
        rows.append(list(data[:1024]) + [pad] * short + [pad] * short + list(data[-1024:]))
    return {"bytes": np.array(rows, np.int32)}


def magika_inputs(np):
    """Four content-rich samples (no padding): Python source, random bytes, JSON and CSV text."""
    rng = np.random.default_rng(0)
    source = b"#!/usr/bin/env python3\nimport os\n\n\ndef main():\n    print(os.getcwd())\n" * 40
    records = [{"id": i, "name": f"item-{i}", "price": round(float(p), 2)}
               for i, p in enumerate(rng.uniform(1, 100, 120))]
    js = json.dumps(records, indent=2).encode()
    csv = "".join(f"{r['id']},{r['name']},{r['price']}\n" for r in records).encode() * 2
    return magika_features(np, [source, bytes(rng.integers(0, 256, 5000, dtype=np.uint8)), js,
                                csv])


def magika_padded_inputs(np):
    """Two padding-heavy samples (a 13-byte text; a PNG header then zeros): informational.

    magika normalises over positions with var = E[x^2] - E[x]^2; on these inputs most positions
    hold the same embedding, the exact variance of some features is below 1e-6, and the result
    is rounding noise amplified by 1/sqrt(var + eps), so fp32 implementations that accumulate
    differently (onnxruntime in f32, the interpreter in f64) disagree by ~1e-3."""
    return magika_features(np, [b"hello, world\n", b"\x89PNG\r\n\x1a\n" + bytes(3000)])


def run_ort(ort, np, path, feeds, repeat, threads):
    """onnxruntime's outputs and its run times (after one warm-up run)."""
    import time
    so = ort.SessionOptions()
    if threads:
        so.intra_op_num_threads = threads
    sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    outputs = sess.run(None, feeds)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        sess.run(None, feeds)
        times.append(time.perf_counter() - t0)
    return outputs, times


def write_pb(numpy_helper, arr, name, path):
    """Writes a numpy array as a named TensorProto file."""
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(arr, name).SerializeToString())


def check_model(name, path, feeds, args, tool):
    """Runs onnxruntime and onnx-check on one model; returns a result dict."""
    import numpy as np
    import onnxruntime as ort
    from onnx import numpy_helper
    outputs, ort_times = run_ort(ort, np, path, feeds, args.repeat, args.threads)
    work = os.path.join(ow.CACHE, "real", name)
    os.makedirs(work, exist_ok=True)
    cmd = [tool, "--threads", str(args.threads), "compare", path, "--repeat", str(args.repeat)]
    for i, (k, v) in enumerate(feeds.items()):
        p = os.path.join(work, f"input_{i}.pb")
        write_pb(numpy_helper, v, k, p)
        cmd += ["--input", p]
    for i, v in enumerate(outputs):
        p = os.path.join(work, f"ort_output_{i}.pb")
        write_pb(numpy_helper, np.asarray(v), f"output_{i}", p)
        cmd += ["--expected", p]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"model": name, "error": proc.stderr.strip() or f"exit {proc.returncode}"}
    res = json.loads(proc.stdout)
    res.update(model=name, ort_run_s=ort_times, ort_median_s=float(np.median(ort_times)),
               ort_best_s=min(ort_times), ort_version=ort.__version__)
    res["run_best_s"] = min(res["run_s"])
    return res


def report(res, args):
    """Prints one model's figures; returns the (name, ok) checks it contributes."""
    name = res["model"]
    if "error" in res:
        print(f"{name}: error: {res['error']}")
        return [(f"{name} matches onnxruntime", False)]
    checks = []
    worst = max(o["rel_l2"] for o in res["outputs"])
    for o in res["outputs"]:
        print(f"{name} output {o['index']} {o['shape']}: rel L2 {o['rel_l2']:.2e}, "
              f"max abs {o['max_abs']:.2e}")
    checks.append((f"{name} matches onnxruntime (worst rel L2 {worst:.2e} <= "
                   f"{args.max_rel_l2:g})", worst <= args.max_rel_l2))
    ratio = res["run_best_s"] / res["ort_best_s"]
    ms = {k: 1e3 * res[k] for k in ("run_best_s", "run_median_s", "first_run_s", "ort_best_s",
                                    "ort_median_s")}
    print(f"{name}: import {res['import_s']:.2f} s; interpreter best {ms['run_best_s']:.1f} ms, "
          f"median {ms['run_median_s']:.1f} ms (first run {ms['first_run_s']:.1f} ms); "
          f"onnxruntime {res['ort_version']} best {ms['ort_best_s']:.1f} ms, median "
          f"{ms['ort_median_s']:.1f} ms ({args.repeat} runs each); ratio of best times "
          f"{ratio:.2f} (of medians {ms['run_median_s'] / ms['ort_median_s']:.2f})")
    res["ratio"] = ratio
    if name.startswith("paraphrase-MiniLM"):
        checks.append((f"{name} time ratio {ratio:.2f} <= {args.max_time_ratio:g}",
                       ratio <= args.max_time_ratio))
    return checks


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=20, help="timed runs of each side")
    ap.add_argument("--threads", type=int, default=0, help="threads of both (0: every core)")
    ap.add_argument("--max-rel-l2", type=float, default=1e-5)
    ap.add_argument("--max-time-ratio", type=float, default=2.0)
    ap.add_argument("--json", help="write the raw results to this file")
    args = ap.parse_args()

    fetcher = load_fetcher()
    paths = {n: fetcher.fetch(n) for n in fetcher.MODELS}
    py = ow.venv_python(VENV_PACKAGES)
    if os.path.realpath(sys.prefix) != os.path.realpath(ow.VENV):
        tool = os.environ.get("ONNX_CHECK_TOOL") or ow.build_onnx_check()
        env = dict(os.environ, ONNX_CHECK_TOOL=tool)
        return subprocess.run([py, os.path.abspath(__file__), *sys.argv[1:]], env=env).returncode
    import numpy as np
    tool = os.environ.get("ONNX_CHECK_TOOL") or ow.build_onnx_check()
    # (label, model, inputs, gating): an informational run is reported but not counted.
    runs = [
        ("paraphrase-MiniLM-L3-v2", "paraphrase-MiniLM-L3-v2", minilm_inputs(np), True),
        ("magika-standard_v3_3", "magika-standard_v3_3", magika_inputs(np), True),
        ("magika-standard_v3_3-padding-heavy", "magika-standard_v3_3", magika_padded_inputs(np),
         False),
    ]
    results, checks = [], []
    for label, model, feeds, gating in runs:
        res = check_model(label, paths[model], feeds, args, tool)
        results.append(res)
        got = report(res, args)
        if gating:
            checks += got
        else:
            print(f"({label} is informational: ill-conditioned inputs, see the script's notes)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
    print()
    for label, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'} {label}")
    passed = sum(ok for _, ok in checks)
    print(f"{passed} passed, {len(checks) - passed} failed")
    return 0 if passed == len(checks) else 1


if __name__ == "__main__":
    sys.exit(main())
