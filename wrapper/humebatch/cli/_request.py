"""The request flags of `submit` and `run`, built from the contract when the CLI is imported.

Every option of every model and of transcription, and every other setting of a job
(``callback_url``, ``notify``), gets a flag whose type, choices, bounds, API default and
description come from `hume_batch_contract`, that is from the spec: an option added to the spec
is a flag after ``make generate``, with no edit here. Nested objects are flattened (prosody's
``window.length`` is ``--window-length``); one flag serves every model having an option of that
name and shape (``--granularity`` is prosody's and language's) and sets it on each selected
model that has it; the other settings are named by their path (``--transcription-language``).
Values are only parsed here: the library checks them against the same contract, and
`_messages` words its errors in these flags.

``--config`` takes a whole job configuration as JSON, the API's body (inline, ``@file``, or
``@-`` for stdin); the flags are laid over it, so flags win.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from hume_batch_contract import MODELS, REQUEST, SCHEMAS, Field, Schema, bounds

from .._options import merge_body

__all__ = [
    "FLAGS",
    "INPUT_FIELDS",
    "RequestFlag",
    "Target",
    "build_flags",
    "request_from_options",
    "request_options",
    "submit_arguments",
]

INPUT_FIELDS = ("urls", "text")
"""Request fields given as the commands' arguments and ``--text``, not as flags."""

MODELS_FIELD = "models"
"""The request field that selects the models: its options are named without the model."""

# Names the commands use for options of their own; a request flag never takes one of them.
RESERVED = frozenset(
    {"help", "model", "config", "text", "wait", "timeout", "out", "urls-file", "text-file",
     "batch-size", "concurrency", "max-requests", "shard", "reprocess", "resubmit-forgotten",
     "format", "progress-interval", "api-key", "base-url", "debug"}
)  # fmt: skip

# The names these options had before the flags came from the contract, kept as their names
# (the contract's spelling is accepted too).
LEGACY_NAMES: Mapping[tuple[str, ...], str] = {
    ("models", "face", "fps_pred"): "--fps",
    ("transcription", "language"): "--language",
}

_LONG_CHOICES = 50
"""Choices longer than this (all together) are listed in the help, not in the metavar."""


@dataclass(frozen=True)
class Target:
    """One place a flag sets: the JSON path in the job configuration, and its field."""

    path: tuple[str, ...]
    field: Field
    context: str = ""
    """The description of the object holding it, for an option nested in one (``window``)."""

    @property
    def dotted(self) -> str:
        """The path as the library's messages write it (``models.face.fps_pred``)."""
        return ".".join(self.path)

    @property
    def model(self) -> str | None:
        return self.path[1] if self.path[0] == MODELS_FIELD else None


def _shape(field: Field, schemas: Mapping[str, Schema]) -> str:
    """How a leaf is given on the command line."""
    if field.ref in schemas and "object" in field.types:
        return "toggle"  # an object with no options of its own: {} enables, null disables
    if field.types == ("boolean",):
        return "boolean"
    if field.types in (("number",), ("integer",), ("string",)):
        return field.types[0]
    if (
        field.types == ("array",)
        and field.items is not None
        and field.items.types
        in (
            ("number",),
            ("integer",),
            ("string",),
        )
    ):
        return "list"
    return "json"


