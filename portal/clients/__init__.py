"""Client case files (klien pemasyarakatan): registration, status history, caseloads."""
