"""Translation providers behind one interface, and the network rules they all follow.

A provider turns one source text into a :class:`Suggestion`. Remote providers are adapters
around deep-translator's translators (Google, DeepL, Microsoft, LibreTranslate, MyMemory);
the translation memory (:mod:`l10n.drafting.tm`) is a local one.

deep-translator calls ``requests.get``/``requests.post`` with no timeout and retries nothing.
This module gives its provider modules a stand-in for ``requests`` that sends every request
through a per-thread session with a timeout and turns 429 and 5xx answers into retryable
errors; :class:`RemoteProvider` retries those, and timeouts and refused connections, with
exponential backoff up to a bound, under a shared rate limit. Keys come only from
environment variables and never appear in a message.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, Protocol, runtime_checkable

import requests

from l10n.config import Config
from l10n.errors import ConfigError, ProviderError
from l10n.schema import default

SECTION = "providers"
DEFAULT_PROVIDER = default("default", table="providers")


@dataclass(slots=True, frozen=True)
class Suggestion:
    """A provider's answer for one text."""

    text: str  # the draft translation
    score: float | None = None  # match score in 0..1, for providers that have one
    origin: str = ""  # where it came from (the memory's source text), for reports


@runtime_checkable
class Provider(Protocol):
    """Anything that can draft a translation of one text."""

    name: str  # as written in the ``draft:`` line
    remote: bool  # sends text over the network: masked, billed, retried, run concurrently
    concurrency: int  # requests in flight at once (1 for local providers)

    def translate(self, text: str) -> Suggestion | None:
        """A draft for ``text``, or None when the provider has nothing to offer.

        Raises :class:`EntryError` when this one text cannot be drafted, and
        :class:`~l10n.errors.ProviderError` when the provider gives up for good.
        """
        ...


class EntryError(Exception):
    """This one text could not be drafted (the entry stays untranslated and is reported)."""


