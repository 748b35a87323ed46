"""Traceability: batches, GS1 Digital Link QR stamps, supply-chain events
(EPCIS 2.0), scans and the public verification of a scanned code.

Where things are (for the resolver, GraphQL, seller-centre and label code
built on top):

- ``models``: TradeItem (a variant's GTIN), Batch, StampJob, Stamp,
  StampEvent (audit), EpcisEvent (JSON-LD + timeline columns), ScanLog.
- ``services``: every change, re-exported from ``identifiers`` (GTINs),
  ``batches`` (create/update/recall), ``stamps`` (request/generate, claim for
  printing, activate, void), ``events`` (record a production step, export a
  batch as an EPCISDocument) and ``scans`` (log a scan; ``scan_uri`` does a
  whole verification page view).
- ``selectors``: URIs (``stamp_uri``, ``batch_code_uri``), label rows,
  job progress, stamp counts, batch timelines, the product page's batch
  history (``product_traceability``).
- ``verification``: what the public page says of a scanned code
  (``verification_for_uri``, the ten required items); ``verification_cache``:
  its cached answer (``cached_verification``).
- ``permissions``: fetchers that check membership (``get_batch_for_user``,
  ``get_stamp_job_for_user``, ``get_stamps_for_user`` …); NOT_FOUND otherwise.
- ``errors``: ``TraceError`` codes and their Vietnamese messages.
- ``epcis``: building and validating EPCIS 2.0 documents (no database).
- ``gs1``: GTINs, Digital Link URIs and serials; ``labels``: label sheets.
"""
