"""Trainings (pelatihan kemandirian): sessions, participants, follow-ups, overview."""