@dataclass(slots=True, frozen=True)
class NetworkSettings:
    """How a remote provider talks to its server; ``[tool.l10n.providers.<name>]`` overrides."""

    # Meanings and defaults are declared once, in l10n.schema ([tool.l10n.providers]).
    timeout: float = default("timeout", table="providers")
    retries: int = default("retries", table="providers")
    backoff: float = default("backoff", table="providers")
    max_backoff: float = default("max_backoff", table="providers")
    rate_limit: float = default("rate_limit", table="providers")
    concurrency: int = default("concurrency", table="providers")

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based)."""
        wait = self.backoff * (2**attempt)
        if retry_after is not None:
            wait = max(wait, retry_after)
        return min(wait, self.max_backoff)


# -- the stand-in for ``requests`` inside deep-translator -------------------------------------


class TransientError(Exception):
    """A request that may work if tried again: 429, 5xx, a timeout, a refused connection.

    Not a ``requests`` exception, so that no ``except`` inside deep-translator swallows it.
    """

    def __init__(self, cause: str, retry_after: float | None = None):
        super().__init__(cause)
        self.cause = cause
        self.retry_after = retry_after


_local = threading.local()
_FALLBACK_TIMEOUT = 30.0
_RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def _send(method: str, url: str, **kwargs: Any) -> requests.Response:
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    kwargs.setdefault("timeout", getattr(_local, "timeout", _FALLBACK_TIMEOUT))
    extra = getattr(_local, "params", None)
    if extra:
        params = dict(kwargs.get("params") or {})
        params.update(extra)
        kwargs["params"] = params
    try:
        response = session.request(method, url, **kwargs)
    except requests.Timeout as exc:
        raise TransientError(f"no answer within {kwargs['timeout']:g} s") from exc
    except requests.ConnectionError as exc:
        raise TransientError(f"unreachable ({_connection_cause(exc)})") from exc
    _local.status = response.status_code
    if response.status_code in _RETRYABLE_STATUS or response.status_code >= 500:
        retry_after = _retry_after(response)
        response.close()
        if response.status_code == 429:
            raise TransientError("too many requests (HTTP 429)", retry_after)
        raise TransientError(f"the server answered HTTP {response.status_code}", retry_after)
    return response


class _TimeoutRequests:
    """Stands in for the ``requests`` module in deep-translator's provider modules."""

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return _send("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return _send("POST", url, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)


_installed = False
_install_lock = threading.Lock()


def _install_transport() -> None:
    global _installed
    with _install_lock:
        if _installed:
            return
        from deep_translator import deepl, google, libre, microsoft, mymemory

        for module in (deepl, google, libre, microsoft, mymemory):
            module.requests = _TimeoutRequests()
        _installed = True


# -- rate limit -----------------------------------------------------------------------------


class RateLimiter:
    """Spaces out calls from every thread to at most ``per_second`` per second."""

    def __init__(self, per_second: float):
        self._interval = 1.0 / per_second if per_second > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self._interval:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self._interval
        if start > now:
            time.sleep(start - now)


# -- remote providers -----------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class RemoteSpec:
    """How to build one deep-translator translator."""

    name: str
    key_env: str | None  # the environment variable that holds the key
    key_required: bool
    build: Callable[[str, str, str | None, Mapping[str, Any]], Any]  # (source, target, key, options)
    codes: Callable[[], set[str]]  # the language codes deep-translator accepts
    free_codes: bool = False  # the server decides its languages (self-hosted LibreTranslate)
    extra_params: Callable[[Mapping[str, Any]], dict[str, str]] = field(default=lambda options: {})


def _build_google(source: str, target: str, key: str | None, options: Mapping[str, Any]) -> Any:
    from deep_translator import GoogleTranslator

    return GoogleTranslator(source=source, target=target)


def _build_deepl(source: str, target: str, key: str | None, options: Mapping[str, Any]) -> Any:
    from deep_translator import DeeplTranslator

    free = options.get("free_api", bool(key and key.endswith(":fx")))
    return DeeplTranslator(source=source, target=target, api_key=key, use_free_api=bool(free))


def _build_microsoft(source: str, target: str, key: str | None, options: Mapping[str, Any]) -> Any:
    from deep_translator import MicrosoftTranslator

    return MicrosoftTranslator(source=source, target=target, api_key=key, region=options.get("region"))


def _build_libre(source: str, target: str, key: str | None, options: Mapping[str, Any]) -> Any:
    from deep_translator import LibreTranslator

    url = str(options["url"])
    translator = LibreTranslator(
        source="en", target="es", api_key=key or "-", custom_url=url if url.endswith("/") else url + "/"
    )
    # deep-translator's list of LibreTranslate languages is fixed and short; a self-hosted
    # server knows its own, so the codes are set past deep-translator's check.
    translator.source = source
    translator.target = target
    if not key:
        translator.api_key = None
    return translator


def _build_mymemory(source: str, target: str, key: str | None, options: Mapping[str, Any]) -> Any:
    from deep_translator import MyMemoryTranslator

    return MyMemoryTranslator(source=source, target=target, email=options.get("email"))


def _codes(table_name: str) -> Callable[[], set[str]]:
    def codes() -> set[str]:
        from deep_translator import constants

        return set(getattr(constants, table_name).values())

    return codes


def _deepl_params(options: Mapping[str, Any]) -> dict[str, str]:
    formality = options.get("formality")
    return {"formality": str(formality)} if formality else {}


REMOTE: dict[str, RemoteSpec] = {
    "google": RemoteSpec("google", None, False, _build_google, _codes("GOOGLE_LANGUAGES_TO_CODES")),
    "deepl": RemoteSpec(
        "deepl", "DEEPL_API_KEY", True, _build_deepl, _codes("DEEPL_LANGUAGE_TO_CODE"), extra_params=_deepl_params
    ),
    "microsoft": RemoteSpec(
        "microsoft", "MICROSOFT_API_KEY", True, _build_microsoft, _codes("GOOGLE_LANGUAGES_TO_CODES")
    ),
    "libretranslate": RemoteSpec(
        "libretranslate", "LIBRE_API_KEY", False, _build_libre, _codes("LIBRE_LANGUAGES_TO_CODES"), free_codes=True
    ),
    "mymemory": RemoteSpec("mymemory", None, False, _build_mymemory, _codes("MY_MEMORY_LANGUAGES_TO_CODES")),
}
PROVIDER_NAMES = (DEFAULT_PROVIDER, *REMOTE)


def provider_code(lang: str, codes: set[str], *, free: bool = False) -> str | None:
    """The provider's spelling of a gettext language code (``pt_BR`` -> ``pt-BR``, ``ro`` -> ``ro-RO``)."""
    dashed = lang.replace("_", "-")
    base = lang.split("_")[0].lower()
    by_lower = {code.lower(): code for code in codes}
    for wanted in (dashed.lower(), base):
        if wanted in by_lower:
            return by_lower[wanted]
    regional = sorted(code for code in codes if code.lower().startswith(base + "-"))
    if regional:
        return regional[0]
    return base if free else None


class RemoteProvider:
    """A deep-translator translator with timeouts, retries, a rate limit and one instance per thread."""

    remote = True

    def __init__(
        self,
        spec: RemoteSpec,
        *,
        source: str,
        target: str,
        key: str | None,
        options: Mapping[str, Any],
        settings: NetworkSettings,
    ):
        self.name = spec.name
        self.spec = spec
        self.settings = settings
        self.concurrency = max(1, settings.concurrency)
        self._source, self._target = source, target
        self._key = key
        self._options = dict(options)
        self._params = spec.extra_params(options)
        self._limiter = RateLimiter(settings.rate_limit)
        self._threads = threading.local()
        self._cancelled = threading.Event()
        _install_transport()

    def cancel(self) -> None:
        """Make waiting retries give up at once (the command is ending)."""
        self._cancelled.set()

    def _translator(self) -> Any:
        translator = getattr(self._threads, "translator", None)
        if translator is None:
            translator = self.spec.build(self._source, self._target, self._key, self._options)
            self._threads.translator = translator
        return translator

    def translate(self, text: str) -> Suggestion | None:
        """Send ``text``; retry what is worth retrying; raise ProviderError when giving up."""
        settings = self.settings
        attempts = settings.retries + 1
        for attempt in range(attempts):
            if self._cancelled.is_set():
                raise ProviderError(f"{self.name}: cancelled")
            self._limiter.wait()
            _local.timeout = settings.timeout
            _local.params = self._params
            _local.status = None
            retry_after = None
            try:
                answer = self._translator().translate(text)
            except TransientError as exc:
                cause = exc.cause
                retry_after = exc.retry_after
            except requests.RequestException as exc:
                raise ProviderError(f"{self.name}: request failed ({type(exc).__name__})") from exc
            except Exception as exc:  # deep-translator's own errors carry no status
                self._classify(exc)
            else:
                return self._answer(text, answer)
            finally:
                _local.params = None
            if attempt + 1 < attempts:
                if self._cancelled.wait(settings.delay(attempt, retry_after)):
                    raise ProviderError(f"{self.name}: cancelled")
        raise ProviderError(f"{self.name}: {cause}; gave up after {attempts} attempts")

    def _answer(self, text: str, answer: object) -> Suggestion | None:
        if not isinstance(answer, str) or not answer.strip():
            raise EntryError("the provider returned no translation")
        if answer.startswith("MYMEMORY WARNING"):
            raise ProviderError(f"{self.name}: daily quota exhausted")
        return Suggestion(answer)

    def _classify(self, exc: Exception) -> None:
        status = getattr(_local, "status", None)
        name = type(exc).__name__
        if status in (401, 403) or name in ("AuthorizationException", "ApiKeyException"):
            hint = f"; check {self.spec.key_env}" if self.spec.key_env else ""
            raise ProviderError(f"{self.name}: the server refused the key (HTTP {status or 403}){hint}") from exc
        if status == 456:
            raise ProviderError(f"{self.name}: quota exhausted (HTTP 456)") from exc
        if name in ("LanguageNotSupportedException", "InvalidSourceOrTargetLanguage"):
            raise ProviderError(f"{self.name}: language pair {self._source}->{self._target} not supported") from exc
        if status is not None and not 200 <= status < 300:
            raise EntryError(f"the server answered HTTP {status}") from exc
        if name in ("NotValidLength", "NotValidPayload"):
            raise EntryError("text too long for this provider") from exc
        if name in ("TranslationNotFound", "ElementNotFoundInGetRequest"):
            raise EntryError("the provider found no translation") from exc
        raise EntryError(f"unexpected answer ({name})") from exc


def _connection_cause(exc: requests.ConnectionError) -> str:
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "No route to host", "Connection reset"):
        if marker in text:
            return marker.lower()
    return "connection failed"


