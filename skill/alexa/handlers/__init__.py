"""Request handlers, one module per concern."""
