"""System administration: offices (read from tenants/) and administrator accounts.

A system administrator never reaches client data: these pages list accounts and
offices only, through a named opt-out of office scoping.
"""
