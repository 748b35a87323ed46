"""Totals in Vietnamese words, as printed on an invoice."""

from __future__ import annotations

import pytest

from payments.einvoice.words import amount_in_words


@pytest.mark.parametrize(
    "amount, words",
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (55, "Năm mươi lăm đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (120_000, "Một trăm hai mươi nghìn đồng"),
        (270_000, "Hai trăm bảy mươi nghìn đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (2_021_000, "Hai triệu không trăm hai mươi mốt nghìn đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (
            1_234_567_891,
            "Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt đồng",
        ),
    ],
)
def test_amounts_read_as_vietnamese_invoices_print_them(amount, words):
    assert amount_in_words(amount) == words


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError):
        amount_in_words(-1)
