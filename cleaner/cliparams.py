"""Typer value coercion for plain option types, without building a pydantic adapter per option.

Typer (0.2x) coerces every option value through a pydantic ``TypeAdapter`` built on first use:
importing pydantic and building an adapter for each of the twenty options of ``cleaner clean``
costs a large share of a short run's start-up. For the plain types the CLI uses (text, numbers
with bounds, enum choices, paths, lists of these) this module gives each option a coercion that
calls typer's own choice and path helpers and needs no adapter. Only a well-formed value takes
this way: anything else (an out-of-range number, an unknown choice, a typer version without
these internals) goes to typer's own coercion, so results and error messages are typer's.
"""
from __future__ import annotations

import re
from enum import Enum
from pathlib import Path

_INT = re.compile(r"-?\d+")
_FLOAT = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


class _Slow(Exception):
    """This value needs typer's own coercion."""


class QuickCoercion:
    """Stands in for typer's ``RuntimeParam`` of one option (same ``coerce`` method)."""

    def __init__(self, descriptor, kind: str, item) -> None:
        self.descriptor = descriptor
        self.kind = kind
        self.item = item  # the annotation of one value (of a list's items for a list)
        self._typer = None

    def coerce(self, value, param, ctx):
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        try:
            if multi:
                if not isinstance(value, (list, tuple)):
                    raise _Slow
                return [self._one(v, param, ctx) for v in value]
            return self._one(value, param, ctx)
        except Exception:
            return self._typer_coercion().coerce(value, param=param, ctx=ctx)

    def _typer_coercion(self):
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(self.descriptor)
        return self._typer

    def _one(self, value, param, ctx):
        kind, info = self.kind, self.descriptor.parameter_info
        if kind == "str":
            if type(value) is str:
                return value
        elif kind == "bool":
            if type(value) is bool:
                return value
        elif kind in ("int", "float"):
            if type(value) is str and (_INT if kind == "int" else _FLOAT).fullmatch(value):
                number = int(value) if kind == "int" else float(value)
            elif type(value) is int or (kind == "float" and type(value) is float):
                number = value
            else:
                raise _Slow
            if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
                raise _Slow
            return float(number) if kind == "float" else number
        elif kind == "choice":
            from typer._param_types import coerce_cli_choice

            return coerce_cli_choice(value, choices=list(self.item),
                                     case_sensitive=info.case_sensitive, ctx=ctx)
        elif kind == "path":
            from typer._param_types import coerce_cli_path

            path_type = self.item
            if type(value) is str and value:
                value = path_type(value)
            if not isinstance(value, path_type):
                raise _Slow
            return coerce_cli_path(value, info, path_type=path_type, param=param, ctx=ctx)
        raise _Slow


def _kind(descriptor) -> tuple[str, object] | None:
    from typing import get_args, get_origin

    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None or getattr(info, "clamp", False):
        return None
    annotation = descriptor.annotation
    if get_origin(annotation) is list:
        args = get_args(annotation)
        annotation = args[0] if len(args) == 1 else None
    simple = {str: "str", bool: "bool", int: "int", float: "float"}
    if annotation in simple:
        return simple[annotation], annotation
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "choice", annotation
    if annotation is Path and info.path_type is None:
        return "path", annotation
    return None


def install(params) -> None:
    """Give typer parameters the quick coercion where it applies."""
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue  # another typer version, or already set up
        try:
            kind = _kind(descriptor)
        except Exception:
            kind = None
        if kind is not None:
            param._runtime_param = QuickCoercion(descriptor, *kind)


def quick_group_class():
    """A ``TyperGroup`` that installs the quick coercion on the command it resolves."""
    from typer.core import TyperGroup

    class QuickGroup(TyperGroup):
        def parse_args(self, ctx, args):
            _install_quietly(self, ctx)
            return super().parse_args(ctx, args)

        def resolve_command(self, ctx, args):
            name, cmd, rest = super().resolve_command(ctx, args)
            if cmd is not None:
                _install_quietly(cmd, ctx)  # its options and its --help (same names as the group's)
            return name, cmd, rest

    return QuickGroup


def _install_quietly(command, ctx) -> None:
    try:
        install(command.get_params(ctx))
    except Exception:  # typer's own coercion still works
        pass
