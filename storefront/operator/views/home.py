"""The operator home: what is waiting, with links."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from storefront.operator.access import operator_required
from storefront.operator.queries import operator_counts


@operator_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "operator/home.html", {"counts": operator_counts()})
