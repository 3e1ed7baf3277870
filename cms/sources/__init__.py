"""Content sources: fetching feeds safely, reading them, importing their entries."""
