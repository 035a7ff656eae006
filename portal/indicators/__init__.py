"""Aggregates across offices: the only package allowed to opt out of office scoping."""
