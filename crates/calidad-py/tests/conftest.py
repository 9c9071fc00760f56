"""Shared fixtures: the repository's paths, and the shared corpus when it is present."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TESTDATA = ROOT / "testdata"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def corpus() -> Path:
    if not (CORPUS / "frictionless").is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS
