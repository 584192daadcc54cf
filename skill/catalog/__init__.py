"""The content and what is made from it: content/*.yaml validated and turned into domain
objects, with each locale's wording (locales.py), and every locale's interaction model generated
and checked from interaction_models/ (model.py)."""

from skill.catalog.loader import ContentError, load_catalog

__all__ = ["ContentError", "load_catalog"]
