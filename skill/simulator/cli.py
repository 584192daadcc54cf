"""`back-coach chat` and `back-coach say`: talk to the skill as Alexa would, from a terminal."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from http import HTTPStatus
from pathlib import Path
from typing import TextIO

from skill.catalog.model import load_model
from skill.simulator import speak
from skill.simulator.alexa_api import AlexaApiStandIn, serve
from skill.simulator.dialog import ASKS_PERMISSION, Dialog, Exchange
from skill.simulator.envelopes import (
    API_ENDPOINT,
    FAKE_API_TOKEN,
    PLACEHOLDER_SKILL_ID,
    SIMULATED_DEVICE,
    simulated_user_id,
)
from skill.simulator.nlu import Nlu
from skill.simulator.render import format_answer
from skill.simulator.transport import Transport, TransportError, in_process, over_http
from skill.voice.locales import DEFAULT_LOCALE, LOCALES

QUIT = frozenset({"quit", "q", ":q"})
REFUSED = frozenset({400, 401, 403})  # how a server that verifies requests answers unsigned ones
CHAT_HELP = """\
Type what you would say to Alexa, e.g. "start my lower back stretches", "next",
"how long do I hold". Commands: open (or launch) opens the skill · end closes the session
("Alexa, exit") · new lets the session time out so the next request starts a new one, as the
same user · quit leaves."""

TARGET_HELP = """\
By default the skill runs in-process (built with Settings.from_env(): REDIS_URL if set, else the
embedded Redis under var/) with request verification OFF, because nobody can sign simulated
requests. With --url the requests go to a running server, which must be started with
ALEXA_VERIFY_REQUESTS=false (e.g. `ALEXA_VERIFY_REQUESTS=false back-coach serve`)."""


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `chat` and `say` on the entry point's subcommands."""
    chat = commands.add_parser(
        "chat",
        help="talk to the skill interactively, as Alexa would",
        description=f"{CHAT_HELP}\n\n{TARGET_HELP}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(chat)
    say = commands.add_parser(
        "say",
        help="send a fixed sequence of utterances and commands",
        description=(
            'Run a sequence non-interactively, e.g. back-coach say "start my lower back '
            'stretches" next "how long do I hold" pause open yes\n\n'
            f"Commands: open, launch, end, new (as in chat).\n\n{TARGET_HELP}"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    say.add_argument("utterances", nargs="+", metavar="UTTERANCE", help="what to say, in order")
    _common(say)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url", help="POST to a running skill server, e.g. http://127.0.0.1:5000/alexa"
    )
    parser.add_argument(
        "--user",
        default="developer",
        help="who is talking: same name, same saved progress (default: developer)",
    )
    parser.add_argument(
        "--skill-id",
        default=os.environ.get("ALEXA_SKILL_ID") or PLACEHOLDER_SKILL_ID,
        help="applicationId sent in requests (default: $ALEXA_SKILL_ID or a placeholder)",
    )
    parser.add_argument(
        "--locale",
        default=DEFAULT_LOCALE,
        choices=LOCALES,
        help="the device's locale: which interaction model understands you, and the request's "
        f"locale the skill answers in (default: {DEFAULT_LOCALE})",
    )
    parser.add_argument(
        "--zone",
        default="UTC",
        help="the device's time zone, as the Alexa Settings API stand-in answers it "
        "(default: UTC; e.g. Europe/London)",
    )
    parser.add_argument(
        "--no-reminders-permission",
        action="store_true",
        help="the person has not yet allowed reminders: a reminder asks for it by voice",
    )
    parser.add_argument("--ssml", action="store_true", help="show the raw SSML too")
    parser.add_argument(
        "--speak",
        action="store_true",
        help="play replies with espeak-ng; exits 1 if it cannot (no sound device: try --wav)",
    )
    parser.add_argument(
        "--wav",
        type=Path,
        metavar="FILE",
        help="write the replies, spoken by espeak-ng, in order into one WAV file",
    )
    parser.add_argument("--verbose", action="store_true", help="show the skill's own logs")


def _transport(args: argparse.Namespace) -> Transport:
    if args.url:
        return over_http(args.url)
    from skill.config import Settings, log_level
    from skill.logs import configure_logging
    from skill.web import create_app

    configure_logging(log_level() if args.verbose else "ERROR")
    # Nobody can sign simulated requests: verification is off, so no skill id is required. Its
    # requests carry a made-up API token, for a stand-in of Alexa's APIs on loopback only (the
    # device's time zone, reminders), which lives as long as this process.
    api = _stand_in(args)
    simulated = {"ALEXA_VERIFY_REQUESTS": "false", "ALEXA_API_HOSTS": api.host}
    settings = Settings.from_env({**os.environ, **simulated})
    return in_process(create_app(settings))


def _stand_in(args: argparse.Namespace) -> AlexaApiStandIn:
    """The stand-in of Alexa's APIs for this run (it serves until the process ends)."""
    if not getattr(args, "stand_in", None):
        args.stand_in, _ = serve(FAKE_API_TOKEN, {SIMULATED_DEVICE: args.zone})
        args.stand_in.reminders_granted = not args.no_reminders_permission
    stand_in: AlexaApiStandIn = args.stand_in
    return stand_in


def dialog(args: argparse.Namespace, transport: Transport) -> Dialog:
    """A simulated dialog for the options given."""
    user = args.user if args.user.startswith("amzn1.") else simulated_user_id(args.user)
    nlu = Nlu(load_model(args.locale))
    stand_in = getattr(args, "stand_in", None)
    endpoint = stand_in.endpoint if stand_in is not None else API_ENDPOINT

    def granted(allowed: bool) -> None:
        if stand_in is not None:
            stand_in.reminders_granted = allowed

    return Dialog(
        nlu,
        transport,
        user,
        skill_id=args.skill_id,
        locale=args.locale,
        api_endpoint=endpoint,
        on_permission=granted,
    )


def show(exchange: Exchange, args: argparse.Namespace, out: TextIO, voice: speak.Voice) -> None:
    """Print one exchange; play or record its speech for --speak and --wav."""
    print(f"  {exchange.describe()}", file=out)
    described = exchange.request_type in ("SessionEndedRequest", "Connections.Response")
    if exchange.note and not described:
        print(f"  ({exchange.note})", file=out)
    if exchange.request_type is None:
        return
    answer = exchange.answer
    if answer is None:
        print("Alexa: (error) There was a problem with the requested skill's response.", file=out)
        print(http_error(exchange.status, args.url), file=sys.stderr)
        return
    if exchange.request_type == "SessionEndedRequest" and not answer.ssml:
        print("  (session closed; the skill answers without speech)", file=out)
        return
    print(format_answer(answer, show_ssml=args.ssml), file=out)
    if answer.hands_over:  # Alexa's own question comes next
        print(ASKS_PERMISSION, file=out)
    if answer.ssml:
        voice.reply(answer.ssml)


def http_error(status: int | None, url: str | None) -> str:
    """One line: the skill answered with an error status, and its likely cause."""
    try:
        phrase = f" {HTTPStatus(status or 0).phrase}"
    except ValueError:
        phrase = ""
    line = f"error: {url or 'the skill'} answered HTTP {status}{phrase}"
    if url and status in REFUSED:
        return (
            f"{line}: is request verification on? Start the server with ALEXA_VERIFY_REQUESTS=false"
        )
    if url and status in (404, 405):
        return f"{line}: is --url the skill's endpoint, e.g. http://127.0.0.1:5000/alexa?"
    return f"{line}: see the skill's logs" + ("" if url else " (--verbose)")


def _voice(args: argparse.Namespace) -> speak.Voice | None:
    """What --speak and --wav need, or None (said why) when --wav cannot be written."""
    program = speak.espeak_path() if args.speak or args.wav else None
    if program is None and args.wav:
        print(speak.install_hint("--wav"), file=sys.stderr)
        return None
    recording = None
    if args.wav and program is not None:
        try:
            recording = speak.Recording(args.wav, program)
        except OSError as exc:
            print(f"--wav: cannot write {args.wav}: {exc.strerror or exc}", file=sys.stderr)
            return None
    voice = speak.Voice(program, play=args.speak, recording=recording)
    if args.speak and program is None:
        print(speak.INSTALL_HINT, file=sys.stderr)
        voice.failed = True  # the replies are printed, but nothing was said: exit 1
    return voice


def run_say(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """`back-coach say …`: each utterance or command in exchange; 1 if any request failed, or
    --speak or --wav could not do their part."""
    started = _start(args)
    if started is None:
        return 1
    talk, voice = started
    return _run(talk, args.utterances, args, out or sys.stdout, voice, echo=True)


def run_chat(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """`back-coach chat`: read lines until quit or end of input."""
    started = _start(args)
    if started is None:
        return 1
    talk, voice = started
    out = out or sys.stdout
    print(CHAT_HELP, file=out)
    return _run(talk, _lines(), args, out, voice, echo=not sys.stdin.isatty())


def _start(args: argparse.Namespace) -> tuple[Dialog, speak.Voice] | None:
    """The dialog and what --speak and --wav need, or None after saying why not."""
    voice = _voice(args)  # first: a missing espeak-ng is said before the skill starts
    if voice is None:
        return None
    try:
        return dialog(args, _transport(args)), voice
    except TransportError as exc:
        print(exc, file=sys.stderr)
        voice.abandon()
        return None
    except BaseException:
        voice.abandon()
        raise


def _lines() -> Iterable[str]:
    prompt = "\nyou> " if sys.stdin.isatty() else ""
    while True:
        try:
            yield input(prompt)
        except (EOFError, KeyboardInterrupt):
            print()
            return


def _run(
    talk: Dialog,
    lines: Iterable[str],
    args: argparse.Namespace,
    out: TextIO,
    voice: speak.Voice,
    *,
    echo: bool,
) -> int:
    """Each line in exchange; a server that refuses the simulator's requests ends the run."""
    failed = False
    try:
        for line in lines:
            said = line.strip()
            if not said:
                continue
            if said.lower() in QUIT:
                break
            if echo:
                print(f"\nyou> {said}", file=out)
            exchange = talk.handle(said)
            show(exchange, args, out, voice)
            failed = failed or (exchange.status is not None and exchange.status != 200)
            if args.url and exchange.status in REFUSED:
                break  # every later request would be refused the same way
    except TransportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        failed = True
    finally:
        voice.finish(out)
    return 1 if failed or voice.failed else 0
