"""Install nhsuk-frontend from the npm registry without Node.js.

Reads the pinned version and its integrity hash from package-lock.json, downloads the package's
tarball, refuses it unless the hash matches, and unpacks it where `npm ci` would put it
(node_modules/nhsuk-frontend). Used by the Makefile only when npm is not installed.
"""

import base64
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "nhsuk-frontend"
# npm's own default registry; NPM_CONFIG_REGISTRY overrides it, as it does for npm.
DEFAULT_REGISTRY = "https://registry.npmjs.org/"


def locked_package() -> tuple[str, str]:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"][f"node_modules/{PACKAGE}"]
    return entry["version"], entry["integrity"]


def check_integrity(data: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    if algorithm not in {"sha512", "sha384", "sha256"}:
        raise SystemExit(f"Unsupported integrity algorithm {algorithm!r} in package-lock.json")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise SystemExit(
            f"The downloaded {PACKAGE} does not match package-lock.json ({algorithm} differs); "
            "nothing was installed."
        )


def main() -> None:
    version, integrity = locked_package()
    target = ROOT / "node_modules" / PACKAGE
    installed = target / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == version:
        return
    registry = os.environ.get("NPM_CONFIG_REGISTRY") or DEFAULT_REGISTRY
    url = f"{registry.rstrip('/')}/{PACKAGE}/-/{PACKAGE}-{version}.tgz"
    print(f"Fetching {PACKAGE} {version} from the npm registry", file=sys.stderr)
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - https registry URL
        data = response.read()
    check_integrity(data, integrity)
    staging = target.with_name(f".{PACKAGE}-staging")
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        archive.extractall(staging, filter="data")
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    (staging / "package").rename(target)
    shutil.rmtree(staging, ignore_errors=True)


if __name__ == "__main__":
    main()
