"""Who the current request acts for, as the store's ``Actor``: read on the server from the session
(or a trusted proxy's header), never from anything the browser sends in a callback."""

from __future__ import annotations

from flask_login import UserMixin, current_user

from dashboard.store import Actor


class SignedIn(UserMixin):
    def __init__(self, user_id: int, email: str, role: str, active: bool):
        self.id = user_id
        self.email = email
        self.role = role
        self.active = active

    @property
    def is_active(self) -> bool:
        return self.active

    def actor(self) -> Actor:
        return Actor(id=self.id, email=self.email, role=self.role)


def current_actor() -> Actor | None:
    user = current_user
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.actor()
