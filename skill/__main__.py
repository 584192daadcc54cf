"""Back Stretch Coach: `serve` runs the skill, `check` validates content, `chat` and `say` talk
to it from a terminal as Alexa would."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys

from skill.catalog import ContentError, load_catalog
from skill.config import ConfigError, Settings, log_level
from skill.domain.routines import Catalog
from skill.listening import bind_problem, family
from skill.logs import configure_logging
from skill.simulator import cli as simulator_cli
from skill.voice.narration import routine_minutes


def serve(settings: Settings) -> int:
    """Serve the skill with waitress on settings.host:settings.port."""
    catalog = load_catalog(settings.content_dir)  # invalid content refuses first, before all else
    # Bound next: a port in use or a foreign address fails before Redis or the app start.
    try:
        listener = socket.create_server(
            (settings.host, settings.port), family=family(settings.host)
        )
    except OSError as exc:
        problem = bind_problem(settings.host, settings.port, exc)
        print(f"configuration error: {problem}", file=sys.stderr)
        return 2
    # The web stack is imported only now: a refusal above takes a fraction of a second.
    from waitress.server import create_server

    from skill.web import create_app
    from skill.web.endpoint import MAX_BODY_BYTES

    # SIGTERM (docker stop, kill) exits normally, so the embedded Redis is saved and stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    app = create_app(settings, catalog=catalog)
    server = create_server(
        app,
        sockets=[listener],
        threads=8,
        ident="back-coach",
        # Refused by waitress (413) from Content-Length, or as chunks arrive, before the app
        # sees a byte: nothing larger is ever read into memory or a temporary file.
        max_request_body_size=MAX_BODY_BYTES,
    )
    # Printed only now that the socket is bound: a port in use never says "listening".
    print(
        f"Back Stretch Coach listening on http://{settings.host}:{settings.port}/alexa "
        f"(health: /healthz)",
        file=sys.stderr,
    )
    server.run()
    return 0


def _catalog(settings: Settings) -> Catalog | None:
    """The content, or None after printing every problem with it."""
    try:
        return load_catalog(settings.content_dir)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return None


def check(settings: Settings) -> int:
    """Validate every content file; print each routine or every problem."""
    catalog = _catalog(settings)
    if catalog is None:
        return 1
    for routine in catalog.routines:
        print(
            f"ok  {routine.id}: {routine.name}, {len(routine.moves)} moves, "
            f"{len(routine.steps)} steps, about {routine_minutes(routine)} min"
        )
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line: serve, check, chat, say."""
    top = argparse.ArgumentParser(prog="back-coach", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("serve", help="serve the skill on $HOST:$PORT (POST /alexa)")
    commands.add_parser("check", help="validate the content files")
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
        configure_logging(log_level())
        settings = Settings.from_env(serving=args.command == "serve")
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `back-coach say ... | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
    except ContentError as exc:
        print(f"refusing to start: {exc}", file=sys.stderr)
        return 1
    if args.command == "check":
        return check(settings)
    try:
        return serve(settings)
    except ContentError as exc:
        print(f"refusing to start: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
