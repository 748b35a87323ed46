"""Stripe: hosted Checkout Sessions for the whole order, verified webhooks,
refunds, and Connect transfers to sellers' connected accounts."""
