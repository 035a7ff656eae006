"""Litmas (penelitian kemasyarakatan): a PK's social inquiry report on a client."""
