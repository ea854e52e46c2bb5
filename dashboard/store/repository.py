"""The one data-access module: every read and write of saved work goes through a ``Transaction``.

    with store.transaction() as tx:          # committed as a whole, or rolled back as a whole
        plan = tx.plans.get(plan_id, actor)  # None unless the actor may see it
        tx.plans.update(actor, plan_id, expected_version=v, name="...")  # stale v -> Conflict

Every change records who, when and what in the audit table inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker, undefer

from dashboard.store.access import Actor, can_edit, can_move, can_view
from dashboard.store.engine import make_engine, migrate
from dashboard.store.errors import Conflict, Forbidden, Invalid, NotFound
from dashboard.store.schema import (
    ROLES,
    STATUSES,
    VISIBILITIES,
    AuditEntry,
    OutcomeCount,
    OutcomeFile,
    Plan,
    PlanZone,
    User,
    utcnow,
)

OUTCOME_STATUSES = ("agreed", "active", "finished")  # plans whose outcomes are recorded
EDITABLE = ("name", "description", "visibility", "flood_start", "flood_end")


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def actor_of(user: User) -> Actor:
    return Actor(id=user.id, email=user.email, role=user.role)


class Users:
    def __init__(self, session: Session, audit: Audit):
        self._s = session
        self._audit = audit

    def by_email(self, email: str) -> User | None:
        return self._s.scalar(select(User).where(User.email == normalise_email(email)))

    def by_id(self, user_id: int) -> User | None:
        return self._s.get(User, user_id)

    def all(self) -> list[User]:
        return list(self._s.scalars(select(User).order_by(User.email)))

    def add(
        self, email: str, role: str, password_hash: str | None, by: Actor | None = None
    ) -> User:
        email = normalise_email(email)
        if "@" not in email:
            raise Invalid(f"{email!r} is not an email address")
        if role not in ROLES:
            raise Invalid(f"role must be one of {', '.join(ROLES)}")
        if self.by_email(email) is not None:
            raise Invalid(f"{email} already has an account")
        user = User(email=email, role=role, password_hash=password_hash, active=True)
        self._s.add(user)
        self._s.flush()
        self._audit.record(by, "account.add", detail={"email": email, "role": role})
        return user

    def set_role(self, email: str, role: str, by: Actor | None = None) -> User:
        if role not in ROLES:
            raise Invalid(f"role must be one of {', '.join(ROLES)}")
        user = self._required(email)
        before = user.role
        user.role = role
        self._audit.record(by, "account.role", detail={"email": user.email, "role": [before, role]})
        return user

    def set_active(self, email: str, active: bool, by: Actor | None = None) -> User:
        user = self._required(email)
        user.active = active
        action = "account.enable" if active else "account.disable"
        self._audit.record(by, action, detail={"email": user.email})
        return user

    def set_password_hash(self, email: str, password_hash: str, by: Actor | None = None) -> User:
        user = self._required(email)
        user.password_hash = password_hash
        self._audit.record(by, "account.password", detail={"email": user.email})
        return user

    def _required(self, email: str) -> User:
        user = self.by_email(email)
        if user is None:
            raise NotFound(f"no account for {normalise_email(email)}")
        return user


def normalise_email(email: str) -> str:
    return email.strip().lower()


class Audit:
    def __init__(self, session: Session):
        self._s = session

    def record(
        self,
        actor: Actor | None,
        action: str,
        plan_id: int | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        self._s.add(
            AuditEntry(
                user_id=actor.id if actor else None,
                action=action,
                plan_id=plan_id,
                detail={k: _jsonable(v) for k, v in (detail or {}).items()},
            )
        )

    def for_plan(self, plan_id: int) -> list[tuple[AuditEntry, str]]:
        """Oldest first, with the email of who did it ("system" for the command line)."""
        rows = self._s.execute(
            select(AuditEntry, User.email)
            .outerjoin(User, User.id == AuditEntry.user_id)
            .where(AuditEntry.plan_id == plan_id)
            .order_by(AuditEntry.id)
        )
        return [(entry, email or "system") for entry, email in rows]

    def search(
        self, actor: Actor | None, filters: AuditFilter, page: int = 1, per_page: int = 50
    ) -> AuditPage:
        """Every entry (accounts, plans, deleted plans), newest first, for admins only: who, when,
        what and which plan, filtered by who (an email, or "system"), action and dates (UTC)."""
        if actor is None or not actor.at_least("admin"):
            raise Forbidden("Only admins can read the whole audit trail.")
        query = (
            select(AuditEntry, User.email, Plan.name)
            .outerjoin(User, User.id == AuditEntry.user_id)
            .outerjoin(Plan, Plan.id == AuditEntry.plan_id)
        )
        if filters.user == "system":
            query = query.where(AuditEntry.user_id.is_(None))
        elif filters.user:
            query = query.where(User.email == normalise_email(filters.user))
        if filters.action:
            query = query.where(AuditEntry.action == filters.action)
        if filters.plan_id is not None:
            query = query.where(AuditEntry.plan_id == filters.plan_id)
        if filters.since is not None:
            query = query.where(AuditEntry.at >= _start_of(filters.since))
        if filters.until is not None:
            query = query.where(AuditEntry.at < _start_of(filters.until + timedelta(days=1)))
        total = self._s.scalar(select(func.count()).select_from(query.subquery())) or 0
        pages = max(1, -(-total // per_page))
        page = min(max(1, page), pages)
        rows = self._s.execute(
            query.order_by(AuditEntry.id.desc()).offset((page - 1) * per_page).limit(per_page)
        )
        entries = [
            AuditRow(
                at=entry.at,
                who=email or "system",
                action=entry.action,
                plan_id=entry.plan_id,
                plan_name=plan_name,
                detail=dict(entry.detail or {}),
            )
            for entry, email, plan_name in rows
        ]
        return AuditPage(entries=entries, total=total, page=page, pages=pages)

    def actions(self) -> list[str]:
        """The actions recorded so far, for a filter's choices."""
        return list(self._s.scalars(select(AuditEntry.action).distinct().order_by("action")))

    def recent(self, limit: int = 200) -> list[tuple[AuditEntry, str]]:
        rows = self._s.execute(
            select(AuditEntry, User.email)
            .outerjoin(User, User.id == AuditEntry.user_id)
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        )
        return [(entry, email or "system") for entry, email in rows]


