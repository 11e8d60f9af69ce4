"""Error kinds: what a person can act on (KnownError, in their language) apart from bugs.

Three kinds, one rule each (docs/architecture.md, "Error kinds"):

- **KnownError**: the operation cannot be done and the user can do something about it (a
  finalized inspection, an empty name, a letter that needs a signed registration). It carries a
  :class:`~inspector.messages.BilingualMessage`: a stable code that tests and callers match on,
  and the sentence in Dutch and English with its parameters filled in. The window shows
  ``message_for(exc, lang)`` in the interface language; ``str(exc)`` is the English sentence
  (the command line and tests). Every core error a screen can show derives from it.
- **Storage faults** (:func:`is_storage_fault`): the store or the disk failed (SQLAlchemy,
  a value that does not decrypt, a damaged or locked store, an OSError). Said in plain Dutch by
  ``inspector.errors.plain_error``; never the exception's own text, which can hold SQL or paths.
- **Everything else is a bug**: logged and handed to the crash handler (a report without
  personal data); the user reads one sentence that says so.

This module imports neither Qt nor SQLAlchemy nor the store: the crash hook is installed before
the first window and the command line before any subcommand, and both classify with it.
"""

from __future__ import annotations

import sys
from typing import Any

from inspector.messages import BilingualMessage

#: The store's and the disk's error classes, by module: looked up only where their module is
#: loaded (an error of a module never imported cannot have been raised).
STORAGE_FAULTS: tuple[tuple[str, str], ...] = (
    ("sqlalchemy.exc", "SQLAlchemyError"),
    ("inspector.security.crypto", "DecryptionError"),
    ("inspector.storage.db", "StoreDamaged"),
    ("inspector.storage.types", "StoreLocked"),
)

BUG = BilingualMessage(
    "bug",
    "er ging iets mis dat niet had mogen gebeuren; het is vastgelegd in een foutrapport "
    "zonder persoonsgegevens",
    "something went wrong that should not have; it was written to an error report without "
    "personal data",
)


class KnownError(Exception):
    """A failure the user can act on; ``message`` says it in Dutch and English.

    ``KnownError(code, nl, en, **params)`` fills the parameters into both sentences (``{name}``
    placeholders, ``str.format``); ``KnownError(BilingualMessage(...))`` takes a message as is.
    A bare sentence (``KnownError("...")``) is for maintainer-facing failures (a broken template
    file): it reads the same in every language.
    """

    def __init__(
        self,
        message: BilingualMessage | str,
        nl: str | None = None,
        en: str | None = None,
        **params: Any,
    ) -> None:
        if isinstance(message, str):
            if nl is not None and en is not None:
                message = BilingualMessage(message, nl.format(**params), en.format(**params))
            else:
                message = BilingualMessage("text", message, message)
        super().__init__(message.en)
        self.message = message

    @property
    def code(self) -> str:
        """The stable code of the message (what tests and callers match on)."""
        return self.message.code

    def text(self, lang: str) -> str:
        """The sentence in the interface language: Dutch for ``nl``, English otherwise."""
        return self.message.text(lang)


def is_storage_fault(exc: BaseException) -> bool:
    """Whether *exc* is a failure of the store or the file system (said in plain words)."""
    if isinstance(exc, OSError):
        return True
    for module, name in STORAGE_FAULTS:
        cls = getattr(sys.modules.get(module), name, None)
        if cls is not None and isinstance(exc, cls):
            return True
    return False


def message_for(exc: BaseException, lang: str = "nl") -> str:
    """What the window (or the command line) tells the user about *exc*, in *lang*."""
    if isinstance(exc, KnownError):
        return exc.text(lang)
    if is_storage_fault(exc):
        from inspector.errors import plain_error

        return plain_error(exc)
    return BUG.text(lang)
