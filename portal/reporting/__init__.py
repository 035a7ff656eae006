"""Wajib lapor: reporting schedules, reports, violations and mobile counseling days."""
