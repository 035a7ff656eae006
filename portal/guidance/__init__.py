"""Guidance sessions (bimbingan kepribadian and kemandirian) and their attendance."""
