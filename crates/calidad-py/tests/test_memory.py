"""Memory: validating a large file from a path or a file object does not hold the file."""

import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT  # noqa: F401  (the package must be importable from the venv)

ROWS = 1_500_000


def peak_rss_mb(tmp_path, source_expr):
    """Peak RSS of a fresh interpreter that validates the file (so runs do not mix)."""
    script = textwrap.dedent(
        f"""
        import resource, calidad
        path = {str(tmp_path / 'big.csv')!r}
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with open(path, "rb") as handle:
            report = calidad.validate({source_expr}, privacy=True, score=True)
        assert report["tasks"][0]["stats"]["rows"] == {ROWS}, report["tasks"][0]["stats"]
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(before // 1024, after // 1024)
        """
    )
    output = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    before, after = (int(x) for x in output.stdout.split())
    return before, after


def test_large_file_memory_is_bounded(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "w") as out:
        out.write("id;comuna;fecha;monto;detalle\n")
        for i in range(ROWS):
            out.write(f"{i};Comuna {i % 346};{i % 28 + 1:02d}-03-2024;{i % 9973},5;registro número {i}\n")
    size_mb = path.stat().st_size / 1e6
    assert size_mb > 70
    for source in ("path", "handle"):
        before, after = peak_rss_mb(tmp_path, source)
        # Less than the file itself: neither source is read whole (the duplicate-row check
        # keeps 16 bytes per row, 24 MB here; the rest does not grow with the file).
        assert after - before < min(80, size_mb * 0.8), (source, before, after, size_mb)


def test_a_memory_limit_gives_the_same_report():
    """Under the smallest limit the duplicate-row index is sorted on disk: same findings."""
    import calidad

    lines = ["id,comuna,monto"]
    for i in range(100_000):
        j = i - 1 if i % 1_000 == 999 else i
        lines.append(f"{j},Arica,{j % 97}")
    data = ("\n".join(lines) + "\n").encode()

    def report(**options):
        result = calidad.Validator(format="csv", as_of="2026-12-01", **options).validate(data)
        for holder in [result] + result["tasks"]:
            holder["stats"].pop("seconds", None)
        return result

    free, tight = report(), report(memory_limit=1)
    assert free["tasks"][0]["stats"]["errors"] > 0
    assert free == tight
    with pytest.raises(ValueError):
        calidad.Validator(memory_limit=-1)
