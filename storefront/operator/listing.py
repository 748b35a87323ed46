"""Filtering and paging shared by the operators' lists."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 50


def valid_filters(form: forms.Form) -> dict[str, Any]:
    """The filters that passed validation (an odd value in one is dropped, not fatal)."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def page_of(request: HttpRequest, rows: QuerySet) -> Page:
    """The requested page (the first or last one for an odd page number): one
    COUNT and one query for the rows, plus the rows' prefetches."""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page


def query_without_page(request: HttpRequest) -> str:
    """The list's filters, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
