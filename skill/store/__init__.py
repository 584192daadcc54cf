"""Where progress is kept: Redis, behind a small interface."""
