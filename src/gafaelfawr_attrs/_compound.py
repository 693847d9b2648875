"""Field kinds for numbers, mappings and nested models.

They read input as Pydantic v2 does in lax mode: integers from whole floats
and from strings of digits (blanks around, ``_`` between digits, a zero
fraction), floats from integers and numeric strings, booleans as 0 and 1.
Unlike Pydantic, floats must be finite: JSON cannot carry infinities or NaN.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, ClassVar, Generic, TypeVar

import attrs

from ._errors import ErrorDetails, FieldError, ValidationError
from ._fields import FieldKind, convert_or_reject
from ._structuring import make_structure_function

__all__ = [
    "FrozenDict",
    "Integer",
    "IntegerMapping",
    "Model",
    "ModelList",
    "Number",
    "to_float",
    "to_integer_mapping",
    "to_model_tuple",
]

K = TypeVar("K")
V = TypeVar("V")

_MAX_INT64 = 2**63
"""Whole floats from this magnitude on are too large for Pydantic's int."""

_WHOLE_DECIMAL = re.compile(r"([+-]?[0-9](?:_?[0-9])*)\.0+")
"""A string of an integer with a zero fraction, such as ``5.00``."""


class FrozenDict(Mapping[K, V], Generic[K, V]):
    """An immutable, hashable mapping that keeps its order.

    Parameters
    ----------
    items
        The mapping to copy.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        self._items: dict[K, V] = dict(items or {})

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._items == other._items
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenDict({self._items!r})"

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._items,))


_FRACTIONAL = "Input should be a valid integer, got a number with a fraction"
_TOO_LARGE = "Input should be a valid integer, exceeded the maximum size"
_NOT_AN_INTEGER = "Input should be a valid integer, unable to parse string"
_NOT_A_NUMBER = "Input should be a valid number, unable to parse string"


def _single(msg: str, kind: str, value: object) -> FieldError:
    return FieldError.single(msg, kind, value)


def parse_integer(value: object) -> int:
    """Read an integer as Pydantic does in lax mode.

    Parameters
    ----------
    value
        An int, a bool, a whole float or a string of an integer.

    Returns
    -------
    int
        The integer.

    Raises
    ------
    FieldError
        The value is not an integer.
    """
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = "Input should be a finite number"
            raise _single(msg, "finite_number", value)
        if value != int(value):
            msg = _FRACTIONAL
            raise _single(msg, "int_from_float", value)
        if abs(value) >= _MAX_INT64:
            msg = _TOO_LARGE
            raise _single(msg, "int_parsing_size", value)
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        whole = _WHOLE_DECIMAL.fullmatch(text)
        if whole is not None:
            text = whole[1]
        if text.isascii():
            try:
                return int(text)
            except ValueError:
                pass
        msg = _NOT_AN_INTEGER
        raise _single(msg, "int_parsing", value)
    msg = "Input should be a valid integer"
    raise _single(msg, "int_type", value)


def parse_float(value: object) -> float:
    """Read a finite float as Pydantic does in lax mode.

    Parameters
    ----------
    value
        A float, an int, a bool or a string of a number.

    Returns
    -------
    float
        The number.

    Raises
    ------
    FieldError
        The value is not a number, or not a finite one.
    """
    if isinstance(value, float | int):
        try:
            number = float(value)
        except OverflowError:
            msg = "Input should be a finite number"
            raise _single(msg, "finite_number", value) from None
    elif isinstance(value, str) and value.strip().isascii():
        try:
            number = float(value.strip())
        except ValueError:
            msg = _NOT_A_NUMBER
            raise _single(msg, "float_parsing", value) from None
    elif isinstance(value, str):
        msg = _NOT_A_NUMBER
        raise _single(msg, "float_parsing", value)
    else:
        msg = "Input should be a valid number"
        raise _single(msg, "float_type", value)
    if not math.isfinite(number):
        msg = "Input should be a finite number"
        raise _single(msg, "finite_number", value)
    return number


@attrs.frozen
class Integer(FieldKind):
    """An integer, optionally with a lower bound."""

    minimum: int | None = None
    """Smallest value allowed."""

    def parse(self, value: object) -> int:
        number = parse_integer(value)
        if self.minimum is not None and number < self.minimum:
            msg = f"Input should be greater than or equal to {self.minimum}"
            raise _single(msg, "greater_than_equal", value)
        return number

    def holds(self, value: object) -> bool:
        return type(value) is int and (
            self.minimum is None or value >= self.minimum
        )

    def schema(self, definitions: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            result["minimum"] = self.minimum
        return result

    def fast_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        namespace[f"{variable}_parse"] = self.parse
        check = f"{variable}.__class__ is not int"
        if self.minimum is not None:
            check += f" or {variable} < {self.minimum}"
        return [
            f"if {check}:",
            f"    {variable} = {variable}_parse({variable})",
        ]


@attrs.frozen
class Number(FieldKind):
    """A finite float; integers are converted."""

    held_type: ClassVar[type] = float

    def parse(self, value: object) -> float:
        return parse_float(value)

    def holds(self, value: object) -> bool:
        return type(value) is float and math.isfinite(value)

    def schema(self, definitions: dict[str, Any]) -> dict[str, Any]:
        return {"type": "number"}


@attrs.frozen
class IntegerMapping(FieldKind):
    """A mapping of strings to integers, held as a `FrozenDict`."""

    held_type: ClassVar[type] = FrozenDict

    def parse(self, value: object) -> FrozenDict[str, int]:
        if not isinstance(value, Mapping):
            msg = "Input should be a valid dictionary"
            raise _single(msg, "dict_type", value)
        result: dict[str, int] = {}
        errors: list[ErrorDetails] = []
        for key, item in value.items():
            if not isinstance(key, str):
                errors.append(
                    {
                        "loc": (key,),
                        "msg": "Input should be a valid string",
                        "type": "string_type",
                        "input": key,
                    }
                )
                continue
            try:
                result[str(key)] = parse_integer(item)
            except FieldError as error:
                errors.extend(error.located(key))
        if errors:
            raise FieldError(errors)
        return FrozenDict(result)

    def holds(self, value: object) -> bool:
        return type(value) is FrozenDict

    def decoded_type(self) -> Any:
        return dict[str, int]

    def decoded_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        namespace["FrozenDict"] = FrozenDict
        return [f"{variable} = FrozenDict({variable})"]

    def schema(self, definitions: dict[str, Any]) -> dict[str, Any]:
        return {"additionalProperties": {"type": "integer"}, "type": "object"}

    def dump_source(self, expression: str) -> str:
        return f"dict({expression})"

    def native_source(self, expression: str) -> str:
        return f"dict({expression})"


@attrs.frozen
class Model(FieldKind):
    """A nested model, given as an object (or an instance)."""

    model: type
    """The model class."""

    forbid_extra_keys: bool = False
    """Whether unknown keys in the nested object are errors."""

    def nested_models(self) -> tuple[type, ...]:
        return (self.model,)

    @property
    def expected_at_construction(self) -> str:  # type: ignore[override]
        """Constructors take instances, not objects to structure."""
        return f"an instance of {self.model.__name__}"

    def structuring(self, *, forbid_extra_keys: bool) -> Model:
        return attrs.evolve(self, forbid_extra_keys=forbid_extra_keys)

    def parse(self, value: object) -> object:
        try:
            return self.structure_function()(value)
        except ValidationError as error:
            raise FieldError(error.errors()) from None

    def structure_function(self) -> Callable[..., Any]:
        """Return the model's generated structuring function (cached)."""
        return make_structure_function(
            self.model, forbid_extra_keys=self.forbid_extra_keys
        )

    def fast_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        # A nested ValidationError sends the whole input to the detailed
        # path, which locates every problem.
        namespace[f"{variable}_structure"] = self.structure_function()
        return [f"{variable} = {variable}_structure({variable})"]

    def decoded_type(self) -> Any:
        return self.document_parts()[0]

    def decoded_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        namespace[f"{variable}_from_document"] = self.document_parts()[1]
        return [f"{variable} = {variable}_from_document({variable})"]

    def document_parts(self) -> tuple[type, Callable[[Any], Any]]:
        from ._typed import document_parts  # noqa: PLC0415 (needs msgspec)

        return document_parts(
            self.model, forbid_extra_keys=self.forbid_extra_keys
        )

    def holds(self, value: object) -> bool:
        return isinstance(value, self.model)

    def schema(self, definitions: dict[str, Any]) -> dict[str, Any]:
        from ._schema import model_schema  # noqa: PLC0415

        name = self.model.__name__
        if name not in definitions:
            definitions[name] = {}  # reserved while it is built
            definitions[name] = model_schema(self.model, definitions)
        return {"$ref": f"#/$defs/{name}"}

    def dump_source(self, expression: str) -> str:
        return f"unstructure_nested({expression})"

    def native_source(self, expression: str) -> str:
        return f"native_nested({expression})"


