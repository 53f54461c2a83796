"""Data generators and benchmarks that print figures (see bench/__main__.py)."""
