"""The usual phrases Alexa maps to its built-in intents, for intents a model lists.

Alexa trains AMAZON.* intents on its own utterances; a model's samples only extend them.
This is a representative set, not Amazon's list."""

from __future__ import annotations

BUILTIN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.StopIntent": ("stop", "stop it", "stop that", "off", "shut up", "be quiet", "enough"),
    "AMAZON.CancelIntent": ("cancel", "cancel that", "never mind", "nevermind", "forget it"),
    "AMAZON.HelpIntent": (
        "help",
        "help me",
        "i need help",
        "what do i say",
        "what can i say",
        "how does this work",
    ),
    "AMAZON.NavigateHomeIntent": ("go home", "home", "go to the home screen"),
    "AMAZON.PauseIntent": (
        "pause",
        "pause it",
        "pause that",
        "pause the routine",
        "take a break",
    ),
    "AMAZON.ResumeIntent": ("resume", "continue", "unpause"),
    "AMAZON.NextIntent": ("next", "next one", "skip forward", "go forward"),
    "AMAZON.PreviousIntent": ("previous", "go back", "back", "previous one"),
    "AMAZON.RepeatIntent": ("repeat", "say that again", "pardon", "come again", "what was that"),
    "AMAZON.StartOverIntent": ("start over", "restart", "start from the beginning"),
    "AMAZON.YesIntent": (
        "yes",
        "yeah",
        "yep",
        "yup",
        "sure",
        "ok",
        "okay",
        "yes please",
        "of course",
        "please do",
        "sounds good",
        "let's do it",
    ),
    "AMAZON.NoIntent": ("no", "nope", "nah", "no thanks", "no thank you", "not now", "not really"),
}

# Alexa's own words that close a skill's session with SessionEndedRequest (USER_INITIATED)
# instead of reaching the skill as an intent.
EXIT_PHRASES = frozenset({"exit", "quit", "goodbye", "good bye"})

FALLBACK_INTENT = "AMAZON.FallbackIntent"


def builtin_phrases(intent_names: set[str]) -> dict[str, tuple[str, ...]]:
    """The usual phrases of every built-in intent among intent_names."""
    return {name: phrases for name, phrases in BUILTIN_PHRASES.items() if name in intent_names}
