"""Alexa's side of the conversation on the command line: NLU from the interaction model,
genuine request envelopes, and readable replies. Everything but transport.py and cli.py is pure."""
