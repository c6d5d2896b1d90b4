"""`python -m benchmarks`: the suite (see benchmarks/suite.py)."""

from benchmarks.suite import main

main()
