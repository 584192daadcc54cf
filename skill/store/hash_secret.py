"""The key for hashing Alexa ids when USER_ID_HASH_SECRET is not set: made once, kept in the data
folder, shared by every process that serves from it."""

from __future__ import annotations

import logging
import os
import secrets
import threading
from pathlib import Path

log = logging.getLogger(__name__)


def kept_secret(data_dir: Path) -> bytes:
    """A random secret kept in the data folder so restarts keep their keys: made by whichever
    process needs it first, read by every other. It is written whole to a file of its own and
    then linked into place, which fails if another got there first: nobody reads half a secret."""
    path = data_dir / "user-id-hash-secret"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        draft.write_text(secrets.token_hex(32), encoding="utf-8")
        draft.chmod(0o600)
        try:
            os.link(draft, path)
            log.warning(
                "USER_ID_HASH_SECRET is not set; generated one in %s (set it in production)", path
            )
        except FileExistsError:
            pass  # another process (or worker) made it first: use theirs
        finally:
            draft.unlink(missing_ok=True)
    return path.read_text(encoding="utf-8").strip().encode()
