"""Encryption at rest, the data key's keeping, officer passwords and unlocking."""
