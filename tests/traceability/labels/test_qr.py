"""The fast QR encoder must produce exactly the symbol plain ``qrcode`` makes."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.traceability.labels.helpers import stamps
from traceability.labels.qr import DataTooLong, qr_matrix, reference_matrix


def _samples() -> list[str]:
    rnd = random.Random(2025)
    samples = [item.uri for item in stamps(200)]
    alphabets = (
        string.digits,
        string.ascii_uppercase + string.digits + " $%*+-./:",
        string.printable[:94],
        "Nước mắm cá cơm Cái Rồng – chai 500 ml Chè búp Tân Cương đặc biệt",
    )
    for length in (1, 3, 7, 17, 40, 77, 120, 200, 300, 500, 700):
        for alphabet in alphabets:
            samples.append("".join(rnd.choice(alphabet) for _ in range(length)))
    return samples


def test_fast_matrices_equal_qrcode_symbols_across_versions_and_modes():
    versions = set()
    for data in _samples():
        expected = reference_matrix(data)
        assert qr_matrix(data) == expected, data
        versions.add(expected.version)
    assert set(range(1, 6)) <= versions and max(versions) >= 20


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=160))
def test_fast_matrices_equal_qrcode_symbols_for_any_text(data):
    assert qr_matrix(data) == reference_matrix(data)


def test_runs_cover_exactly_the_dark_modules():
    matrix = qr_matrix(stamps(1)[0].uri)
    drawn = [[False] * matrix.size for _ in range(matrix.size)]
    for row, col, length in matrix.runs():
        for c in range(col, col + length):
            assert not drawn[row][c]
            drawn[row][c] = True
    assert drawn == matrix.as_lists()


def test_data_beyond_a_version_40_symbol_is_refused():
    with pytest.raises(DataTooLong):
        qr_matrix("x" * 3000)
