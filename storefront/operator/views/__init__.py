"""Views of the operator pages, one module per concern."""
