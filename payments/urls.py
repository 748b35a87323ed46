"""Payment pages and provider callbacks. Each gateway adds its own paths
below (return pages, webhooks, IPNs)."""

from django.urls import include, path

from payments import views

app_name = "payments"

urlpatterns = [
    path("thanh-toan/don/<str:token>/", views.pay, name="pay"),
    path("", include("payments.vietqr.urls")),
    path("thanh-toan/stripe/", include("payments.gateways.stripe.urls")),
    path("thanh-toan/vnpay/", include("payments.gateways.vnpay.urls")),
    path("thanh-toan/momo/", include("payments.gateways.momo.urls")),
]
