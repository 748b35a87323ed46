"""GS1 identifiers and GS1 Digital Link URIs, written here from GS1's standards
(General Specifications for GTINs and check digits; Digital Link URI Syntax 1.x
for paths, qualifiers and data attributes)."""
