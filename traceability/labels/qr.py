"""QR code module matrices for stamps: error correction M, the same symbol
``qrcode`` draws, produced fast enough for a 100,000-stamp print run.

``qrcode.QRCode.make()`` spends about 8 ms per stamp URI, almost all of it on
Reed-Solomon arithmetic in polynomial objects and on building and scoring eight
full masked matrices in lists of lists (``segno`` is no faster: see
``bench/labels.py``). A 10,000-label sheet run would take 80 s. This module
keeps every encoding decision of ``qrcode`` (segmentation into numeric,
alphanumeric and byte runs, version choice, bit stream, padding, block
structure, function patterns, format and version information) by calling its
own functions, and replaces only the slow arithmetic:

- Reed-Solomon remainders with a table-driven shift register held in one int;
- module placement with per-version lookup tables (codeword nibble -> bits);
- the matrix as one int per symbol (row ``r``, column ``c`` at bit
  ``r * stride + c``), so the eight masks are XORs and ISO/IEC 18004's four
  penalty rules are a few dozen shifts and ``bit_count()`` calls.

The result is bit-for-bit ``qrcode``'s (``tests/traceability/labels/test_qr.py``
compares thousands of symbols across versions 1-20); ``reference_matrix`` is the
plain ``qrcode`` path the tests and the benchmark compare against.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

from qrcode import QRCode, base, util
from qrcode.constants import ERROR_CORRECT_M

ERROR_CORRECTION = ERROR_CORRECT_M
QUIET_ZONE_MODULES = 4  # ISO/IEC 18004: a light margin four modules wide


@dataclass(frozen=True)
class QrMatrix:
    """A QR symbol without its quiet zone: ``rows[r]`` has bit ``c`` set when
    the module at row ``r``, column ``c`` is dark."""

    size: int
    rows: tuple[int, ...]
    version: int

    def is_dark(self, row: int, col: int) -> bool:
        return bool((self.rows[row] >> col) & 1)

    def as_lists(self) -> list[list[bool]]:
        return [[bool((bits >> c) & 1) for c in range(self.size)] for bits in self.rows]

    def runs(self) -> list[tuple[int, int, int]]:
        """Horizontal runs of dark modules as ``(row, first column, length)``:
        one rectangle per run keeps a drawn symbol small."""
        found = []
        width = f"0{self.size}b"
        for r, bits in enumerate(self.rows):
            col = 0
            # format() puts column 0 last; reversed, string index == column.
            for run in format(bits, width)[::-1].split("0"):
                if run:
                    found.append((r, col, len(run)))
                col += len(run) + 1
        return found

    def rect_ops(self) -> list[str]:
        """``runs()`` as PDF path operators in module units (``col row length 1 re``)."""
        ops = []
        width = f"0{self.size}b"
        for r, bits in enumerate(self.rows):
            col = 0
            tail = f" {r} "
            for run in format(bits, width)[::-1].split("0"):
                if run:
                    n = len(run)
                    ops.append(f"{col}{tail}{n} 1 re")
                    col += n + 1
                else:
                    col += 1
        return ops


class DataTooLong(ValueError):
    """The data does not fit a QR symbol (version 40) at error correction M."""


def reference_matrix(data: str) -> QrMatrix:
    """The symbol as plain ``qrcode`` makes it (slow; the yardstick)."""
    qr = QRCode(error_correction=ERROR_CORRECTION, border=0)
    qr.add_data(data)
    try:
        qr.make(fit=True)
    except Exception as exc:  # qrcode raises DataOverflowError or ValueError
        raise DataTooLong(str(exc)) from exc
    return _from_lists(qr.get_matrix(), qr.version)


def qr_matrix(data: str) -> QrMatrix:
    """The symbol for ``data`` at error correction M, identical to
    ``reference_matrix(data)``. Raises ``DataTooLong``."""
    qr = QRCode(error_correction=ERROR_CORRECTION, border=0)
    qr.add_data(data)  # qrcode's own segmentation into numeric/alphanumeric/byte runs
    segments = []
    for chunk in qr.data_list:
        payload = _IntBitBuffer()
        chunk.write(payload)
        segments.append((chunk.mode, len(chunk), payload))
    version = _best_fit(segments)
    symbol = _symbol_template(version)
    data_bits = symbol.place(_codewords(version, segments))
    return symbol.finish(data_bits, symbol.best_mask(data_bits))


def _best_fit(segments: list[tuple[int, int, _IntBitBuffer]], start: int = 1) -> int:
    """The smallest version that holds the segments: ``QRCode.best_fit``."""
    mode_sizes = util.mode_sizes_for_version(start)
    needed = sum(4 + mode_sizes[mode] + payload.length for mode, _, payload in segments)
    version = bisect_left(util.BIT_LIMIT_TABLE[ERROR_CORRECTION], needed, start)
    if version == 41:
        raise DataTooLong(f"{needed} bits do not fit a version 40 symbol")
    if mode_sizes is not util.mode_sizes_for_version(version):
        return _best_fit(segments, start=version)
    return version


def _from_lists(modules: list[list[bool]], version: int) -> QrMatrix:
    rows = tuple(sum(1 << c for c, dark in enumerate(row) if dark) for row in modules)
    return QrMatrix(size=len(modules), rows=rows, version=version)


# --- bit stream and error correction ---------------------------------------------


class _IntBitBuffer:
    """What ``qrcode.util.QRData.write`` needs of a bit buffer, in one int."""

    __slots__ = ("value", "length")

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.value = (self.value << length) | (num & ((1 << length) - 1))
        self.length += length

    def __len__(self) -> int:
        return self.length


def _codewords(version: int, segments: list[tuple[int, int, _IntBitBuffer]]) -> list[int]:
    """Data and error-correction codewords, interleaved: what
    ``qrcode.util.create_data`` returns, computed without polynomial objects."""
    buffer = _IntBitBuffer()
    for mode, count, payload in segments:
        buffer.put(mode, 4)
        buffer.put(count, util.length_in_bits(mode, version))
        buffer.put(payload.value, payload.length)
    blocks = base.rs_blocks(version, ERROR_CORRECTION)
    bit_limit = sum(block.data_count * 8 for block in blocks)
    if buffer.length > bit_limit:
        raise DataTooLong(f"{buffer.length} bits > {bit_limit} available")
    buffer.put(0, min(bit_limit - buffer.length, 4))  # terminator
    if buffer.length % 8:
        buffer.put(0, 8 - buffer.length % 8)
    stream = buffer.value.to_bytes(buffer.length // 8, "big")
    pad = bytes([util.PAD0, util.PAD1]) * (bit_limit // 16 + 1)
    stream += pad[: bit_limit // 8 - len(stream)]

    data_blocks: list[bytes] = []
    ec_blocks: list[bytes] = []
    offset = 0
    for block in blocks:
        chunk = stream[offset : offset + block.data_count]
        offset += block.data_count
        data_blocks.append(chunk)
        ec_blocks.append(_rs_remainder(chunk, block.total_count - block.data_count))
    out = [blk[i] for i in range(max(map(len, data_blocks))) for blk in data_blocks if i < len(blk)]
    out += [blk[i] for i in range(max(map(len, ec_blocks))) for blk in ec_blocks if i < len(blk)]
    return out


def _gf_mul(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return base.EXP_TABLE[(base.LOG_TABLE[a] + base.LOG_TABLE[b]) % 255]


@cache
def _rs_feedback_table(ec_count: int) -> tuple[int, ...]:
    """For each feedback byte f, the generator's coefficients times f packed
    big-endian into one int: one XOR per data byte in the shift register."""
    generator = [1]
    for i in range(ec_count):  # product of (x - a^i), as qrcode builds it
        factor = [1, base.gexp(i)]
        product = [0] * (len(generator) + 1)
        for j, g in enumerate(generator):
            for k, f in enumerate(factor):
                product[j + k] ^= _gf_mul(g, f)
        generator = product
    tail = generator[1:]
    return tuple(int.from_bytes(bytes(_gf_mul(c, f) for c in tail), "big") for f in range(256))


def _rs_remainder(data: bytes, ec_count: int) -> bytes:
    table = _rs_feedback_table(ec_count)
    shift = 8 * (ec_count - 1)
    mask = (1 << (8 * ec_count)) - 1
    register = 0
    for byte in data:
        register = ((register << 8) & mask) ^ table[byte ^ (register >> shift)]
    return register.to_bytes(ec_count, "big")


# --- the symbol as one int ---------------------------------------------------------


class _SymbolTemplate:
    """Everything about one version that does not depend on the data."""

    def __init__(self, version: int) -> None:
        n = version * 4 + 17
        self.version = version
        self.size = n
        self.stride = stride = n + 1  # one light padding column keeps rows apart
        self.row_mask = (1 << n) - 1

        qr = QRCode(version=version, error_correction=ERROR_CORRECTION, border=0)
        qr.modules_count = n
        qr.modules = [[None] * n for _ in range(n)]
        qr.setup_position_probe_pattern(0, 0)
        qr.setup_position_probe_pattern(n - 7, 0)
        qr.setup_position_probe_pattern(0, n - 7)
        qr.setup_position_adjust_pattern()
        qr.setup_timing_pattern()
        self.function_dark = self._pack(qr.modules, lambda v: v is True)
        # Scoring happens as qrcode's "test" pass: format/version info light.
        qr.setup_type_info(True, 0)
        if version >= 7:
            qr.setup_type_number(True)
        data_cells = [(r, c) for r in range(n) for c in range(n) if qr.modules[r][c] is None]
        self.valid = sum((self.row_mask << (r * stride)) for r in range(n))

        blank = qr.modules
        self.final_function = []
        for mask in range(8):
            qr.modules = [row[:] for row in blank]
            qr.setup_type_info(False, mask)
            if version >= 7:
                qr.setup_type_number(False)
            self.final_function.append(self._pack(qr.modules, lambda v: v is True))

        self.mask_bits = []
        for mask in range(8):
            func = util.mask_func(mask)
            self.mask_bits.append(sum(1 << (r * stride + c) for r, c in data_cells if func(r, c)))

        order = self._placement_order(n, {(r, c) for r, c in data_cells})
        self._nibbles = []
        for start in range(0, len(order) - len(order) % 8, 8):
            hi_pos = order[start : start + 4]
            lo_pos = order[start + 4 : start + 8]
            self._nibbles.append((self._nibble_table(hi_pos), self._nibble_table(lo_pos)))

    def _pack(self, modules: list[list[bool | None]], dark) -> int:
        stride = self.stride
        return sum(1 << (r * stride + c) for r, row in enumerate(modules) for c, v in enumerate(row) if dark(v))

    def _placement_order(self, n: int, data_cells: set[tuple[int, int]]) -> list[int]:
        """Bit positions in the order ``qrcode``'s ``map_data`` fills them."""
        order = []
        row, step = n - 1, -1
        for col in range(n - 1, 0, -2):
            if col <= 6:
                col -= 1
            while True:
                for c in (col, col - 1):
                    if (row, c) in data_cells:
                        order.append(row * self.stride + c)
                row += step
                if row < 0 or row >= n:
                    row -= step
                    step = -step
                    break
        return order

    @staticmethod
    def _nibble_table(positions: list[int]) -> tuple[int, ...]:
        # positions[0] takes the nibble's most significant bit.
        return tuple(
            sum(1 << pos for bit, pos in enumerate(positions) if (value >> (3 - bit)) & 1) for value in range(16)
        )

    def place(self, codewords: list[int]) -> int:
        bits = 0
        for (hi, lo), byte in zip(self._nibbles, codewords, strict=False):
            bits |= hi[byte >> 4] | lo[byte & 15]
        return bits

    def best_mask(self, data_bits: int) -> int:
        best, best_score = 0, None
        for mask in range(8):
            score = self._penalty(self.function_dark | (data_bits ^ self.mask_bits[mask]))
            if best_score is None or score < best_score:
                best, best_score = mask, score
        return best

    def finish(self, data_bits: int, mask: int) -> QrMatrix:
        whole = self.final_function[mask] | (data_bits ^ self.mask_bits[mask])
        stride, row_mask = self.stride, self.row_mask
        rows = tuple((whole >> (r * stride)) & row_mask for r in range(self.size))
        return QrMatrix(size=self.size, rows=rows, version=self.version)

    def _penalty(self, dark: int) -> int:
        """ISO/IEC 18004's mask penalty, scored exactly as ``qrcode.util.lost_point``."""
        light = self.valid ^ dark
        score = 0
        for step in (1, self.stride):  # along rows, then down columns
            d = [dark >> (k * step) for k in range(11)]
            li = [light >> (k * step) for k in range(11)]
            for c in (d, li):
                # rule 1: each run of five or more of one colour scores length - 2
                windows = c[0] & c[1] & c[2] & c[3] & c[4]
                score += windows.bit_count() + 2 * (windows & ~(windows << step)).bit_count()
            # rule 3: 1:1:3:1:1 finder-like runs with four light modules on one side, 40 each
            core = li[1] & d[4] & li[5] & d[6] & li[9]
            before = core & d[0] & d[2] & d[3] & li[7] & li[8] & li[10]
            after = core & li[0] & li[2] & li[3] & d[7] & d[8] & d[10]
            score += 40 * (before.bit_count() + after.bit_count())
        # rule 2: each 2x2 block of one colour, 3
        below = self.stride
        for c in (dark, light):
            right = c & (c >> 1)
            score += 3 * (right & (right >> below)).bit_count()
        # rule 4: 10 for every 5 % the dark share strays from half (qrcode's float arithmetic)
        percent = float(dark.bit_count()) / (self.size**2)
        score += int(abs(percent * 100 - 50) / 5) * 10
        return score


@lru_cache(maxsize=40)
def _symbol_template(version: int) -> _SymbolTemplate:
    return _SymbolTemplate(version)
