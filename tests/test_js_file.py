"""`${file(x.js)}` run with Node.js as Serverless v3.39 runs it (sources/file.js), and never
in a confined (browser) session. tests/conformance/cases/0311-file-javascript, 159 and 160 are the same
files through the real `serverless package`."""

from __future__ import annotations

import shutil

import pytest

from wizard.api import compile_text
from wizard.loading import js_file
from wizard.loading.config import load_config_text

BASE = "service: svc\nprovider:\n  name: aws\n"
node = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not on PATH")


def load(tmp_path, custom: str, **kwargs):
    text = BASE + "custom:\n" + custom
    return load_config_text(text, str(tmp_path / "serverless.yml"), env={}, **kwargs)


@node
def test_function_export_gets_serverless_helpers_and_its_answer_is_awaited(tmp_path):
    (tmp_path / "config.js").write_text(
        "module.exports = async ({ options, resolveVariable, resolveConfigurationProperty }) => ({\n"
        "  stage: await resolveVariable('sls:stage'), service: await resolveConfigurationProperty(['service']),\n"
        "  region: options.region, other: await resolveVariable(\"self:custom.other\") });\n")
    cfg = load(tmp_path, "  all: ${file(./config.js)}\n  other: ${sls:stage}-o\n", options=None)
    assert not cfg.diagnostics
    assert cfg.raw["custom"]["all"] == {"stage": "dev", "service": "svc", "other": "dev-o"}  # region: undefined


@node
def test_an_address_calls_a_function_once_and_awaits_promises(tmp_path):
    (tmp_path / "v.js").write_text(
        "module.exports = { fn: () => ({ x: () => 'not called' }), p: Promise.resolve({ y: 2 }), s: 'abc',\n"
        "  n: { deep: () => 7 } };\n")
    cfg = load(tmp_path, "  fn: ${file(./v.js):fn.x}\n  p: ${file(./v.js):p.y}\n  s: ${file(./v.js):s.1}\n"
                         "  d: ${file(./v.js):n.deep}\n  none: ${file(./v.js):nope, 'fb'}\n  gone: ${file(./gone.js), 'fb2'}\n")
    assert {k: cfg.raw["custom"][k] for k in ("p", "s", "d", "none", "gone")} == {
        "p": 2, "s": "b", "d": 7, "none": "fb", "gone": "fb2"}
    # fn.x: the function at `fn` is called, and the one it returns at `x` is not: a function is no JSON value
    (d,) = cfg.diagnostics
    assert d.message == 'Cannot resolve variable at "custom.fn": Source "file" returned not supported result: "[Function: x]"'


@node
def test_a_throwing_module_is_a_located_variables_error_with_its_stack(tmp_path):
    (tmp_path / "t.js").write_text("module.exports = () => { throw new Error('boom'); };\n")
    result = compile_text(BASE + "custom:\n  x: ${file(./t.js)}\n", str(tmp_path / "serverless.yml"), env={})
    (d,) = result.errors
    assert (d.code, d.reason, d.line, d.column) == ("VARIABLES_RESOLUTION_ERROR", "VARIABLE_FILE_JAVASCRIPT_FAILED", 5, 6)
    assert d.message.startswith('Cannot resolve variable at "custom.x": Cannot resolve "t.js": Returned JS function '
                                "errored with: Error: boom\n    at module.exports (")


@node
def test_a_date_is_no_json_value(tmp_path):
    (tmp_path / "d.js").write_text("module.exports = { d: new Date(Date.UTC(2020, 0, 2)) };\n")
    (d,) = load(tmp_path, "  d: ${file(./d.js):d}\n").diagnostics
    assert d.message == ('Cannot resolve variable at "custom.d": Source "file" returned not supported result: '
                         '"2020-01-02T00:00:00.000Z"')


@node
def test_console_output_of_the_module_does_not_break_the_answer(tmp_path):
    (tmp_path / "c.js").write_text("console.log('{\"value\": 1}'); process.stdout.write('x\\n');\n"
                                   "module.exports = { v: 'ok' };\n")
    assert load(tmp_path, "  v: ${file(./c.js):v}\n").raw["custom"]["v"] == "ok"


def test_mjs_and_ts_files_are_text_as_in_serverless(tmp_path):
    (tmp_path / "m.mjs").write_text("export default 1\n")
    assert load(tmp_path, "  m: ${file(./m.mjs)}\n").raw["custom"]["m"] == "export default 1\n"


def test_without_node_it_is_a_located_error_or_a_placeholder(tmp_path, monkeypatch):
    (tmp_path / "v.js").write_text("module.exports = { v: 1 };\n")
    monkeypatch.setattr(js_file, "node_path", lambda: None)
    (d,) = load(tmp_path, "  v: ${file(./v.js):v}\n").diagnostics
    assert (d.code, d.reason, d.severity, d.line, d.column) == (
        "VARIABLES_RESOLUTION_ERROR", "VARIABLE_FILE_NEEDS_NODE", "error", 5, 6)
    assert d.message == ('Cannot resolve variable at "custom.v": "./v.js" is JavaScript: running it needs Node.js '
                         "(`node`), which is not on PATH")
    lenient = load(tmp_path, "  v: ${file(./v.js):v}\n", lenient=True)
    assert lenient.raw["custom"]["v"] == "${file(./v.js):v}" and lenient.diagnostics[0].severity == "warning"


