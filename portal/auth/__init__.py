"""Sign-in, sign-out, password change, and the Flask-Login wiring."""
