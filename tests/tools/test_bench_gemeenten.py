"""bench/gemeenten.py's deployments of 1, 2 and 10 gemeenten are valid gemeenten (the benchmark itself takes 15
minutes and runs in `make bench`)."""

from bench import gemeenten as bench_gemeenten
from wmo import gemeente


def test_the_benchmarks_gemeenten_are_complete_files_with_voorbeeldstad_always_among_them(tmp_path):
    for count in (1, 2, 10):
        served = gemeente.load_all(bench_gemeenten.gemeenten_dir(tmp_path, count))
        assert len(served) == count and "voorbeeldstad" in served, "the development gemeente system reads it"
        assert bench_gemeenten.slugs(tmp_path / f"gemeenten-{count}") == sorted(served)
    assert list(gemeente.load_all(bench_gemeenten.only(tmp_path, "oeverdam"))) == ["oeverdam"]
