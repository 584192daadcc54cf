"""Routine content: the YAML files in content/, validated and turned into domain objects."""

from skill.catalog.loader import ContentError, load_catalog

__all__ = ["ContentError", "load_catalog"]
