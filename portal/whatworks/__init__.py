"""What works: outcome chains of trained clients beside a matched comparison group."""
