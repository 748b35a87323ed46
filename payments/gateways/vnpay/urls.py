"""VNPay's paths, included by ``payments.urls`` under ``thanh-toan/vnpay/``
(names ``payments:vnpay_*``). Register ``<site>/thanh-toan/vnpay/ipn/`` as
the IPN URL with VNPay."""

from django.urls import path

from payments.gateways.vnpay import views

urlpatterns = [
    path("ipn/", views.ipn, name="vnpay_ipn"),
    path("ket-qua/", views.return_page, name="vnpay_return"),
    path("don/<str:token>/", views.start, name="vnpay_start"),
]