# -- configuration --------------------------------------------------------------------------


def provider_options(config: Config, name: str) -> dict[str, Any]:
    """The ``[tool.l10n.providers.<name>]`` table, with shared keys of ``[tool.l10n.providers]``."""
    table = config.section(SECTION)
    shared = {k: v for k, v in table.items() if not isinstance(v, dict)}
    own = table.get(name, {})
    if not isinstance(own, dict):
        raise ConfigError(f"[tool.l10n.providers.{name}] must be a table", path=config.file)
    return {**shared, **own}


def network_settings(config: Config, name: str, **overrides: Any) -> NetworkSettings:
    """The network settings of provider ``name`` from the configuration, then ``overrides``."""
    options = {**provider_options(config, name), **{k: v for k, v in overrides.items() if v is not None}}
    defaults = NetworkSettings()
    values: dict[str, Any] = {}
    for key, kind in (("timeout", float), ("retries", int), ("backoff", float), ("max_backoff", float),
                      ("rate_limit", float), ("concurrency", int)):
        value = options.get(key, getattr(defaults, key))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(f"[tool.l10n.providers.{name}] {key} must be a non-negative number", path=config.file)
        values[key] = kind(value)
    if values["timeout"] <= 0:
        raise ConfigError(f"[tool.l10n.providers.{name}] timeout must be more than 0", path=config.file)
    return NetworkSettings(**values)


