"""Password hashes by Werkzeug (scrypt, salted): never stored, logged or compared in clear."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12


class WeakPassword(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"A password needs at least {MIN_LENGTH} characters.")
    return generate_password_hash(password, method="scrypt")


# Checked against when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY = generate_password_hash("not-a-real-password-at-all", method="scrypt")


def verify(stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        check_password_hash(_DUMMY, password)
        return False
    return check_password_hash(stored_hash, password)
