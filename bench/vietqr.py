"""VietQR figures: payloads encoded per second (TLV + CRC), QR symbols
drawn per second as the pay page's inline SVG, and the SVG's weight raw and
gzipped (what a slow phone downloads inside the pay page's HTML). No
database, no server: the pay page's own cost beyond an ordinary page."""

from __future__ import annotations

import gzip
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.lib import header  # noqa: E402
from payments.vietqr.emvco import build_vietqr, decode  # noqa: E402
from payments.vietqr.qr import draw_svg  # noqa: E402
from payments.vietqr.references import new_reference  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_VIETQR_ROUNDS", "20000"))


def per_second(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s"


def main() -> None:
    header("VietQR payload and pay-page QR")
    references = [new_reference() for _ in range(ROUNDS)]
    start = time.perf_counter()
    payloads = [
        build_vietqr(bank_bin="970415", account="0011001932418", amount=1_234_000 + i, purpose=ref)
        for i, ref in enumerate(references)
    ]
    encode = time.perf_counter() - start
    start = time.perf_counter()
    for payload in payloads:
        decode(payload)
    check = time.perf_counter() - start
    drawn = payloads[: max(ROUNDS // 50, 50)]
    start = time.perf_counter()
    svgs = [draw_svg(payload, label="VietQR") for payload in drawn]
    draw = time.perf_counter() - start
    raw = sorted(len(svg.encode()) for svg in svgs)
    zipped = sorted(len(gzip.compress(svg.encode())) for svg in svgs)
    print(f"payload length              {len(payloads[0])} characters")
    print(f"payloads encoded            {per_second(ROUNDS, encode)} ({ROUNDS} payloads)")
    print(f"payloads decoded + CRC      {per_second(ROUNDS, check)}")
    print(f"QR SVGs drawn               {per_second(len(drawn), draw)} ({draw / len(drawn) * 1000:.1f} ms each)")
    print(f"QR SVG size                 median {raw[len(raw) // 2]:,} B raw, {zipped[len(zipped) // 2]:,} B gzipped")


if __name__ == "__main__":
    main()
