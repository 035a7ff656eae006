"""Pokmas Lipas partners, cooperation agreements, Griya Abhipraya venues, placements."""
