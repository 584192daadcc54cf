"""The docs check: every command in a fenced `sh` block of the README and docs/ is run here, as a
reader would paste it from the repository root, or is claimed below by what holds it instead.

A command that serves (`make run`, `back-coach serve`) starts in its own process group, as in a
second terminal, and is waited for on /healthz; it serves the commands after it on the page until
the next server starts or the page ends. The port and the data folder are the test's own: "5000"
in a command becomes a free port, and DATA_DIR points at a temporary folder."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.docs import README, Block, blocks, commands, pages
from tests.support.servers import LOOPBACK, free_port, wait_for

ROOT = README.parent
BASH = shutil.which("bash") or "/bin/bash"
SERVES = re.compile(r"(^|\s)(make run|\S*back-coach serve)(\s|$)")
ACCOUNT = "needs an Amazon developer account; tests/unit/test_skill_package.py checks the package"
# Commands not run here, each with what holds it instead (a test file named must exist).
CLAIMED = {
    "make test": "the suite itself: .ci/run runs it on a clean clone",
    "make integration PYTEST_WORKERS=0": "the suite itself, serially: .ci/run runs it in workers",
    ".venv/bin/pytest -x tests/store/test_resilience.py": "part of the suite that .ci/run runs",
    ".ci/fresh-install": ".ci/run runs it first",
    "sudo apt-get install redis-server redis-sentinel redis-tools docker-compose": (
        "needs root: .ci/run installs these packages as root in CI"
    ),
    "make originality SOURCES=../shared/sources": (
        "needs the source articles, which are not in the repository; "
        "tests/unit/test_originality.py holds the check on its own samples"
    ),
    "USER_ID_HASH_SECRET=$(openssl rand -hex 32) ALEXA_SKILL_ID=amzn1.ask.skill.your-id "
    "docker compose up -d": (
        "needs a Docker daemon: tests/sockets/serving/test_compose.py validates the compose file "
        "and serves a dialog with the container's command"
    ),
    "npm install -g ask-cli": ACCOUNT,
    "ask configure": ACCOUNT,
    "ask deploy": ACCOUNT,
    "ask smapi list-skills-for-vendor": ACCOUNT,
    "ask dialog --locale en-GB": ACCOUNT,
}
COMMAND_LANGUAGES = {"sh"}
OTHER_LANGUAGES = {"text", "caddy"}


def shell_blocks(page: Path) -> list[Block]:
    return [b for b in blocks(page) if b.language in COMMAND_LANGUAGES]


def without_comment(command: str) -> str:
    return re.sub(r"\s+#\s.*$", "", command)


def every_command() -> list[str]:
    return [without_comment(c) for page in pages() for b in shell_blocks(page) for c in commands(b)]


def test_every_fenced_block_says_what_it_holds() -> None:
    unmarked = [
        b.where
        for page in pages()
        for b in blocks(page)
        if b.language not in COMMAND_LANGUAGES | OTHER_LANGUAGES
    ]
    assert not unmarked, f"a fenced block needs a language (sh for commands): {unmarked}"


def test_every_claim_is_still_in_the_docs_and_names_what_exists() -> None:
    given = set(every_command())
    assert not sorted(set(CLAIMED) - given), "a claimed command is no longer in the docs"
    for reason in CLAIMED.values():
        for path in re.findall(r"(?:tests|\.ci)/[\w/.-]+\w", reason):
            assert (ROOT / path).exists(), f"{path} does not exist"


class Reader:
    """Runs one page's commands as a reader would, with one server up at a time."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.env = {
            k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
        }
        self.env.update(PORT=str(self.port), DATA_DIR=str(folder / "var"))
        self.folder = folder
        self.server: subprocess.Popen[bytes] | None = None
        self.ran: list[str] = []

    def run(self, block: Block, command: str) -> None:
        command = command.replace("5000", str(self.port))
        if SERVES.search(command):
            self.serve(block, command)
            return
        done = subprocess.run(
            [BASH, "-o", "pipefail", "-c", command],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, (
            f"{block.where}: `{command}` exited {done.returncode}\n"
            f"{done.stdout.decode(errors='replace')[-2000:]}\n"
            f"{done.stderr.decode(errors='replace')[-2000:]}"
        )
        self.ran.append(command)

    def serve(self, block: Block, command: str) -> None:
        self.stop()
        with (self.folder / "server.log").open("wb") as log:
            self.server = subprocess.Popen(
                [BASH, "-c", command],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = self.server

        def healthy() -> bool:
            assert server.poll() is None, (self.folder / "server.log").read_text()
            url = f"http://{LOOPBACK}:{self.port}/healthz"
            with urllib.request.urlopen(url, timeout=1) as answer:
                return bool(answer.status == 200)

        wait_for(healthy, f"{block.where}: `{command}` to answer /healthz", timeout=60)
        self.ran.append(command)

    def stop(self) -> None:
        """Stop the server and everything it started, as Ctrl-C in its terminal would."""
        if self.server is None:
            return
        server, self.server = self.server, None
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(server.pid, sig)
                server.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue
            except ProcessLookupError:
                break
        # The group's last members (the embedded Redis's users) go with their leader.
        wait_for(lambda: not alive(server.pid), "the server's process group to end", 10)


def alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@contextmanager
def reader(folder: Path) -> Iterator[Reader]:
    person = Reader(folder)
    try:
        yield person
    finally:
        person.stop()


PAGES = [page for page in pages() if shell_blocks(page)]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_command_on_the_page_runs(page: Path, tmp_path: Path) -> None:
    with reader(tmp_path) as person:
        for block in shell_blocks(page):
            for command in map(without_comment, commands(block)):
                if command not in CLAIMED:
                    person.run(block, command)


def test_the_front_door_commands_are_among_those_run() -> None:
    readme = [without_comment(c) for b in shell_blocks(README) for c in commands(b)]
    assert "make run" in readme
    assert "make test" in readme
    assert any("back-coach say" in c for c in readme)
    assert any("/healthz" in c for c in readme)