@attrs.frozen
class ModelList(FieldKind):
    """A list of nested models, held as a tuple."""

    item: Model
    """The kind of each item."""

    def nested_models(self) -> tuple[type, ...]:
        return self.item.nested_models()

    @property
    def expected_at_construction(self) -> str:  # type: ignore[override]
        """Constructors take a list of instances."""
        return f"a list of {self.item.model.__name__} instances"

    def structuring(self, *, forbid_extra_keys: bool) -> ModelList:
        item = self.item.structuring(forbid_extra_keys=forbid_extra_keys)
        return attrs.evolve(self, item=item)

    def parse(self, value: object) -> tuple[object, ...]:
        if not isinstance(value, list | tuple):
            msg = "Input should be a valid list"
            raise _single(msg, "list_type", value)
        result = []
        errors: list[ErrorDetails] = []
        for index, item in enumerate(value):
            try:
                result.append(self.item.parse(item))
            except FieldError as error:
                errors.extend(error.located(index))
        if errors:
            raise FieldError(errors)
        return tuple(result)

    def holds(self, value: object) -> bool:
        return type(value) is tuple and all(
            self.item.holds(item) for item in value
        )

    def decoded_type(self) -> Any:
        return list[self.item.decoded_type()]  # type: ignore[misc]

    def decoded_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        namespace[f"{variable}_from_document"] = self.item.document_parts()[1]
        source = (
            f"{variable} = tuple([{variable}_from_document(item)"
            f" for item in {variable}])"
        )
        return [source]

    def fast_source(
        self, variable: str, namespace: dict[str, Any], bail: str
    ) -> list[str]:
        namespace[f"{variable}_item"] = self.item.structure_function()
        namespace[f"{variable}_parse"] = self.parse
        return [
            f"if {variable}.__class__ is list:",
            (
                f"    {variable} = tuple([{variable}_item(item) for item in"
                f" {variable}])"
            ),
            "else:",
            f"    {variable} = {variable}_parse({variable})",
        ]

    def schema(self, definitions: dict[str, Any]) -> dict[str, Any]:
        return {"items": self.item.schema(definitions), "type": "array"}

    def dump_source(self, expression: str) -> str:
        return f"[unstructure_nested(item) for item in {expression}]"

    def native_source(self, expression: str) -> str:
        return f"[native_nested(item) for item in {expression}]"