def default_provider(config: Config) -> str:
    """``default`` in ``[tool.l10n.providers]``, or ``tm``."""
    value = config.section(SECTION).get("default", DEFAULT_PROVIDER)
    return str(value)


def make_remote_provider(
    config: Config, name: str, *, source: str, target: str, settings: NetworkSettings | None = None
) -> RemoteProvider:
    """Build remote provider ``name`` for one language pair; raise ProviderError if it cannot work."""
    spec = REMOTE.get(name)
    if spec is None:
        raise ConfigError(f"unknown provider {name!r} (providers: {', '.join(PROVIDER_NAMES)})")
    options = provider_options(config, name)
    if name == "libretranslate" and not options.get("url"):
        raise ConfigError(
            "libretranslate needs the address of your server: "
            "url = \"http://localhost:5000/\" in [tool.l10n.providers.libretranslate]",
            path=config.file,
        )
    key_env = str(options.get("api_key_env", spec.key_env or "")) or None
    if "api_key" in options:
        raise ConfigError(
            f"[tool.l10n.providers.{name}] api_key: keys are read only from the environment"
            + (f" (set {key_env})" if key_env else ""),
            path=config.file,
        )
    key = os.environ.get(key_env) if key_env else None
    if spec.key_required and not key:
        raise ProviderError(f"{name}: no API key; set the environment variable {key_env}")
    codes = spec.codes()
    source_code = provider_code(source, codes, free=spec.free_codes)
    target_code = provider_code(target, codes, free=spec.free_codes)
    for lang, code in ((source, source_code), (target, target_code)):
        if code is None:
            raise ProviderError(f"{name}: no support for language {lang}")
    return RemoteProvider(
        dataclasses.replace(spec, key_env=key_env),
        source=source_code,
        target=target_code,
        key=key,
        options=options,
        settings=settings or network_settings(config, name),
    )
