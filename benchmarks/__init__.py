"""Speed benchmarks for Tandem: run one with `python -m benchmarks.<name>`."""
