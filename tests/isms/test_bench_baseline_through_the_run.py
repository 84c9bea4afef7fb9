"""``make bench`` divides every page by the login page sampled through the whole run
(``bench.run.Baseline``), not by its first 30 requests only: a ruler that drifted while the
run went on moved every ratio with it."""

from bench import run


class _Sampler(run.Baseline):
    """The login page's times as given (no server)."""

    def __init__(self, stretches):
        super().__init__(client=None)
        self._stretches = iter(stretches)

    def sample(self, n, warmup=0):
        times = sorted(next(self._stretches))
        self.times += times
        return {"median": times[len(times) // 2], "times": times}


def test_the_ratios_divide_by_the_median_of_every_sample():
    baseline = _Sampler([[2.0] * 5, [6.0] * 3, [6.0] * 3, [2.0] * 5])
    baseline.start = baseline.sample(5)["median"]
    baseline.sample(3)
    baseline.sample(3)
    baseline.end = baseline.sample(5)["median"]
    result = baseline.result()
    assert result["samples"] == 16 and result["median"] == 2.0
    assert (result["start"], result["end"]) == (2.0, 2.0)
    page = {"median": 20.0, "p95": 25.0, "queries": 4}
    text = run.report(
        {"date": "d", "commit": "c", "nproc": 2, "memory_gb": 1, "postgres": "15",
         "python": "3.11", "counts": {}},
        "1", "redan", 0, {"login page GET (baseline)": {"stad": result, "chef": result},
                          "a page": {"stad": page, "chef": page}}, {}, {})
    assert "| a page | 20 | 25 | 4 | 10.0 |" in text
    assert "16 requests" in text and "median 2.0 ms; 2.0 ms at the start, 2.0 ms at the end" in text
