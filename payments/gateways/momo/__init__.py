"""MoMo (ví MoMo, API v2 ``captureWallet``): our server creates the payment
at MoMo, the shopper pays in MoMo's page or app, MoMo's IPN tells our server
the outcome."""

from payments.gateways.momo.gateway import MoMo

__all__ = ["MoMo"]
