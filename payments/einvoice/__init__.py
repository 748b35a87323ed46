"""Electronic invoices (hóa đơn điện tử, Decree 123/2020/NĐ-CP) for paid
sub-orders: each seller invoices its own part of an order.

- ``data``: the invoice's content as plain data classes (seller, buyer,
  lines, VAT per rate, totals, total in words);
- ``vat``: the VAT rates and the integer rounding;
- ``builder``: an invoice from a sub-order and the books;
- ``base``: ``EInvoiceProvider``, the adapter a provider (VNPT, Viettel,
  MISA, …) implements; ``file_export``: the file implementation;
- ``services``: issue invoices for an order's paid sub-orders, once each,
  after the payment's transaction commits.
"""
