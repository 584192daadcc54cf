"""The docs check: every command in a fenced `sh` block of the README and docs/ is run here, as a
reader would paste it from the repository root, or is claimed below by what holds it instead.

A command that serves (`make run`, `back-coach serve`) starts in its own process group, as in a
second terminal, and is waited for on /healthz; it serves the commands after it on the page until
the next server starts or the page ends. The port and the data folder are the test's own: "5000"
in a command becomes a free port, and DATA_DIR points at a temporary folder."""

from __future__ import annotations

import json
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

from skill.config import Settings
from tests.support.docs import README, Block, blocks, commands, pages
from tests.support.servers import LOOPBACK, free_port, wait_for

ROOT = README.parent
BASH = shutil.which("bash") or "/bin/bash"
MAKE = shutil.which("make") or "make"
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
OTHER_LANGUAGES = {"text", "caddy", "yaml", "json"}


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


def test_no_block_is_fenced_with_tildes() -> None:
    fenced = [str(p) for p in pages() if re.search(r"^ *~~~", p.read_text(), re.MULTILINE)]
    assert not fenced, f"fence with ``` so the docs check sees the block: {fenced}"


def test_the_port_the_docs_give_is_the_default() -> None:
    # The check runs each command on its own port, in place of 5000: 5000 must be what a reader
    # gets without setting PORT, from `make run` and from the server itself.
    assert re.search(r"^PORT \?= 5000$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert Settings.from_env({"USER_ID_HASH_SECRET": "x" * 32}, serving=False).port == 5000


def test_every_claim_is_still_in_the_docs_and_names_what_exists() -> None:
    given = set(every_command())
    assert not sorted(set(CLAIMED) - given), "a claimed command is no longer in the docs"
    for reason in CLAIMED.values():
        for path in re.findall(r"(?:tests|\.ci)/[\w/.-]+\w", reason):
            assert (ROOT / path).exists(), f"{path} does not exist"


# What a command's output must show, so a command that "works" but does the wrong thing fails.
EXPECT = [
    (re.compile(r"back-coach say\b"), re.compile(r"StartRoutineIntent .*→ lower-back")),
    (re.compile(r"/healthz"), re.compile(r'"status": ?"ok"')),
    (re.compile(r"/alexa .*start_routine_request"), re.compile(r'"outputSpeech"')),
    (re.compile(r"^make check$"), re.compile(r"^ok ", re.MULTILINE)),
]
# A reader's shell: nothing of the test run's own (its REDIS_URL, its make flags) leaks in.
PASSED_ON = ("PATH", "HOME", "LANG", "TMPDIR", "CI")


class Reader:
    """Runs one page's commands as a reader would, with one server up at a time."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.data = folder / "var"
        self.env = {k: os.environ[k] for k in PASSED_ON if k in os.environ}
        self.env.update(PORT=str(self.port), DATA_DIR=str(self.data))
        self.folder = folder
        self.server: subprocess.Popen[bytes] | None = None
        self.ran: list[str] = []

    def run(self, block: Block, command: str) -> None:
        command = command.replace("5000", str(self.port))
        if SERVES.search(command):
            self.serve(block, command)
            return
        process = subprocess.Popen(
            [BASH, "-o", "pipefail", "-c", command],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            out, err = process.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"{block.where}: `{command}` did not finish in 180 s")
        output = out.decode(errors="replace")
        assert process.returncode == 0, (
            f"{block.where}: `{command}` exited {process.returncode}\n"
            f"{output[-2000:]}\n{err.decode(errors='replace')[-2000:]}"
        )
        for pattern, shows in EXPECT:
            if pattern.search(command):
                assert shows.search(output), f"{block.where}: `{command}` printed\n{output[-2000:]}"
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
                server.wait(timeout=20)
                break
            except subprocess.TimeoutExpired:
                continue
            except ProcessLookupError:
                break
        wait_for(lambda: not alive(server.pid), "the server's process group to end", 10)

    def finish(self) -> None:
        """Stop the server; then the embedded Redis (its own session), which its last user stops,
        must be gone too."""
        self.stop()
        registry = self.data / "redis-server.json"
        if registry.exists():
            pid = int(json.loads(registry.read_text())["pid"])
            wait_for(lambda: not running(pid), "the embedded Redis to stop", 20)


def alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in state(pid)


def state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


@contextmanager
def reader(folder: Path) -> Iterator[Reader]:
    person = Reader(folder)
    try:
        yield person
    finally:
        person.finish()


PAGES = [page for page in pages() if shell_blocks(page)]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_command_on_the_page_runs(page: Path, tmp_path: Path) -> None:
    # The commands run `make`, which would reinstall the venv this test runs from if it were out
    # of date: refuse instead.
    up_to_date = subprocess.run(
        [MAKE, "-q", ".venv/.installed-stamp"], cwd=ROOT, check=False, capture_output=True
    )
    assert up_to_date.returncode == 0, "the venv is older than the locks: run `make install`"
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
