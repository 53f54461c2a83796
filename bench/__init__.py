"""Data generators and benchmarks that print figures (`python -m bench.<name>`)."""
