from django.urls import path

from payments.vietqr import views

app_name = "vietqr"

urlpatterns = [
    path("thanh-toan/vietqr/webhook/", views.webhook, name="webhook"),
    path("quan-ly/vietqr/sao-ke/", views.statements, name="statements"),
    path("quan-ly/vietqr/cho-xu-ly/", views.queue, name="queue"),
    path("quan-ly/vietqr/cho-xu-ly/<int:review_id>/", views.review, name="review"),
]
