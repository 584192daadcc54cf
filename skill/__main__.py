"""Back Stretch Coach: `serve` runs the skill, `check` validates content, `chat` and `say` talk
to it from a terminal as Alexa would."""

from __future__ import annotations

import argparse
import os
import signal
import sys

from skill.catalog import ContentError, load_catalog
from skill.config import ConfigError, Settings
from skill.logs import configure_logging
from skill.simulator import cli as simulator_cli
from skill.voice.narration import routine_minutes


def serve(settings: Settings) -> int:
    """Serve the skill with waitress on settings.host:settings.port."""
    from waitress import serve as waitress_serve

    from skill.web import create_app

    # SIGTERM (docker stop, kill) exits normally, so the embedded Redis is saved and stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    app = create_app(settings)
    print(
        f"Back Stretch Coach listening on http://{settings.host}:{settings.port}/alexa "
        f"(health: /healthz)",
        file=sys.stderr,
    )
    waitress_serve(app, host=settings.host, port=settings.port, threads=8, ident="back-coach")
    return 0


def check(settings: Settings) -> int:
    """Validate every content file; print each routine or every problem."""
    try:
        catalog = load_catalog(settings.content_dir)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    for routine in catalog.routines:
        print(
            f"ok  {routine.id}: {routine.name}, {len(routine.moves)} moves, "
            f"{len(routine.steps)} steps, about {routine_minutes(routine)} min"
        )
    return 0


def report(settings: Settings) -> int:
    """Print the voice report; 1 when any step is flagged."""
    from skill.voice.report import flagged_steps, format_report

    try:
        catalog = load_catalog(settings.content_dir)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(format_report(catalog))
    return 1 if flagged_steps(catalog) else 0


def parser() -> argparse.ArgumentParser:
    """The command line: serve, check, chat, say."""
    top = argparse.ArgumentParser(prog="back-coach", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("serve", help="serve the skill on $HOST:$PORT (POST /alexa)")
    commands.add_parser("check", help="validate the content files")
    commands.add_parser(
        "report", help="walk every routine and print each step's length, repeats and flags"
    )
    simulator_cli.add_parsers(commands)
    return top


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = parser().parse_args(argv)
    try:
        if args.command == "chat":
            return simulator_cli.run_chat(args)
        if args.command == "say":
            return simulator_cli.run_say(args)
        configure_logging(os.environ.get("LOG_LEVEL") or "INFO")
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        print(f"refusing to start: {exc}", file=sys.stderr)
        return 1
    if args.command == "check":
        return check(settings)
    if args.command == "report":
        return report(settings)
    try:
        return serve(settings)
    except ContentError as exc:
        print(f"refusing to start: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
