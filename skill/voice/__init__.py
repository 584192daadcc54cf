"""How the coach sounds: every spoken word, as SSML. Pure: no Flask, ask-sdk or Redis."""
