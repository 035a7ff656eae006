"""Synthetic demonstration data. Every person here is invented."""
