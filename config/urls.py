from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from marketplace.graphql.core.response_cache import cached_catalog_queries
from marketplace.graphql.views import GraphQLView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("graphql/", cached_catalog_queries(GraphQLView.as_view()), name="graphql"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("kenh-nguoi-ban/", include("storefront.seller_centre.urls")),
    path("quan-ly/", include("storefront.operator.urls")),
    # The stamp resolver and verification page first: they take the most
    # requests (every scan), and no other pattern matches their paths.
    path("", include("traceability.urls")),
    path("", include("payments.urls")),
    path("", include("storefront.urls")),
]
if settings.BENCH_BARE_VIEW:
    from config.bench_views import bare_view

    urlpatterns.insert(0, path("bench/bare/", bare_view))
if settings.SERVE_MEDIA:
    # In production the proxy or object storage serves media; this is for local runs and tests.
    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.insert(0, re_path(rf"^{prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
