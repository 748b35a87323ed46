"""The baseline for benchmarks: the cheapest possible Django view, served by the
same server, settings and middleware as the pages being measured. Mounted only
when BENCH_BARE_VIEW is on (see config/urls.py)."""

from django.http import HttpRequest, HttpResponse


def bare_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")