@dataclass(frozen=True)
class RequestFlag:
    """A flag of the job configuration and where it goes."""

    name: str
    """The option's name, ``--window-length``; ``aliases`` are accepted too."""
    targets: tuple[Target, ...]
    shape: str
    """``boolean``, ``toggle``, ``number``, ``integer``, ``string``, ``list`` or ``json``."""
    aliases: tuple[str, ...] = ()

    @property
    def dest(self) -> str:
        """The command's keyword argument (prefixed: never a name the command uses itself)."""
        return "request__" + self.name.lstrip("-").replace("-", "_")

    @property
    def field(self) -> Field:
        return self.targets[0].field

    def value(self, given: Any) -> Any:
        """The JSON value of what click parsed; None when the flag was not given."""
        if given is None or given == ():
            return None
        if self.shape == "toggle":
            return {} if given else _NULL
        if self.shape == "list":
            return list(given)
        return given

    def option(self) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """The click option."""
        names = [self.name, *self.aliases]
        if self.shape in ("boolean", "toggle"):
            pairs = [f"{name}/--no-{name[2:]}" for name in names]
            return click.option(*pairs, self.dest, default=None, help=self.help())
        return click.option(
            *names,
            self.dest,
            type=_param_type(self.shape, self.field),
            metavar="URL" if self.field.format == "uri" else None,
            multiple=self.shape == "list",
            default=None,
            help=self.help(),
        )

    def help(self) -> str:
        """The help line: who reads it, the spec's description, what it takes, API default."""
        models = [t.model for t in self.targets if t.model is not None]
        owner = ", ".join(models) if models else ".".join(self.targets[0].path[:-1])
        description = next((t.field.description for t in self.targets if t.field.description), "")
        text = description.strip()
        if not text:  # the spec says nothing: name it by its path, with its object's words
            first = self.targets[0]
            within = first.path[2:] if first.model is not None else first.path[1:]
            text = " ".join(within or first.path[-1:]).replace("_", " ").capitalize()
            if first.context:
                text += f" ({first.context.rstrip('.')[0].lower()}{first.context.rstrip('.')[1:]})"
            if self.shape == "toggle":
                text += f": --{self.name[2:]} sends {{}} (on), --no-{self.name[2:]} null (off)"
        if not text.endswith("."):
            text += "."
        parts = [f"{owner}: {text}" if owner else text]
        limits = bounds(self.field)
        if limits:
            parts.append(f"{limits[0].upper()}{limits[1:]}.")
        enum = self.field.enum or (self.field.items.enum if self.field.items else None)
        if enum is not None and len("|".join(map(str, enum))) > _LONG_CHOICES:
            parts.append(f"One of: {', '.join(map(str, enum))}.")
        if self.shape == "list":
            parts.append("Repeatable.")
        defaults = [(t.model, t.field.default) for t in self.targets if t.field.has_default]
        if defaults and self.shape != "toggle":
            shown = {json.dumps(d) for _, d in defaults}
            if len(shown) == 1:
                parts.append(f"API default: {shown.pop()}.")
            else:
                each = ", ".join(f"{m} {json.dumps(d)}" for m, d in defaults)
                parts.append(f"API default: {each}.")
        return " ".join(parts)


class _Null:
    """What ``--no-facs`` sends: null (``None`` means "flag not given" in click's values)."""


_NULL = _Null()


class Choices(click.ParamType):  # type: ignore[type-arg]
    """An enum of the contract: completed by the shell, checked by the library (not here)."""

    name = "choice"

    def __init__(self, values: Sequence[Any], label: str) -> None:
        self.values = [str(v) for v in values]
        self.label = label

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        joined = "|".join(self.values)
        return f"[{joined}]" if len(joined) <= _LONG_CHOICES else self.label

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return value

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[Any]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(v) for v in self.values if v.startswith(incomplete)]


class JsonValue(click.ParamType):  # type: ignore[type-arg]
    """Any JSON value (for an option whose shape has no flag of its own)."""

    name = "json"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            self.fail(f"{value!r} is not JSON ({exc.msg})", param, ctx)


def _param_type(shape: str, field: Field) -> click.ParamType:  # type: ignore[type-arg]
    leaf = field.items if shape == "list" and field.items is not None else field
    if leaf.enum is not None:
        return Choices(leaf.enum, (leaf.ref or "value").upper())
    kind = leaf.types[0] if leaf.types else ""
    if shape == "json":
        return JsonValue()
    if kind == "number":
        return click.FLOAT
    return click.INT if kind == "integer" else click.STRING


# --------------------------------------------------------------------------- the flags


def _leaves(
    schema: Schema, path: tuple[str, ...], schemas: Mapping[str, Schema]
) -> Iterator[Target]:
    """Every option under ``schema``; objects with options of their own are walked into."""
    for name, field in schema.fields.items():
        sub = schemas.get(field.ref) if field.ref is not None else None
        if sub is not None and sub.fields and "object" in field.types:
            for leaf in _leaves(sub, (*path, name), schemas):
                context = leaf.context or field.description or sub.description
                yield Target(leaf.path, leaf.field, context)
        else:
            yield Target((*path, name), field)


