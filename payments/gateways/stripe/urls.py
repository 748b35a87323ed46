"""Stripe's paths, included by ``payments.urls`` under ``thanh-toan/stripe/``."""

from django.urls import path

from payments.gateways.stripe import views

urlpatterns = [
    path("webhook/", views.webhook, name="stripe_webhook"),
    path("tro-ve/<str:token>/", views.return_page, name="stripe_return"),
]
