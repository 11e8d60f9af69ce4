"""Alembic environment of the service schema (separate from the laptop store's)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from inspector.server.models import ServerBase

config = context.config
target_metadata = ServerBase.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            version_table="service_alembic_version",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
