from django.http import HttpResponse
from django.urls import path

app_name = "storefront"

urlpatterns = [
    path("", lambda request: HttpResponse("Chợ OCOP"), name="home"),
]
