"""Public HTTP surface of the traceability area: the GS1 Digital Link resolver
(``resolver``) and the pages a shopper lands on after scanning
(``verification``: the verification page and the batch's public history)."""
