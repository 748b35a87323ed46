from django.apps import AppConfig


class VietQRConfig(AppConfig):
    name = "payments.vietqr"
    label = "vietqr"
    verbose_name = "VietQR"
    default_auto_field = "django.db.models.BigAutoField"
