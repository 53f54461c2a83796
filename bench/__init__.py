"""Data generators and benchmarks that print figures: `python -m bench` (dashboard and project
page) and `python -m bench.<name>` for the others (e.g. `python -m bench.matching`)."""
