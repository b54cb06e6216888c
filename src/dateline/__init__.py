"""dateline: raw news in, an attributed, searchable record out."""
__version__ = "0.1.0"
