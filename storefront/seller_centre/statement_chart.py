"""The statement's weekly chart: sales and payouts per week as grouped bars,
drawn on the server by pygal as an inline SVG (no script, no request of its
own, so it shows on a slow network and prints).

The drawing is 360 × 300 units with a ``viewBox`` and no fixed size: on a
360 px phone one unit is one pixel, so the 12 px labels stay readable, and
the page's CSS lets it grow on wider screens. Axis labels are Vietnamese;
amounts on the axis are compact (``1,2 tr``, ``500 nghìn``) and exact in each
bar's title (``1.200.000 ₫``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pygal
from babel.numbers import format_decimal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pygal.style import Style

from marketplace.core.money import Money, format_money
from payments.ledger.reports import WeekActivity

WIDTH, HEIGHT = 360, 300
SALES_COLOUR, PAYOUT_COLOUR = "#2e7d32", "#1565c0"

CHART_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#333",
    foreground_strong="#111",
    foreground_subtle="#ccc",
    colors=(SALES_COLOUR, PAYOUT_COLOUR),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    title_font_size=14,
    tooltip_font_size=13,
    value_font_size=12,
)


def _locale() -> str:
    return "vi_VN" if (get_language() or "vi").startswith("vi") else "en_US"


def compact_dong(amount: float | int | None) -> str:
    """An axis label: ``0``, ``500 nghìn``, ``1,2 tr``, ``3 tỷ`` (Vietnamese
    number format: a comma before decimals)."""
    if not amount:
        return "0"
    value = Decimal(int(amount))
    for size, unit in ((10**9, _("tỷ")), (10**6, _("tr")), (10**3, _("nghìn"))):
        if abs(value) >= size:
            number = format_decimal((value / size).quantize(Decimal("0.1")).normalize(), locale=_locale())
            return f"{number} {unit}"
    return format_decimal(value, locale=_locale())


def _without_scripts(root: Any) -> Any:
    """pygal always embeds its config as a ``<script>``; the page needs no
    script (the bars' titles are plain SVG), so it is left out."""
    for parent in list(root.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def weekly_chart(weeks: Sequence[WeekActivity], *, currency: str = "VND") -> SafeString:
    """An SVG bar chart of ``weeks``: for each week one bar of sales and one
    of payouts (``2 × len(weeks)`` bars), labelled with the week's Monday."""
    language = (get_language() or "vi")[:2]
    chart = pygal.Bar(
        width=WIDTH,
        height=HEIGHT,
        explicit_size=False,
        style=CHART_STYLE,
        js=[],
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        x_label_rotation=-45,
        show_minor_x_labels=True,
        truncate_label=-1,
        truncate_legend=-1,
        margin=6,
        spacing=6,
        # The axis labels (pygal's value_formatter) are compact; each bar's
        # own title (formatter) gives the exact amount.
        value_formatter=compact_dong,
        formatter=lambda amount: format_money(Money(int(amount or 0), currency), language),
        y_labels_major_every=None,
        include_x_axis=True,
        min_scale=3,
        max_scale=5,
        no_data_text=_("Chưa có số liệu"),
    )
    chart.title = _("Doanh số và tiền chi trả theo tuần (đồng)")
    chart.x_title = _("Tuần bắt đầu ngày")
    chart.x_labels = [week.week.strftime("%d/%m") for week in weeks]
    chart.add(_("Doanh số"), [week.sales for week in weeks])
    chart.add(_("Đã chi trả"), [week.payouts for week in weeks])
    chart.add_xml_filter(_without_scripts)
    svg = chart.render(is_unicode=True)
    return mark_safe(svg)  # noqa: S308 - pygal escapes every label and value it writes
