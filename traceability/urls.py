"""Public traceability URLs: the Digital Link resolver lives at the site root
(``/01/…``, ``/00/…``, ``/.well-known/gs1resolver``), the pages under Vietnamese paths."""

from django.urls import path, re_path

from traceability.views import language, resolver, verification

app_name = "traceability"

urlpatterns = [
    path(".well-known/gs1resolver", resolver.resolver_description, name="resolver_description"),
    re_path(r"^(?P<path>01/.+)$", resolver.resolve, name="resolve"),
    re_path(r"^(?P<path>00/.+)$", resolver.resolve_sscc, name="resolve_sscc"),
    path("xac-thuc/ngon-ngu/", language.switch_language, name="language"),
    re_path(r"^xac-thuc/(?P<path>01/.+)$", verification.verify, name="verify"),
    re_path(r"^truy-xuat/(?P<path>01/.+)$", verification.history, name="history"),
]
