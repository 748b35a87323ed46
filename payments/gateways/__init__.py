"""Payment gateways behind one interface (``payments.gateways.base``).
Which gateways run is listed in ``settings.PAYMENT_GATEWAYS`` (import paths;
see ``payments.registry``)."""
