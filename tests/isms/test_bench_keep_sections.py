"""``make bench`` rewrites docs/benchmarks.md but keeps the load test's block and the history."""

from bench.run import keep_sections


def test_new_report_keeps_the_loadtest_block_and_the_history():
    old = (
        "# Benchmarks\n\nold table\n\n<!-- loadtest:start -->\n## Load test\n| x |\n"
        "<!-- loadtest:end -->\n\nnotes\n\n<!-- history -->\n## Earlier runs\nrun 1\n"
    )
    new = keep_sections("# Benchmarks\n\nnew table\n", old)
    assert new.startswith("# Benchmarks\n\nnew table\n")
    assert "old table" not in new
    assert "<!-- loadtest:start -->\n## Load test\n| x |\n<!-- loadtest:end -->" in new
    assert new.endswith("<!-- history -->\n## Earlier runs\nrun 1\n")


def test_new_report_alone_when_there_was_nothing_to_keep():
    assert keep_sections("# Benchmarks\n", "") == "# Benchmarks\n"
    assert keep_sections("# B\n", "<!-- loadtest:start --> unterminated") == "# B\n"
