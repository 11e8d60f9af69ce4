"""On-the-spot BRP registration: the pure core (MRZ, countries, list import, texts, signed PDF)."""
