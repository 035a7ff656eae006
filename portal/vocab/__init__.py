"""Maintained lists shared by several domain modules (one list, many importers)."""
