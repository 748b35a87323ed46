"""MoMo's paths, included by ``payments.urls`` under ``thanh-toan/momo/``
(names ``payments:momo_*``). The IPN URL is sent with each payment."""

from django.urls import path

from payments.gateways.momo import views

urlpatterns = [
    path("ipn/", views.ipn, name="momo_ipn"),
    path("ket-qua/", views.return_page, name="momo_return"),
    path("don/<str:token>/", views.start, name="momo_start"),
]