def _signature(field: Field, schemas: Mapping[str, Schema]) -> tuple[Any, ...]:
    """What options of several models must share to be set by one flag."""
    items = field.items
    return (
        _shape(field, schemas),
        field.types,
        field.enum,
        field.minimum,
        field.maximum,
        field.exclusive_minimum,
        field.exclusive_maximum,
        None if items is None else (items.types, items.enum),
    )


def _option_name(parts: Sequence[str]) -> str:
    return "--" + "-".join(parts).replace("_", "-")


def build_flags(
    schemas: Mapping[str, Schema] = SCHEMAS, request: str = REQUEST
) -> tuple[RequestFlag, ...]:
    """The flags of the job configuration ``request`` in ``schemas`` (the contract's)."""
    candidates: list[tuple[str, str, tuple[Target, ...]]] = []  # (name, fallback name, targets)
    root = schemas[request]
    for name, field in root.fields.items():
        if name in INPUT_FIELDS:
            continue
        sub = schemas.get(field.ref) if field.ref is not None else None
        if name == MODELS_FIELD and sub is not None:
            by_option: dict[tuple[str, ...], list[Target]] = {}
            for model, model_field in sub.fields.items():
                options = schemas.get(model_field.ref) if model_field.ref is not None else None
                if options is None:
                    continue
                for target in _leaves(options, (name, model), schemas):
                    by_option.setdefault(target.path[2:], []).append(target)
            for option, targets in by_option.items():
                shared = {_signature(t.field, schemas) for t in targets}
                if len(shared) == 1:
                    # the fallback names it by its first model
                    first = targets[0].path[1]
                    candidates.append(
                        (_option_name(option), _option_name((first, *option)), tuple(targets))
                    )
                else:  # the same name, different meanings: one flag per model
                    for target in targets:
                        named = _option_name(target.path[1:])
                        candidates.append((named, named, (target,)))
        elif sub is not None and sub.fields and "object" in field.types:
            for target in _leaves(sub, (name,), schemas):
                named = _option_name(target.path)
                candidates.append((named, _option_name(("job", *target.path)), (target,)))
        else:
            target = Target((name,), field)
            named = _option_name(target.path)
            candidates.append((named, _option_name(("job", name)), (target,)))
    taken = {f"--{name}" for name in RESERVED} | set(LEGACY_NAMES.values())
    flags: list[RequestFlag] = []
    for name, fallback, sets in candidates:
        chosen = name if name not in taken else fallback
        legacy = [LEGACY_NAMES[t.path] for t in sets if t.path in LEGACY_NAMES]
        aliases: tuple[str, ...] = ()
        if len(sets) == 1 and legacy:
            chosen, aliases = legacy[0], (chosen,)
        taken.update((chosen, *aliases))
        flags.append(RequestFlag(chosen, sets, _shape(sets[0].field, schemas), aliases))
    return tuple(flags)


FLAGS: tuple[RequestFlag, ...] = build_flags()
"""The flags of the contract this humebatch was built with."""


# --------------------------------------------------------------------------- --config


class JobConfig(click.ParamType):  # type: ignore[type-arg]
    """A job configuration as JSON: inline, ``@file``, or ``@-`` for stdin."""

    name = "json"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, Mapping):
            return value
        text = str(value)
        where = "--config"
        if text.startswith("@"):
            where = f"--config file {text[1:]!r}" if text != "@-" else "--config from stdin"
            try:
                text = sys.stdin.read() if text == "@-" else Path(text[1:]).read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = getattr(exc, "strerror", None) or exc
                self.fail(f"cannot read {value[1:]!r}: {reason}", param, ctx)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            self.fail(
                f"{where} is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
                param,
                ctx,
            )
        fields = tuple(SCHEMAS[REQUEST].fields)
        if not isinstance(data, dict):
            self.fail(
                f"{where} must be a JSON object of the job's settings ({', '.join(fields)}), "
                f'such as {{"models": {{"face": {{}}}}}}',
                param,
                ctx,
            )
        unknown = [key for key in data if key not in fields]
        if unknown:
            self.fail(
                f"{where} has {unknown[0]!r}, which is not a setting of a job (they are: "
                f"{', '.join(fields)})",
                param,
                ctx,
            )
        return data


