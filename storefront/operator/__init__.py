"""The operators' pages (``/quan-ly/``): province OCOP office and trading-floor
staff review seller applications, moderate listings and read the audit trail.

Every view is wrapped by ``access.operator_required``; every change goes
through a service of ``marketplace.seller`` or ``marketplace.product``."""
