"""VietQR bank transfer: the NAPAS VietQR code on the pay page, payments
matched by transfer reference and amount from bank statements and a signed
incoming-transfer webhook, an operator queue for everything that does not
match exactly."""
