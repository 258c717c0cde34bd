"""The nightly side: pages folder → a new published index generation."""
