"""Plans as the current request may see them: every read checks the signed-in user on the server."""

from __future__ import annotations

from typing import Any

from dashboard.context import RequestContext
from dashboard.plans.freeze import codes_of, frozen_scenario
from dashboard.saved import get_store
from dashboard.store import Actor
from layers.targeting.scenario import Scenario, ScenarioError

# The largest id a plan can have: PostgreSQL's INTEGER. A larger number would overflow the database's
# integer (SQLite too, past 2**63) and fail the request, where it is simply no plan.
LARGEST_ID = 2**31 - 1


def parse_id(text: object) -> int | None:
    try:
        value = int(str(text)[:20])
    except (TypeError, ValueError):
        return None
    return value if 0 < value <= LARGEST_ID else None


def readable_plan(plan_id: object, actor: Actor | None) -> dict[str, Any] | None:
    """The plan as plain values, or None when it does not exist or ``actor`` may not see it (the
    same answer, so an id cannot be probed)."""
    key = parse_id(plan_id)
    if key is None:
        return None
    with get_store().transaction() as tx:
        plan = tx.plans.get(key, actor)
        if plan is None:
            return None
        return {
            "id": plan.id,
            "name": plan.name,
            "description": plan.description,
            "visibility": plan.visibility,
            "status": plan.status,
            "owner_id": plan.owner_id,
            "owner": tx.plans.owner_email(plan),
            "level": plan.level,
            "query": plan.query,
            "result": plan.result,
            "n_areas": plan.n_areas,
            "residents": plan.residents,
            "claimants": plan.claimants,
            "flood_start": plan.flood_start,
            "flood_end": plan.flood_end,
            "version": plan.version,
            "created_at": plan.created_at,
            "updated_at": plan.updated_at,
            "deleted_at": plan.deleted_at,
            "teams": {z: row.team for z, row in tx.plans.zones(plan.id).items()},
            "audit": [
                {"at": e.at, "who": who, "action": e.action, "detail": e.detail}
                for e, who in tx.audit.for_plan(plan.id)
            ],
            "_orm": plan,
        }


def plan_scenario(plan_id: object, context: RequestContext) -> Scenario:
    """The scenario that gives plan ``plan_id``'s frozen list, for exports and action packs
    (``plan=<id>``); ``ScenarioError`` when the signed-in user cannot see such a plan."""
    plan = readable_plan(plan_id, context.user)
    if plan is None:
        raise ScenarioError(
            "there is no plan with that number that you can see (sign in, or ask its owner to share it)"
        )
    return frozen_scenario(plan["query"], codes_of(plan["result"]), context.catalog)


def scenario_as_plan(query: str) -> dict[str, Any]:
    """A Target scenario (its link's query) run on today's data, shaped like a plan, to compare a
    plan with; ``ScenarioError`` when the settings cannot be run."""
    from dashboard.context import shared_context
    from dashboard.plans.freeze import freeze, scenario_of

    context = shared_context()
    scenario = scenario_of(query, context.region)
    result = freeze(scenario, context.catalog)
    return {"id": None, "name": "The Target list (today's data)", "level": scenario.level,
            "query": result["query"], "result": result}  # fmt: skip


def pair(a: object, b: object, scenario: object, actor: Actor | None):
    """Plan ``a`` and either plan ``b`` or the Target ``scenario``, each as the user may see it
    (None for one they cannot); ``ScenarioError`` for settings that cannot be run."""
    first = readable_plan(a, actor)
    if scenario:
        return first, (scenario_as_plan(str(scenario)) if first is not None else None)
    return first, readable_plan(b, actor)
