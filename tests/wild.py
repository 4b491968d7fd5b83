"""The wild corpus: real serverless.yml files from public repositories (tests/corpus/wild)."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus" / "wild"
FILES = sorted(CORPUS.glob("*.yml"))
