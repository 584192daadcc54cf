"""Developer tools: checks and reports run from `make`, never by a deployed server."""
