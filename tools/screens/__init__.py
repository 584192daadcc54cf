"""The APL layout checks and the previews for the README: what apl-suggester cannot check."""
