"""Real English sentences and light edits of them, for merge tests against msgmerge."""

from __future__ import annotations

import importlib
import inspect
import random
import re

MODULES = (
    "argparse", "asyncio", "base64", "calendar", "collections", "configparser", "contextlib",
    "csv", "dataclasses", "datetime", "decimal", "difflib", "email", "enum", "fractions",
    "functools", "gettext", "glob", "gzip", "hashlib", "heapq", "http.client", "imaplib",
    "inspect", "ipaddress", "json", "locale", "logging", "mailbox", "mimetypes", "multiprocessing",
    "netrc", "numbers", "optparse", "os", "pathlib", "pickle", "pdb", "platform", "plistlib",
    "pprint", "queue", "random", "re", "shlex", "shutil", "smtplib", "socket", "sqlite3",
    "statistics", "string", "subprocess", "tarfile", "tempfile", "textwrap", "threading",
    "tkinter", "tomllib", "turtle", "typing", "unittest", "urllib.parse", "urllib.request",
    "uuid", "warnings", "wave", "weakref", "xml.dom.minidom", "zipfile", "zoneinfo",
)  # fmt: skip
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_WORDS = ("new", "other", "old", "main", "every", "some", "first", "last", "local", "simple")


def real_sentences(count: int) -> list[str]:
    """``count`` distinct English sentences from the standard library's docstrings, in a fixed order."""
    seen: dict[str, None] = {}
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        docs = [inspect.getdoc(module) or ""]
        for attribute in sorted(vars(module)):
            if not attribute.startswith("_"):
                docs.append(inspect.getdoc(getattr(module, attribute)) or "")
        for doc in docs:
            for paragraph in doc.split("\n\n"):
                text = " ".join(paragraph.split())
                for sentence in _SENTENCE_RE.split(text):
                    if 30 <= len(sentence) <= 240 and sentence[0].isupper() and sentence[-1] in ".!?":
                        seen.setdefault(sentence)
                        if len(seen) == count:
                            return list(seen)
    return list(seen)


def light_edit(sentence: str, rng: random.Random) -> str:
    """The sentence with one word changed, added or dropped, or one letter changed."""
    words = sentence.split(" ")
    choice = rng.randrange(4)
    position = rng.randrange(len(words))
    if choice == 0:
        words[position] = rng.choice(_WORDS)
    elif choice == 1:
        words.insert(position, rng.choice(_WORDS))
    elif choice == 2 and len(words) > 3:
        del words[position]
    else:
        word = words[position]
        index = rng.randrange(len(word))
        words[position] = word[:index] + rng.choice("aeiouxyz") + word[index + 1 :]
    edited = " ".join(words)
    return edited if edited != sentence else sentence + " Again."