def test_a_confined_session_never_runs_a_module(tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    (tmp_path / "evil.js").write_text(f"require('fs').writeFileSync({str(marker)!r}, 'x'); module.exports = 1;\n")

    def never(*args, **kwargs):
        raise AssertionError("a confined compile started Node.js")

    monkeypatch.setattr(js_file, "_start", never)
    result = compile_text(BASE + "custom:\n  v: ${file(./evil.js)}\n", str(tmp_path / "serverless.yml"),
                          confined=True, lenient=True)
    assert not marker.exists()
    (d,) = [d for d in result.diagnostics if d.path == ("custom", "v")]
    assert (d.code, d.severity) == ("VARIABLE_SOURCE_CONFINED", "warning")
    strict = compile_text(BASE + "custom:\n  v: ${file(./evil.js)}\n", str(tmp_path / "serverless.yml"), confined=True)
    assert [(d.code, d.line) for d in strict.errors] == [("VARIABLE_SOURCE_CONFINED", 5)]
    assert not marker.exists()


@node
def test_a_module_that_asks_nothing_is_run_once_per_version_of_its_file(tmp_path, monkeypatch):
    (tmp_path / "c.js").write_text("module.exports = { n: 1 };\n")
    started = []
    real = js_file._start
    monkeypatch.setattr(js_file, "_start", lambda *a: started.append(a) or real(*a))
    for _ in range(3):
        assert load(tmp_path, "  n: ${file(./c.js):n}\n").raw["custom"]["n"] == 1
    assert len(started) == 1
    (tmp_path / "c.js").write_text("module.exports = { n: 22 };\n")  # another size: run again
    assert load(tmp_path, "  n: ${file(./c.js):n}\n").raw["custom"]["n"] == 22
    (tmp_path / "s.js").write_text("module.exports = async ({ resolveVariable }) => resolveVariable('sls:stage');\n")
    for _ in range(2):
        assert load(tmp_path, "  s: ${file(./s.js)}\n").raw["custom"]["s"] == "dev"
    assert len(started) == 4  # a module that asks is run each time: its answer may change


@node
def test_one_compile_starts_one_node_process_and_requires_each_module_once(tmp_path, monkeypatch):
    # Serverless resolves every variable in one process, and Node's require cache loads a module
    # once: its top-level code runs once and its state is shared by every reference to it, from
    # the configuration or from another module. Each distinct source (file as written, address)
    # is resolved once (resolve.js memoizes resolveSource): `next` named twice is called once.
    (tmp_path / "counter.js").write_text(
        "globalThis.loads = (globalThis.loads || 0) + 1;\nlet calls = 0;\n"
        "module.exports = { next: () => ++calls, loads: () => globalThis.loads, later: async () => ++calls,\n"
        "  calls: { now: () => calls } };\n")
    (tmp_path / "other.js").write_text("const c = require('./counter.js');\nmodule.exports = { v: () => c.next() };\n")
    started = []
    real = js_file._start
    monkeypatch.setattr(js_file, "_start", lambda *a: started.append(a) or real(*a))
    custom = ("  a: ${file(./counter.js):next}\n  o: ${file(./other.js):v}\n  b: ${file(./counter.js):next}\n"
              "  c: ${file(./counter.js):later}\n  l: ${file(./counter.js):loads}\n  t: x-${file(./counter.js):next}\n"
              "  n: ${file(./counter.js):calls.now}\n  s: ${file(counter.js):next}\n")
    first = load(tmp_path, custom)
    assert not first.diagnostics
    assert first.raw["custom"] == {"a": 1, "o": 2, "b": 1, "c": 3, "l": 1, "t": "x-1", "n": 3, "s": 4}
    assert len(started) == 1
    # The next compile is a new Serverless process: the state starts again (here from the cache,
    # which answers the same sequence of requests without Node).
    assert load(tmp_path, custom).raw["custom"] == first.raw["custom"] and len(started) == 1
    # A sequence the cache has not seen: Node runs again and replays the cached requests first,
    # so the state their answers left is the state the new request sees.
    longer = load(tmp_path, custom + "  u: ${file(./other.js):v}\n  w: ${file(./counter.js):later}\n")
    assert (longer.raw["custom"]["u"], longer.raw["custom"]["w"]) == (2, 3)  # both named before: resolved once
    longer = load(tmp_path, custom + "  u: ${file(././counter.js):next}\n")
    assert longer.raw["custom"]["u"] == 5 and longer.raw["custom"]["s"] == 4
    assert len(started) == 2


@node
def test_a_failing_reference_leaves_the_process_to_the_next_one(tmp_path):
    (tmp_path / "m.js").write_text("let n = 0;\nmodule.exports = { bad: () => { n += 1; throw new Error('no'); },\n"
                                   "  n: () => n };\n")
    cfg = load(tmp_path, "  bad: ${file(./m.js):bad}\n  n: ${file(./m.js):n}\n")
    assert cfg.raw["custom"]["n"] == 1
    (d,) = cfg.diagnostics
    assert d.message.startswith('Cannot resolve variable at "custom.bad": Cannot resolve "bad" out of "m.js": '
                                "Received rejection: Error: no\n")


@node
def test_a_module_that_never_answers_is_stopped_and_the_next_reference_gets_a_new_process(tmp_path, monkeypatch):
    monkeypatch.setattr(js_file, "TIMEOUT_S", 0.5)
    (tmp_path / "hang.js").write_text("module.exports = { v: () => new Promise(() => {}) };\n")
    (tmp_path / "ok.js").write_text("module.exports = { v: 'ok' };\n")
    cfg = load(tmp_path, "  h: ${file(./hang.js):v}\n  o: ${file(./ok.js):v}\n")
    assert cfg.raw["custom"]["o"] == "ok"
    (d,) = cfg.diagnostics
    assert (d.path, d.reason) == (("custom", "h"), "VARIABLE_FILE_JAVASCRIPT_FAILED")
    assert d.message == 'Cannot resolve variable at "custom.h": the module gave no value in 0.5 seconds'
