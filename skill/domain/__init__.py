"""The pure core: routines, places and what happens on each thing a person says.

Nothing in this package imports Flask, ask-sdk or Redis; only the standard library.
"""
