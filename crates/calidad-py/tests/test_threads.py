"""Concurrency: one Validator shared by threads gives the same reports, and the GIL is
released while validating (Python keeps running beside it)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import calidad
from conftest import TESTDATA

SOURCES = [TESTDATA / "transferencias_municipales.csv", TESTDATA / "comunas.csv",
           TESTDATA / "atenciones_sinteticas.csv"]


def digest(report):
    return [(t["valid"], t["stats"]["errors"], t["stats"]["rows"], t["stats"]["sha256"],
             sorted(t["calidad"]["errorCounts"].items())) for t in report["tasks"]]


def test_threads_share_one_validator():
    validator = calidad.Validator(lang="en", as_of="2026-11-25")
    expected = {str(s): digest(validator.validate(s)) for s in SOURCES}
    jobs = [SOURCES[i % len(SOURCES)] for i in range(48)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda s: (str(s), digest(validator.validate(s))), jobs))
    for source, result in results:
        assert result == expected[source]


def test_gil_is_released_while_validating(tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "w") as out:
        out.write("id,comuna,monto\n")
        for i in range(400_000):
            out.write(f"{i},Arica,{i * 7 % 1000}\n")
    ticks = 0
    done = threading.Event()

    def work():
        calidad.validate(big, privacy=False, score=False)
        done.set()

    worker = threading.Thread(target=work)
    started = time.perf_counter()
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    elapsed = time.perf_counter() - started
    # Holding the GIL for the whole validation would leave the loop a tick or two.
    assert elapsed > 0.05 and ticks > 10, (elapsed, ticks)
