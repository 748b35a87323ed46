"""VNPay (Cổng thanh toán VNPAY, API 2.1.0): the shopper pays on VNPay's page
(bank card, QR in a banking app); VNPay's IPN tells our server the outcome."""

from payments.gateways.vnpay.gateway import VNPay

__all__ = ["VNPay"]