def to_float(value: float) -> float:
    """Convert an int (or a numeric string) to a float, for attrs.

    Parameters
    ----------
    value
        The number.

    Returns
    -------
    float
        The float; a `Rejected` wrapper when invalid, which the field's
        validator then reports.
    """
    if value.__class__ is float and math.isfinite(value):
        return value
    return convert_or_reject(_NUMBER, value)  # type: ignore[no-any-return]


def to_integer_mapping(value: Mapping[str, int]) -> Mapping[str, int]:
    """Convert a mapping of names to integers to a `FrozenDict`, for attrs.

    Parameters
    ----------
    value
        The mapping.

    Returns
    -------
    Mapping
        The frozen mapping; a `Rejected` wrapper when invalid.
    """
    return convert_or_reject(_INTEGER_MAPPING, value)  # type: ignore[no-any-return]


def to_model_tuple(value: Iterable[Any] | None) -> tuple[Any, ...] | None:
    """Convert a list of model instances to a tuple, for attrs.

    Parameters
    ----------
    value
        The instances, or `None`.

    Returns
    -------
    tuple or None
        The instances as a tuple (the field's validator checks them), or
        `None`.
    """
    if value is None or value.__class__ is tuple:
        return value
    if isinstance(value, list | tuple):
        return tuple(value)
    return value  # type: ignore[return-value]


_NUMBER = Number()
_INTEGER_MAPPING = IntegerMapping()
