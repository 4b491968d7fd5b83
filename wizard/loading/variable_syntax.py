"""Parse the ``${source:address, fallback}`` syntax of Serverless v3 variables.

The grammar follows Serverless's own parser (lib/configuration/variables/parse.js):
a variable starts with ``${`` and a lowercase source type followed by ``:`` or ``(``;
anything else after ``${`` (``${AWS::Region}``, ``${Foo}``) is foreign text left for
CloudFormation's ``Fn::Sub``. Sources are tried left to right; literals are quoted
strings, numbers, ``true``, ``false`` and ``null``. Addresses and params may nest
variables. Backslashes before ``${`` escape it.
"""

from __future__ import annotations

import json
import re

from ..jsvalues import truthy

_ALPHA = frozenset("abcdefghijklmnopqrstuvwxyz")
_TYPE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_TYPE_RE = re.compile(r"[a-z][a-zA-Z0-9]*\Z")


class VariableSyntaxError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class Source:
    """One source of a variable: ``type(params):address`` or a literal value."""

    __slots__ = ("type", "params", "address", "literal", "text")

    def __init__(self, type_=None, params=None, address=None, literal=None, text=""):
        self.type = type_
        self.params = params  # list of Template or None
        self.address = address  # Template or None
        self.literal = literal
        self.text = text


class Variable:
    __slots__ = ("start", "end", "sources")

    def __init__(self, start: int, end: int, sources: list[Source]) -> None:
        self.start = start
        self.end = end
        self.sources = sources


class Template:
    """Text with variables in it: ``parts`` alternate literal text and Variables."""

    __slots__ = ("text", "parts")

    def __init__(self, text: str, parts: list) -> None:
        self.text = text
        self.parts = parts

    @property
    def is_whole_variable(self) -> bool:
        return len(self.parts) == 1 and isinstance(self.parts[0], Variable)

    @property
    def has_variables(self) -> bool:
        return any(isinstance(p, Variable) for p in self.parts)


def _literal(text: str, source_text: str, fallback_to_input: bool, at: int = 0):
    if text == "true":
        return True
    if text == "false":
        return False
    if text == "null":
        return None
    try:
        number = float(text) if text.strip() else 0.0
    except ValueError:
        number = None
    if number is not None and text.strip() != "" and not text.lower().lstrip("+-").startswith(("inf", "nan")):
        return int(number) if number.is_integer() else number
    if fallback_to_input:
        return text
    raise VariableSyntaxError(
        f'Invalid literal source "{text}" at index {at} in "{source_text}"', "INVALID_VARIABLE_LITERAL_SOURCE"
    )


# Variables inside variables (``${self:${self:${...}}}``) are parsed and resolved by
# recursion; no real file nests more than three.
MAX_NESTING = 32


