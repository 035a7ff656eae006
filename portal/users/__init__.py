"""Office administrators manage the accounts of their own office."""
