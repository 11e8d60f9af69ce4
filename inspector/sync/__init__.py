"""Encrypted sync: office keys and trust, sealed records, the outbox and the sync client."""
