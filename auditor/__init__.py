"""auditor: audit pharma and biotech web pages (English and Chinese) for disclaimers and content."""

__version__ = "0.1.0"
