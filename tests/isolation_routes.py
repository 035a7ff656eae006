"""The isolation matrix's knowledge of every route in the portal.

Every endpoint in `app.url_map` must have an entry here, or `test_isolation.py`
fails: a new route cannot ship without saying how it is tried across offices.

An entry gives the HTTP method the route changes or shows data with, and a
function that builds the route's arguments from the *victim* office's objects
(a dict of ids made by `tests/isolation_fixtures.py`). `kind` says who may
legitimately use the route:
- "public": anyone (login pages, language switch, static files) — must still leak nothing;
- "office": office users of the office in the URL;
- "central": regional/national officers (aggregates only);
- "central_office": a central page about the victim office: only national officers and
  the victim office's own regional officer may open it;
- "national": national officers only (API tokens);
- "sysadmin": system administrators (offices and administrator accounts only);
- "account": any signed-in user, about their own session only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RouteSpec:
    kind: str
    method: str = "GET"
    args: Callable[[dict], dict] = field(default=lambda objs: {})


def victim_user(objs: dict) -> dict:
    return {"user_id": objs["user_id"]}


def victim_client(objs: dict) -> dict:
    return {"client_id": objs["client_id"]}


def victim_batch(objs: dict) -> dict:
    return {"token": objs["batch_token"]}


def victim_litmas(objs: dict) -> dict:
    return {"litmas_id": objs["litmas_id"]}


def victim_session(objs: dict) -> dict:
    return {"session_id": objs["session_id"]}


def victim_day(objs: dict) -> dict:
    return {"day_id": objs["day_id"]}


def victim(*names: str, **renamed: str) -> Callable[[dict], dict]:
    """Arguments naming the victim office's objects of these kinds (ids in `objs`);
    `renamed` maps a route argument to another key of `objs`."""
    return lambda objs: {
        **{n: objs[n] for n in names},
        **{arg: objs[key] for arg, key in renamed.items()},
    }


ROUTES: dict[str, RouteSpec] = {
    "static": RouteSpec("public", args=lambda o: {"filename": "css/portal.css"}),
    "public.index": RouteSpec("public"),
    "public.set_language": RouteSpec("public", "POST"),
    "public.healthz": RouteSpec("public"),
    "public.readyz": RouteSpec("public"),
    "account.logout": RouteSpec("account", "POST"),
    "auth.login": RouteSpec("public"),
    "central_auth.login": RouteSpec("public"),
    "central_auth.change_password": RouteSpec("account"),
    # One-time enrolment links: a token of another office's account opens nothing here.
    "auth.enrol": RouteSpec("public", "POST", lambda o: {"token": "x"}),
    "central_auth.enrol": RouteSpec("public", "POST", lambda o: {"token": "x"}),
    "auth.change_password": RouteSpec("office"),
    "home.index": RouteSpec("office"),
    "users.index": RouteSpec("office"),
    "users.create": RouteSpec("office", "POST"),
    "users.edit": RouteSpec("office", "POST", victim_user),
    "users.deactivate": RouteSpec("office", "POST", victim_user),
    "users.activate": RouteSpec("office", "POST", victim_user),
    "users.reset_password": RouteSpec("office", "POST", victim_user),
    "clients.index": RouteSpec("office"),
    "clients.mine": RouteSpec("office"),
    "clients.caseload": RouteSpec("office"),
    "clients.create": RouteSpec("office", "POST"),
    "clients.detail": RouteSpec("office", args=victim_client),
    "clients.edit": RouteSpec("office", "POST", victim_client),
    "clients.change_status": RouteSpec("office", "POST", victim_client),
    "transfer.index": RouteSpec("office"),
    "transfer.template": RouteSpec("office"),
    "transfer.upload": RouteSpec("office", "POST"),
    "transfer.batch": RouteSpec("office", args=victim_batch),
    "transfer.status": RouteSpec("office", args=victim_batch),
    "transfer.confirm": RouteSpec("office", "POST", victim_batch),
    "transfer.cancel": RouteSpec("office", "POST", victim_batch),
    "transfer.export_clients": RouteSpec("office"),
    "transfer.export_partners": RouteSpec("office"),
    "transfer.export_users": RouteSpec("office"),
    "transfer.export_audit": RouteSpec("office"),
    "transfer.export_reports": RouteSpec("office"),
    "transfer.export_trainings": RouteSpec("office"),
    "transfer.export_follow_ups": RouteSpec("office"),
    "audit.index": RouteSpec("office"),
    "audit.export": RouteSpec("office"),
    "audit.data_subject": RouteSpec("office", args=victim_client),
    "audit.data_subject_export": RouteSpec("office", args=victim_client),
    "litmas.index": RouteSpec("office"),
    "litmas.create": RouteSpec("office", "POST", victim_client),
    "litmas.detail": RouteSpec("office", args=victim_litmas),
    "litmas.edit": RouteSpec("office", "POST", victim_litmas),
    "litmas.finalise": RouteSpec("office", "POST", victim_litmas),
    "litmas_requests.index": RouteSpec("office"),
    "litmas_requests.create": RouteSpec("office", "POST"),
    "litmas_requests.detail": RouteSpec("office", args=victim("request_id")),
    "litmas_requests.edit": RouteSpec("office", "POST", victim("request_id")),
    "litmas_requests.appoint": RouteSpec("office", "POST", victim("request_id")),
    "litmas_requests.write_report": RouteSpec("office", "POST", victim("request_id")),
    "litmas_requests.sign": RouteSpec("office", "POST", victim("request_id")),
    "litmas_requests.acknowledge": RouteSpec("office", "POST", victim("request_id")),
    "litmas_requests.deliver": RouteSpec("office", "POST", victim("request_id")),
    "litmas_requests.withdraw": RouteSpec("office", "POST", victim("request_id")),
    "litmas_requests.print_report": RouteSpec("office", args=victim("request_id")),
    "litmas_requests.tpp_index": RouteSpec("office"),
    "litmas_requests.tpp_create": RouteSpec("office", "POST"),
    "litmas_requests.tpp_detail": RouteSpec("office", args=victim(session_id="tpp_session_id")),
    "guidance.index": RouteSpec("office"),
    "guidance.create": RouteSpec("office", "POST"),
    "guidance.detail": RouteSpec("office", args=victim_session),
    "outcomes.employment": RouteSpec("office", "POST", victim_client),
    "outcomes.reoffence": RouteSpec("office", "POST", victim_client),
    "outcomes.transfer_out": RouteSpec("office", "POST", victim_client),
    "reporting.index": RouteSpec("office"),
    "reporting.record_report": RouteSpec("office", "POST", victim_client),
    "reporting.set_frequency": RouteSpec("office", "POST", victim_client),
    "reporting.record_violation": RouteSpec("office", "POST", victim_client),
    "reporting.days": RouteSpec("office"),
    "reporting.plan_day": RouteSpec("office", "POST"),
    "reporting.day": RouteSpec("office", args=victim_day),
    "reporting.record_seen": RouteSpec("office", "POST", victim_day),
    "reporting.edit_day": RouteSpec("office", "POST", victim_day),
    "reporting.cancel_day": RouteSpec("office", "POST", victim_day),
    "reporting.day_clients": RouteSpec("office", args=victim_day),
    "partners.index": RouteSpec("office"),
    "partners.create": RouteSpec("office", "POST"),
    "partners.detail": RouteSpec("office", args=victim("partner_id")),
    "partners.edit": RouteSpec("office", "POST", victim("partner_id")),
    "partners.agreement_create": RouteSpec("office", "POST", victim("partner_id")),
    "partners.agreement_edit": RouteSpec("office", "POST", victim("agreement_id")),
    "partners.venues": RouteSpec("office"),
    "partners.venue_create": RouteSpec("office", "POST"),
    "partners.venue_edit": RouteSpec("office", "POST", victim("venue_id")),
    "partners.placement_create": RouteSpec("office", "POST", victim("partner_id")),
    "partners.placement_edit": RouteSpec("office", "POST", victim("placement_id")),
    "trainings.index": RouteSpec("office"),
    "trainings.create": RouteSpec("office", "POST"),
    "trainings.detail": RouteSpec("office", args=victim("training_id")),
    "trainings.edit": RouteSpec("office", "POST", victim("training_id")),
    "trainings.session_create": RouteSpec("office", "POST", victim("training_id")),
    "trainings.session_edit": RouteSpec("office", "POST", victim(session_id="training_session_id")),
    "trainings.enrol": RouteSpec("office", "POST", victim(session_id="training_session_id")),
    "trainings.attendance": RouteSpec("office", "POST", victim(session_id="training_session_id")),
    "trainings.candidates": RouteSpec("office", args=victim(session_id="training_session_id")),
    "trainings.participant_remove": RouteSpec("office", "POST", victim("participant_id")),
    "trainings.follow_up": RouteSpec(
        "office", "POST", lambda o: {"participant_id": o["participant_id"], "stage": 3}
    ),
    "trainings.overview": RouteSpec("office"),
    "central.index": RouteSpec("central"),
    "indicators.comparison": RouteSpec("central"),
    "indicators.office_profile": RouteSpec("central_office", args=lambda o: {"slug": o["slug"]}),
    "indicators.trend": RouteSpec("central"),
    "indicators.charts": RouteSpec("central"),
    "indicators.definitions": RouteSpec("central"),
    "indicators.export_table": RouteSpec("central", args=lambda o: {"fmt": "xlsx"}),
    "whatworks.index": RouteSpec("central"),
    "whatworks.group": RouteSpec("central", args=lambda o: {"key": "all"}),
    "whatworks.export_xlsx": RouteSpec("central"),
    "api.comparison": RouteSpec("central"),
    "whatworks_api.what_works": RouteSpec("central"),
    "api.openapi_document": RouteSpec("public"),
    "api_tokens.index": RouteSpec("national", "POST"),
    "api_tokens.revoke": RouteSpec("national", "POST", lambda o: {"token_id": o["token_id"]}),
    "office_indicators.index": RouteSpec("office"),
    "office_whatworks.office_index": RouteSpec("office"),
    "office_whatworks.office_group": RouteSpec("office", args=lambda o: {"key": "all"}),
    "office_whatworks.office_export_xlsx": RouteSpec("office"),
    "office_indicators.definitions": RouteSpec("office"),
    "admin.index": RouteSpec("sysadmin"),
    "admin.create_account": RouteSpec("sysadmin", "POST"),
    "admin.deactivate_account": RouteSpec("sysadmin", "POST", victim_user),
    "admin.activate_account": RouteSpec("sysadmin", "POST", victim_user),
    "admin.reset_account_password": RouteSpec("sysadmin", "POST", victim_user),
    "admin.audit_log": RouteSpec("sysadmin"),
    "admin.audit_export": RouteSpec("sysadmin"),
}
