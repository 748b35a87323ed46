"""MoMo's paths, included by ``payments.urls`` under ``thanh-toan/momo/``
(names ``payments:momo_*``)."""

urlpatterns: list = []