def request_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--model``, ``--config`` and the flags of every option, for `submit` and `run`.

    The command receives them as keyword arguments; `request_from_options` builds the job
    configuration from them.
    """
    for flag in reversed(FLAGS):
        func = flag.option()(func)
    func = click.option(
        "--config",
        "request__config",
        type=JobConfig(),
        metavar="JSON|@FILE",
        help="The job's settings as JSON, the API's request body, e.g. "
        '\'{"models": {"prosody": {"granularity": "word"}}}\'; @FILE reads a file, @- stdin. '
        "Flags are laid over it: where both set a value, the flag wins.",
    )(func)
    return click.option(
        "--model",
        "request__models",
        multiple=True,
        type=click.Choice(MODELS),
        help="Model to run (repeatable); default: every model (or those of --config).",
    )(func)


def _put(tree: dict[str, Any], path: Sequence[str], value: Any) -> None:
    for key in path[:-1]:
        tree = tree.setdefault(key, {})
    tree[path[-1]] = None if value is _NULL else value


def request_from_options(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Pop the `request_options` arguments from ``options``; return the job configuration
    (``--config`` with the flags laid over it) and the flag that set each JSON path.

    A model option applies to the selected models that have it (``--model``, else the models
    of ``--config``, else every model); one whose models are none of them is a usage error.
    """
    names = list(dict.fromkeys(options.pop("request__models")))
    config = dict(options.pop("request__config") or {})
    given = [(flag, flag.value(options.pop(flag.dest))) for flag in FLAGS]
    given = [(flag, value) for flag, value in given if value is not None]
    configured = config.get(MODELS_FIELD)
    if isinstance(configured, list | tuple) and all(isinstance(n, str) for n in configured):
        config[MODELS_FIELD] = configured = {n: {} for n in configured}
    from_config = (
        [n for n, c in configured.items() if c is not None]
        if isinstance(configured, Mapping)
        else []
    )
    model_flags = [(f, v) for f, v in given if f.targets[0].model is not None]
    selected = list(dict.fromkeys(from_config + names))
    if not selected and model_flags:
        selected = list(MODELS)
    overlay: dict[str, Any] = {}
    if names or model_flags:
        overlay[MODELS_FIELD] = {name: {} for name in names}
    origins: dict[str, str] = {}
    for flag, value in given:
        targets = [t for t in flag.targets if t.model is None or t.model in selected]
        if not targets:
            owners = " / ".join(str(t.model) for t in flag.targets)
            which = "--model" + (" or --config" if from_config else "")
            raise click.UsageError(
                f"{flag.name} configures {owners}, which {which} does not select."
            )
        for target in targets:
            _put(overlay, target.path, value)
            origins[target.dotted] = flag.name
    return merge_body(config, overlay), origins


SUBMIT_ARGUMENTS = ("models", "transcription", "callback_url", "notify")
"""The settings of a job that `Client.submit` takes as arguments of their own."""


def submit_arguments(request: Mapping[str, Any]) -> dict[str, Any]:
    """`Client.submit`'s keyword arguments for a job configuration, its inputs left out.

    The settings it has no argument for (added to the spec after this humebatch was written)
    go as ``extra_body``, so that they reach the API all the same.
    """
    kwargs = {key: request[key] for key in SUBMIT_ARGUMENTS if key in request}
    if "notify" in kwargs and kwargs["notify"] is None:  # null is absent
        del kwargs["notify"]
    extra = {
        key: value
        for key, value in request.items()
        if key not in SUBMIT_ARGUMENTS and key not in INPUT_FIELDS
    }
    if extra:
        kwargs["extra_body"] = extra
    return kwargs
