"""Where everything kept about a person lives: Redis, behind a small interface."""
