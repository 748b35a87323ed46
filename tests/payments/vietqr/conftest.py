from tests.payments.vietqr.helpers import transfer, vietqr_order, vietqr_settings  # noqa: F401 - fixtures