class _Parser:
    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)
        self.nesting = 0

    def fail(self, what: str, code: str, at: int):
        raise VariableSyntaxError(f'Invalid variable {what} at index {at} in "{self.s}"', code)

    def template(self, start: int, stops: str, nested: bool) -> tuple[Template, int]:
        """Read text with variables from ``start`` until an unnested char in ``stops``."""
        if nested:
            self.nesting += 1
            if self.nesting > MAX_NESTING:
                raise VariableSyntaxError(f"Variables nest more than {MAX_NESTING} deep inside one another at index {start}",
                                          "VARIABLE_NESTING_TOO_DEEP")
            try:
                return self._template(start, stops, nested)
            finally:
                self.nesting -= 1
        return self._template(start, stops, nested)

    def _template(self, start: int, stops: str, nested: bool) -> tuple[Template, int]:
        s, n = self.s, self.n
        parts: list = []
        buf_start = start
        i = start
        while i < n:
            c = s[i]
            if c in stops:
                break
            if c == "\\":
                j = i
                while j < n and s[j] == "\\":
                    j += 1
                if s.startswith("${", j):
                    count = j - i
                    if count % 2 == 0:
                        # An even run is backslashes written twice, before a variable (parse.js, registerSlashEscape).
                        parts.append(s[buf_start:i] + "\\" * (count // 2))
                        buf_start = i = j
                        continue
                    parts.append(s[buf_start:i] + "\\" * (count // 2) + "$")
                    buf_start = j + 1  # keep the "{" as text
                    i = j + 1
                    continue
                i = j
                continue
            if c == "$" and i + 1 < n and s[i + 1] == "{":
                var, end = self.variable(i, nested)
                if var is None:  # foreign text such as ${AWS::Region}
                    i = end
                    continue
                parts.append(s[buf_start:i])
                parts.append(var)
                i = buf_start = end
                continue
            i += 1
        parts.append(s[buf_start:i])
        merged: list = []
        for p in parts:
            if isinstance(p, str):
                if not p:
                    continue
                if merged and isinstance(merged[-1], str):
                    merged[-1] += p
                    continue
            merged.append(p)
        return Template(s[start:i], merged), i

    def skip_foreign(self, i: int) -> int:
        """Skip foreign ``${...}`` text, nested braces included; return the index after it."""
        depth = 0
        s, n = self.s, self.n
        while i < n:
            if s.startswith("${", i):
                depth += 1
                i += 2
                continue
            if s[i] == "}":
                depth -= 1
                i += 1
                if depth == 0:
                    return i
                continue
            i += 1
        return n

    def variable(self, start: int, nested: bool):
        s, n = self.s, self.n
        i = start + 2
        if i >= n or s[i] not in _ALPHA:
            if nested and i < n and s[i] != "}":
                self.fail("type", "INVALID_VARIABLE_TYPE", i)
            return None, self.skip_foreign(start)
        j = i
        while j < n and s[j] in _TYPE_CHARS:
            j += 1
        if j >= n or s[j] not in ":(":
            if nested:
                self.fail("type", "INVALID_VARIABLE_TYPE", i)
            return None, self.skip_foreign(start)
        if s[j] == ":" and j + 1 < n and s[j + 1] == ":":
            return None, self.skip_foreign(start)  # ${a::b} is foreign
        sources: list[Source] = []
        i = start + 2
        while True:
            while i < n and s[i] == " ":
                i += 1
            if i >= n:
                break
            source_start = i
            source, i = self.source(i)
            sources.append(source)
            while i < n and s[i] == " ":
                i += 1
            if i < n and s[i] == "}":
                return Variable(start, i + 1, sources), i + 1
            if i < n and s[i] == "," and source.type is None:
                # a literal is the last source (parse.js: only "}" may follow it)
                self.fail("source", "INVALID_VARIABLE_SOURCE", source_start)
            if i < n and s[i] == ",":
                i += 1
                continue
            if i < n:
                self.fail("address", "INVALID_VARIABLE_ADDRESS", i)
        raise VariableSyntaxError(f"Missing variable closing bracket in {s}", "UNTERMINATED_VARIABLE")

    def source(self, i: int) -> tuple[Source, int]:
        s, n = self.s, self.n
        c = s[i]
        if c in "'\"":
            value, end = self.quoted(i)
            return Source(literal=value, text=s[i:end]), end
        if c not in _TYPE_CHARS:
            self.fail("source", "INVALID_VARIABLE_SOURCE", i)
        j = i
        while j < n and s[j] in _TYPE_CHARS:
            j += 1
        word = s[i:j]
        k = j
        while k < n and s[k] == " ":
            k += 1
        if k < n and s[k] in ":(":
            if not _TYPE_RE.match(word):
                self.fail("source", "INVALID_VARIABLE_SOURCE", i)
            source = Source(type_=word)
            k += 1
            if s[k - 1] == "(":
                source.params, k = self.params(k)
                while k < n and s[k] == " ":
                    k += 1
                if k < n and s[k] == ":":
                    k += 1
                else:
                    source.text = s[i:k]
                    return source, k
            while k < n and s[k] == " ":
                k += 1
            if k < n and s[k] in "'\"":
                value, k = self.quoted(k)
                source.address = Template(value, [value])
            elif k < n and s[k] not in ",}":
                source.address, k = self.template(k, ",}", True)
                source.address = _strip(source.address)
            source.text = s[i:k]
            return source, k
        if k < n and s[k] in ",}":
            return Source(literal=_literal(word, s, False, i), text=word), k
        self.fail("source", "INVALID_VARIABLE_SOURCE", i)

    def params(self, i: int) -> tuple[list, int]:
        s, n = self.s, self.n
        params: list = []
        while i < n:
            while i < n and s[i] == " ":
                i += 1
            if i >= n:
                break
            c = s[i]
            if c == ")":
                return params, i + 1
            if c == ",":
                params.append(None)
                i += 1
                continue
            if c == "}":
                self.fail("param", "INVALID_VARIABLE_PARAM", i)
            if c in "'\"":
                value, i = self.quoted(i)
                params.append(value)
            else:
                tmpl, i = self.template(i, ",)}", True)
                tmpl = _strip(tmpl)
                if not tmpl.has_variables:
                    value = _literal(tmpl.text, s, True)
                    # Serverless stores a param as `value || null`: false and 0 are lost.
                    params.append(value if truthy(value) else None)
                else:
                    params.append(tmpl)
            while i < n and s[i] == " ":
                i += 1
            if i < n and s[i] == ",":
                i += 1
                continue
            if i < n and s[i] == ")":
                return params, i + 1
            if i < n:
                self.fail("param", "INVALID_VARIABLE_PARAM", i)
        raise VariableSyntaxError(f"Missing variable closing bracket in {s}", "UNTERMINATED_VARIABLE")

    def quoted(self, i: int) -> tuple[str, int]:
        s, n = self.s, self.n
        q = s[i]
        j = i + 1
        while j < n and s[j] != q:
            if q == '"' and s[j] == "\\":
                j += 1
            j += 1
        if j >= n:
            raise VariableSyntaxError(f"Missing variable closing bracket in {s}", "UNTERMINATED_VARIABLE")
        raw = s[i : j + 1]
        if q == "'":
            return raw[1:-1], j + 1
        try:
            return json.loads(raw), j + 1
        except ValueError as exc:
            raise VariableSyntaxError(
                f'Invalid string literal at index {i} in "{s}": {exc}', "INVALID_VARIABLE_STRING_LITERAL"
            ) from None


def _strip(t: Template) -> Template:
    parts = list(t.parts)
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip()
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()
    return Template(t.text.strip(), [p for p in parts if p != ""])


def parse(text: str) -> Template:
    """Parse a config string; raises VariableSyntaxError on malformed variables."""
    return _Parser(text).template(0, "", False)[0]
