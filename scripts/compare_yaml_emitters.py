"""Whether libyaml's emitter (yaml.CSafeDumper) writes our YAML templates byte for byte as PyYAML's
pure-Python one (yaml.SafeDumper, what `to_yaml` uses) does.

It dumps, with to_yaml's settings, every golden template (tests/conformance/cases/*/expected and
tests/corpus/wild-expected) and the template we compile from every conformance case and wild
corpus file, with both emitters, and lists the documents whose bytes differ. `to_yaml` may switch
to libyaml only when this prints no difference. Measured with PyYAML 6.0.x: they differ where a
long double-quoted string is folded at the width (libyaml breaks its lines elsewhere; the
values read back equal), so `to_yaml` keeps the pure-Python emitter.

    python scripts/compare_yaml_emitters.py
"""

from __future__ import annotations

import glob
import json
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> int:
    from wizard.api import compile_text
    from wizard.jsvalues import JsDate

    if not yaml.__with_libyaml__:
        print("PyYAML has no libyaml here: nothing to compare")
        return 2

    class Python(yaml.SafeDumper):
        pass

    class Libyaml(yaml.CSafeDumper):
        pass

    for dumper in (Python, Libyaml):
        dumper.add_representer(JsDate, lambda d, v: d.represent_str(str(v)))
    settings = {"sort_keys": False, "allow_unicode": True, "default_flow_style": False, "width": 120}

    documents = []
    for name in sorted(glob.glob(os.path.join(ROOT, "tests/conformance/cases/*/expected/template.json"))
                       + sorted(glob.glob(os.path.join(ROOT, "tests/corpus/wild-expected/*.json")))):
        with open(name, encoding="utf-8") as handle:
            documents.append((name, json.load(handle)))
    for name in sorted(glob.glob(os.path.join(ROOT, "tests/conformance/cases/*/serverless.yml"))
                       + sorted(glob.glob(os.path.join(ROOT, "tests/corpus/wild/*.y*ml")))):
        with open(name, encoding="utf-8") as handle:
            result = compile_text(handle.read(), name, env={}, lenient=True)
        if result.template is not None:
            documents.append(("compiled from " + name, result.template))

    differ = []
    for name, document in documents:
        python = yaml.dump(document, Dumper=Python, **settings)
        libyaml = yaml.dump(document, Dumper=Libyaml, **settings)
        if python != libyaml:
            same_values = yaml.safe_load(python) == yaml.safe_load(libyaml)
            differ.append(name)
            print(f"differs: {os.path.relpath(name.replace('compiled from ', ''), ROOT)}"
                  f"{' (compiled)' if name.startswith('compiled') else ''}"
                  f"{'; the values read back equal' if same_values else '; THE VALUES DIFFER'}")
    print(f"{len(documents)} documents, {len(differ)} written differently by libyaml")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
