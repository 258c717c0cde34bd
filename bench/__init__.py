"""Benchmarks and the synthetic page corpus they run on (not part of the installed package)."""
