"""A long run is read one page at a time, never all at once."""

from __future__ import annotations

import io
import random

import pytest

from tests.traceability.labels.helpers import stamp
from traceability.labels import get_format, render_pdf


class Stop(Exception):
    pass


def counting_stamps(total: int, pulled: list[int]):
    rnd = random.Random(5)
    for i in range(total):
        pulled[0] += 1
        yield stamp(rnd, i)


@pytest.mark.parametrize("code", ["L7160", "L7651", "50x30-203"])
def test_a_10000_stamp_generator_is_pulled_one_page_at_a_time(code):
    per_page = get_format(code).per_page
    pulled = [0]
    seen = []

    def progress(done: int) -> None:
        seen.append((done, pulled[0]))
        if len(seen) == 3:
            raise Stop

    with pytest.raises(Stop):
        render_pdf(counting_stamps(10_000, pulled), code, io.BytesIO(), progress)
    # After each finished page the generator has given exactly that page's items.
    assert seen == [(per_page, per_page), (2 * per_page, 2 * per_page), (3 * per_page, 3 * per_page)]


def test_progress_reports_each_page_up_to_the_total():
    pulled = [0]
    reports = []
    assert render_pdf(counting_stamps(150, pulled), "L7651", io.BytesIO(), reports.append) == 150
    assert reports == [65, 130, 150] and pulled == [150]
