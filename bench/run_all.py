"""`make bench`: run every benchmark script in turn and print its figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "catalog.py",
    "labels.py",
    "verification.py",
    "checkout.py",
    "webhooks.py",
    "hosted_ipn.py",
    "vietqr.py",
    "payouts.py",
    "statements.py",
]

if __name__ == "__main__":
    failed = 0
    for script in SCRIPTS:
        print(f"\n##### bench/{script}", flush=True)
        failed |= subprocess.call([sys.executable, str(HERE / script)], cwd=HERE.parent)
    sys.exit(failed)
