"""What became of a client: work over time, re-offending, transfers to other offices."""