@dataclass(frozen=True)
class AuditFilter:
    user: str = ""  # an email, "system" (the command line), or "" for anyone
    action: str = ""
    plan_id: int | None = None
    since: date | None = None  # inclusive, UTC
    until: date | None = None  # inclusive, UTC


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    who: str
    action: str
    plan_id: int | None
    plan_name: str | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditRow]
    total: int
    page: int
    pages: int


def _start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@dataclass(frozen=True)
class PlanFilter:
    search: str = ""
    owner: str = ""  # an email; "" for anyone
    status: str = ""
    borough: str = ""
    include_deleted: bool = False  # admins only


class Plans:
    def __init__(self, session: Session, audit: Audit):
        self._s = session
        self._audit = audit

    # --- reads ---------------------------------------------------------------------------------

    def get(self, plan_id: int, actor: Actor | None, *, with_result: bool = True) -> Plan | None:
        """The plan, or None when there is none or the actor may not see it."""
        query = select(Plan).where(Plan.id == plan_id)
        if with_result:
            query = query.options(undefer(Plan.result))
        plan = self._s.scalar(query)
        if plan is None or not can_view(actor, plan):
            return None
        return plan

    def visible(
        self, actor: Actor | None, filters: PlanFilter = PlanFilter()
    ) -> list[tuple[Plan, str]]:
        """Plans the actor may see, newest change first, each with its owner's email."""
        if actor is None:
            return []
        query = select(Plan, User.email).join(User, User.id == Plan.owner_id)
        if not (filters.include_deleted and actor.at_least("admin")):
            query = query.where(Plan.deleted_at.is_(None))
        if not actor.at_least("admin"):
            query = query.where(or_(Plan.visibility == "partnership", Plan.owner_id == actor.id))
        if filters.search.strip():
            like = f"%{filters.search.strip().lower()}%"
            query = query.where(
                or_(func.lower(Plan.name).like(like), func.lower(Plan.description).like(like))
            )
        if filters.owner:
            query = query.where(User.email == normalise_email(filters.owner))
        if filters.status:
            query = query.where(Plan.status == filters.status)
        if filters.borough:
            query = query.where(Plan.boroughs.like(f"%|{filters.borough}|%"))
        query = query.order_by(Plan.updated_at.desc(), Plan.id.desc())
        return [(plan, email) for plan, email in self._s.execute(query)]

    def in_status(self, actor: Actor | None, statuses: tuple[str, ...]) -> list[Plan]:
        if actor is None:
            return []
        query = (
            select(Plan)
            .options(undefer(Plan.result))
            .where(Plan.deleted_at.is_(None), Plan.status.in_(statuses))
            .order_by(Plan.flood_start, Plan.id)
        )
        return [p for p in self._s.scalars(query) if can_view(actor, p)]

    def zones(self, plan_id: int) -> dict[int, PlanZone]:
        rows = self._s.scalars(select(PlanZone).where(PlanZone.plan_id == plan_id))
        return {z.zone: z for z in rows}

    def owner_email(self, plan: Plan) -> str:
        user = self._s.get(User, plan.owner_id)
        return user.email if user else "unknown"

    # --- changes -------------------------------------------------------------------------------

    def create(
        self,
        actor: Actor | None,
        *,
        name: str,
        description: str,
        visibility: str,
        region: str,
        level: str,
        query: str,
        result: Mapping[str, Any],
    ) -> Plan:
        if actor is None or not actor.at_least("planner"):
            raise Forbidden("Only planners and admins can save plans.")
        name = _checked_name(name)
        if visibility not in VISIBILITIES:
            raise Invalid(f"visibility must be one of {', '.join(VISIBILITIES)}")
        areas = list(result.get("areas", []))
        plan = Plan(
            owner_id=actor.id,
            name=name,
            description=description.strip(),
            visibility=visibility,
            status="draft",
            region=region,
            level=level,
            query=query,
            result=dict(result),
            n_areas=len(areas),
            residents=_total(areas, "population"),
            claimants=_total(areas, "claimants"),
            boroughs="|" + "|".join(sorted({str(a.get("borough", "")) for a in areas})) + "|",
            version=1,
        )
        self._s.add(plan)
        self._s.flush()
        for zone in sorted({int(a["zone"]) for a in areas if a.get("zone") is not None}):
            self._s.add(PlanZone(plan_id=plan.id, zone=zone, team=""))
        self._audit.record(
            actor,
            "plan.create",
            plan.id,
            {"name": name, "visibility": visibility, "areas": len(areas), "query": query},
        )
        return plan

    def update(
        self, actor: Actor | None, plan_id: int, expected_version: int, **changes: Any
    ) -> Plan:
        plan = self._editable(actor, plan_id)
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise Invalid(f"cannot change {', '.join(sorted(unknown))}")
        if "name" in changes:
            changes["name"] = _checked_name(changes["name"])
        if "visibility" in changes and changes["visibility"] not in VISIBILITIES:
            raise Invalid(f"visibility must be one of {', '.join(VISIBILITIES)}")
        start = changes.get("flood_start", plan.flood_start)
        end = changes.get("flood_end", plan.flood_end)
        if start and end and end < start:
            raise Invalid("The flood period ends before it starts.")
        diff = {
            k: [_jsonable(getattr(plan, k)), _jsonable(v)]
            for k, v in changes.items()
            if getattr(plan, k) != v
        }
        self._bump(plan_id, expected_version, changes)
        self._audit.record(actor, "plan.update", plan_id, diff)
        return self._reloaded(plan)

    def set_status(
        self, actor: Actor | None, plan_id: int, expected_version: int, status: str
    ) -> Plan:
        plan = self._visible(actor, plan_id)
        if status not in STATUSES:
            raise Invalid(f"status must be one of {', '.join(STATUSES)}")
        if not can_move(actor, plan, status):
            raise Forbidden(f"You cannot move this plan from {plan.status} to {status}.")
        before = plan.status
        self._bump(plan_id, expected_version, {"status": status})
        self._audit.record(actor, "plan.status", plan_id, {"status": [before, status]})
        return self._reloaded(plan)

    def set_teams(
        self, actor: Actor | None, plan_id: int, expected_version: int, teams: Mapping[int, str]
    ) -> Plan:
        plan = self._editable(actor, plan_id)
        zones = self.zones(plan_id)
        diff = {}
        for zone, team in teams.items():
            row = zones.get(int(zone))
            if row is None:
                raise Invalid(f"the plan has no zone {zone}")
            team = (team or "").strip()[:200]
            if row.team != team:
                diff[f"zone {zone}"] = [row.team, team]
                row.team = team
        self._bump(plan_id, expected_version, {})
        self._audit.record(actor, "plan.teams", plan_id, diff)
        return self._reloaded(plan)

    def duplicate(self, actor: Actor | None, plan_id: int, name: str | None = None) -> Plan:
        source = self._visible(actor, plan_id)
        copy = self.create(
            actor,
            name=name or f"Copy of {source.name}"[:200],
            description=source.description,
            visibility="private",
            region=source.region,
            level=source.level,
            query=source.query,
            result=source.result,
        )
        self._audit.record(actor, "plan.duplicate", copy.id, {"from": source.id})
        return copy

    def delete(self, actor: Actor | None, plan_id: int, expected_version: int) -> None:
        plan = self._visible(actor, plan_id)
        if actor is None or not (actor.at_least("admin") or plan.owner_id == actor.id):
            raise Forbidden("Only the plan's owner or an admin can delete it.")
        if not actor.at_least("planner"):
            raise Forbidden("Viewers cannot delete plans.")
        self._bump(plan_id, expected_version, {"deleted_at": utcnow()})
        self._audit.record(actor, "plan.delete", plan_id, {"name": plan.name})

    def restore(self, actor: Actor | None, plan_id: int) -> Plan:
        if actor is None or not actor.at_least("admin"):
            raise Forbidden("Only an admin can restore a deleted plan.")
        plan = self._s.get(Plan, plan_id)
        if plan is None or plan.deleted_at is None:
            raise NotFound("There is no deleted plan with that number.")
        self._bump(plan_id, plan.version, {"deleted_at": None})
        self._audit.record(actor, "plan.restore", plan_id, {"name": plan.name})
        return self._reloaded(plan)

    # --- helpers -------------------------------------------------------------------------------

    def _visible(self, actor: Actor | None, plan_id: int) -> Plan:
        plan = self.get(plan_id, actor)
        if plan is None:
            raise NotFound("There is no plan with that number that you can see.")
        return plan

    def _editable(self, actor: Actor | None, plan_id: int) -> Plan:
        plan = self._visible(actor, plan_id)
        if not can_edit(actor, plan):
            raise Forbidden("You cannot change this plan.")
        return plan

    def _bump(self, plan_id: int, expected_version: int, values: Mapping[str, Any]) -> None:
        """Write ``values`` only if nobody changed the plan since ``expected_version`` was read."""
        done = self._s.execute(
            update(Plan)
            .where(Plan.id == plan_id, Plan.version == expected_version)
            .values(**values, version=Plan.version + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        # An UPDATE's result is a CursorResult, which has rowcount; execute() is typed Result.
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict(
                "Someone else changed this plan since you opened it. Nothing was saved: "
                "reopen the plan to see their change, then make yours again."
            )

    def _reloaded(self, plan: Plan) -> Plan:
        self._s.refresh(plan)
        return plan


def _checked_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise Invalid("A plan needs a name.")
    if len(name) > 200:
        raise Invalid("A plan's name is at most 200 characters.")
    return name


def _total(areas: list[Mapping[str, Any]], field: str) -> float | None:
    values = [a.get(field) for a in areas]
    known = [float(v) for v in values if isinstance(v, int | float)]
    return sum(known) if known else None


@dataclass(frozen=True)
class CountRow:
    """People with ``outcome`` in ``lsoa`` in ``month``: the only thing an outcome file leaves."""

    lsoa: str
    month: str  # "2024-03"; "" when the row's date could not be read
    outcome: str  # "" when the row had none
    count: int


class Outcomes:
    """Outcome files of agreed, active and finished plans and their counts (issue 26).

    Reads follow the plan's own visibility; attaching, withdrawing and targets need a planner or
    an admin who may change the plan. Counts are stored as they are (unsuppressed): suppression is
    applied by every view and export that shows them.
    """

    def __init__(self, session: Session, audit: Audit, plans: Plans):
        self._s = session
        self._audit = audit
        self._plans = plans

    def files(self, actor: Actor | None, plan_id: int) -> list[tuple[OutcomeFile, str]]:
        """The plan's files (withdrawn ones too, marked), oldest first, with who added each."""
        self._plans._visible(actor, plan_id)
        rows = self._s.execute(
            select(OutcomeFile, User.email)
            .outerjoin(User, User.id == OutcomeFile.uploaded_by)
            .where(OutcomeFile.plan_id == plan_id)
            .order_by(OutcomeFile.id)
        )
        return [(f, email or "system") for f, email in rows]

    def counts(self, actor: Actor | None, plan_id: int) -> list[CountRow]:
        """The counts of the plan's files that are not withdrawn, added up over files."""
        self._plans._visible(actor, plan_id)
        total = func.sum(OutcomeCount.count)
        rows = self._s.execute(
            select(OutcomeCount.lsoa, OutcomeCount.month, OutcomeCount.outcome, total)
            .join(OutcomeFile, OutcomeFile.id == OutcomeCount.file_id)
            .where(OutcomeFile.plan_id == plan_id, OutcomeFile.withdrawn_at.is_(None))
            .group_by(OutcomeCount.lsoa, OutcomeCount.month, OutcomeCount.outcome)
            .order_by(OutcomeCount.lsoa, OutcomeCount.month, OutcomeCount.outcome)
        )
        return [CountRow(str(a), str(m), str(o), int(n)) for a, m, o, n in rows]

    def by_file(self, actor: Actor | None, plan_id: int) -> dict[int, list[CountRow]]:
        """Each file's own counts (files not withdrawn), for figures that need what months each
        file covers (a month no file covers is missing, not 0)."""
        self._plans._visible(actor, plan_id)
        # Plain columns, not ORM objects: a year of files is hundreds of thousands of rows.
        rows = self._s.execute(
            select(
                OutcomeCount.file_id,
                OutcomeCount.lsoa,
                OutcomeCount.month,
                OutcomeCount.outcome,
                OutcomeCount.count,
            )
            .join(OutcomeFile, OutcomeFile.id == OutcomeCount.file_id)
            .where(OutcomeFile.plan_id == plan_id, OutcomeFile.withdrawn_at.is_(None))
            .order_by(OutcomeCount.file_id, OutcomeCount.lsoa, OutcomeCount.month)
        )
        out: dict[int, list[CountRow]] = {}
        for file_id, lsoa, month, outcome, count in rows:
            out.setdefault(file_id, []).append(CountRow(lsoa, month, outcome, count))
        return out

    def attach(
        self,
        actor: Actor | None,
        plan_id: int,
        *,
        label: str,
        provider: str,
        counts: list[CountRow],
        rows_read: int,
        rows_matched: int,
    ) -> OutcomeFile:
        plan = self._recording(actor, plan_id)
        label = (label or "").strip()[:200]
        if not label:
            raise Invalid("An outcome file needs a label (e.g. “Provider A, Jan–Mar 2025”).")
        kept = [c for c in counts if c.count > 0]
        if not kept:
            raise Invalid("The file has no rows counted in the region's areas: nothing attached.")
        for c in kept:
            if len(c.lsoa) > 12 or len(c.month) > 7 or len(c.outcome) > 60:
                raise Invalid("The counts are not in the expected shape: nothing attached.")
        months = sorted({c.month for c in kept if c.month})
        assert actor is not None
        row = OutcomeFile(
            plan_id=plan.id,
            label=label,
            provider=(provider or "").strip()[:200],
            uploaded_by=actor.id,
            first_month=months[0] if months else "",
            last_month=months[-1] if months else "",
            rows_read=int(rows_read),
            rows_matched=int(rows_matched),
        )
        self._s.add(row)
        self._s.flush()
        self._s.execute(
            insert(OutcomeCount),
            [
                {"file_id": row.id, "lsoa": c.lsoa, "month": c.month, "outcome": c.outcome,
                 "count": int(c.count)}
                for c in kept
            ],
        )  # fmt: skip
        self._audit.record(
            actor,
            "outcomes.attach",
            plan.id,
            {"file": row.id, "label": label, "provider": row.provider, "rows read": rows_read,
             "rows matched": rows_matched,
             "months": f"{row.first_month} to {row.last_month}" if months else "undated"},
        )  # fmt: skip
        return row

    def withdraw(self, actor: Actor | None, file_id: int) -> OutcomeFile:
        """The file stays listed (withdrawn, by whom and when in the audit); its counts go."""
        row = self._s.get(OutcomeFile, file_id)
        if row is None:
            raise NotFound("There is no outcome file with that number.")
        self._recording(actor, row.plan_id)
        if row.withdrawn_at is not None:
            raise Invalid("That file was withdrawn already.")
        self._s.execute(delete(OutcomeCount).where(OutcomeCount.file_id == file_id))
        row.withdrawn_at = utcnow()
        self._audit.record(
            actor, "outcomes.withdraw", row.plan_id, {"file": row.id, "label": row.label}
        )
        return row

    def set_targets(
        self, actor: Actor | None, plan_id: int, targets: Mapping[int, float | None]
    ) -> None:
        """Targets per zone, in outcomes per 100 out-of-work claimants (None: no target)."""
        self._recording(actor, plan_id)
        zones = self._plans.zones(plan_id)
        diff = {}
        for zone, value in targets.items():
            row = zones.get(int(zone))
            if row is None:
                raise Invalid(f"the plan has no zone {zone}")
            if value is not None and not (0 <= float(value) <= 100):
                raise Invalid("A target is between 0 and 100 per 100 out-of-work claimants.")
            new = None if value is None else float(value)
            if row.target_per_100 != new:
                diff[f"zone {zone}"] = [row.target_per_100, new]
                row.target_per_100 = new
        if diff:
            self._audit.record(actor, "outcomes.targets", plan_id, diff)

    def _recording(self, actor: Actor | None, plan_id: int) -> Plan:
        plan = self._plans._visible(actor, plan_id)
        if actor is None or not actor.at_least("planner") or not can_edit(actor, plan):
            raise Forbidden("Only planners and admins who may change the plan can record outcomes.")
        if plan.status not in OUTCOME_STATUSES:
            raise Invalid("Outcomes are recorded for agreed, active and finished plans only.")
        return plan


class Transaction:
    def __init__(self, session: Session):
        self.session = session
        self.audit = Audit(session)
        self.users = Users(session, self.audit)
        self.plans = Plans(session, self.audit)
        self.outcomes = Outcomes(session, self.audit, self.plans)


class Store:
    def __init__(self, url: str, engine: Engine | None = None):
        self.url = url
        self.engine = engine or make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self, revision: str = "head") -> None:
        migrate(self.engine, revision)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield Transaction(session)

    def dispose(self) -> None:
        self.engine.dispose()
