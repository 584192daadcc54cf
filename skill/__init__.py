"""Back Stretch Coach: an Alexa skill that coaches back-pain stretching routines by voice."""

__version__ = "0.1.0"
