"""The office sync service (``inspector serve``): FastAPI on uvicorn, SQLite or PostgreSQL."""
