"""``python -m dashboard.accounts``: add, list, change the role of, or disable accounts.

    python -m dashboard.accounts add ann@example.org --role planner --password-stdin
    python -m dashboard.accounts list
    python -m dashboard.accounts role ann@example.org admin
    python -m dashboard.accounts disable ann@example.org
    python -m dashboard.accounts enable ann@example.org
    python -m dashboard.accounts password ann@example.org --password-stdin

Passwords are read from standard input (never from the command line, where ``ps`` and shell
history would keep them). With no ``--password-stdin`` an account can only sign in through the
trusted proxy header.
"""

from __future__ import annotations

import argparse
import sys

from dashboard.accounts.passwords import WeakPassword, hash_password
from dashboard.db import run_on_store
from dashboard.store import Store, StoreError
from dashboard.store.schema import ROLES


def _password(args: argparse.Namespace) -> str | None:
    if not args.password_stdin:
        return None
    return hash_password(sys.stdin.readline().rstrip("\r\n"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.accounts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="create an account")
    add.add_argument("email")
    add.add_argument("--role", choices=ROLES, default="viewer")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    sub.add_parser("list", help="every account with its role and state")
    role = sub.add_parser("role", help="change an account's role")
    role.add_argument("email")
    role.add_argument("role", choices=ROLES)
    for name in ("disable", "enable"):
        sub.add_parser(name, help=f"{name} an account").add_argument("email")
    password = sub.add_parser("password", help="set a new password")
    password.add_argument("email")
    password.add_argument("--password-stdin", action="store_true", required=True)
    args = parser.parse_args(argv)
    return run_on_store(lambda store: _run(args, store), StoreError, WeakPassword)


def _run(args: argparse.Namespace, store: Store) -> None:
    store.migrate()
    with store.transaction() as tx:
        if args.command == "add":
            user = tx.users.add(args.email, args.role, _password(args))
            print(f"added {user.email} ({user.role})")
        elif args.command == "list":
            for user in tx.users.all():
                state = "active" if user.active else "disabled"
                sign_in = "password" if user.password_hash else "proxy only"
                print(f"{user.email}\t{user.role}\t{state}\t{sign_in}")
        elif args.command == "role":
            user = tx.users.set_role(args.email, args.role)
            print(f"{user.email} is now {user.role}")
        elif args.command in ("disable", "enable"):
            user = tx.users.set_active(args.email, args.command == "enable")
            print(f"{user.email} {args.command}d")
        else:
            hashed = _password(args)
            assert hashed is not None
            user = tx.users.set_password_hash(args.email, hashed)
            print(f"new password set for {user.email}")


if __name__ == "__main__":
    raise SystemExit(main())
