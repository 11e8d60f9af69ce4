"""The local store: SQLAlchemy models, encrypted columns, migrations and the unit of work."""
