"""The seller centre's pages, by concept: joining (``onboarding``),
documents, the team, products and their import."""
