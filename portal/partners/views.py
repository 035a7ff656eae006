"""Partner pages: the network of Pokmas Lipas, agreements, Griya Abhipraya, placements.

Staff (Bimker) and administrators write; PKs and viewers read.
"""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.roles import Role
from portal.clients.models import Client
from portal.clients.operations import find_client, office_today, visible_clients
from portal.clients.vocab import AKTIF
from portal.extensions import db
from portal.formerrors import submit
from portal.offices.context import get_or_404, office_blueprint, roles_required
from portal.partners import operations, placements, vocab
from portal.partners import worklist as _worklist  # noqa: F401  registers the home panel
from portal.partners.forms import AgreementForm, PartnerForm, PlacementForm, VenueForm
from portal.partners.models import Agreement, Partner, Placement, Venue
from portal.trainings import figures
from portal.trainings.operations import list_trainings, participant_rows

bp = office_blueprint("partners", __name__, url_prefix="/mitra")
WRITERS = (Role.ADMIN, Role.STAFF)


@bp.context_processor
def _helpers():
    return {
        "can_write_partners": current_user.role in WRITERS,
        "agreement_states": operations.AGREEMENT_STATES,
    }


def _user():
    return current_user._get_current_object()


def list_status() -> str:
    """The list's status filter: active partners unless another (or "" for all) is asked."""
    return request.args.get("status", vocab.AKTIF)


@bp.route("/")
def index():
    status = list_status()
    today = office_today()
    partners = operations.list_partners(status)
    states = {p.id: [operations.agreement_state(a, today) for a in p.agreements] for p in partners}
    return render_template(
        "partners/index.html",
        partners=partners,
        states=states,
        status=status,
        expiring=operations.expiring_agreements(today),
        venues=operations.list_venues(),
    )


@bp.route("/baru", methods=["GET", "POST"])
@roles_required(*WRITERS)
def create():
    form = PartnerForm()
    done = submit(
        form,
        lambda: operations.create_partner(**form.data),
        "name",
        _("Mitra didaftarkan."),
        lambda p: url_for(".detail", partner_id=p.id),
    )
    return done or render_template("partners/form.html", form=form, partner=None)


@bp.route("/<int:partner_id>")
def detail(partner_id: int):
    partner = get_or_404(Partner, partner_id)
    user = _user()
    today = office_today()
    rows = participant_rows(user, partner_id=partner.id)
    db.session.commit()  # participant_rows records that client names were shown
    return render_template(
        "partners/detail.html",
        partner=partner,
        today=today,
        agreements=[(a, operations.agreement_state(a, today)) for a in partner.agreements],
        trainings=list_trainings(partner_id=partner.id),
        outcome=figures.total(partner_id=partner.id),
        participants=rows,
        placements=placements.placements(user, partner=partner),
        hidden_placements=placements.hidden_placement_count(user, partner),
    )


@bp.route("/<int:partner_id>/ubah", methods=["GET", "POST"])
@roles_required(*WRITERS)
def edit(partner_id: int):
    partner = get_or_404(Partner, partner_id)
    form = PartnerForm(obj=partner)
    done = submit(
        form,
        lambda: operations.update_partner(partner, **form.data),
        "name",
        _("Data mitra disimpan."),
        lambda p: url_for(".detail", partner_id=p.id),
    )
    return done or render_template("partners/form.html", form=form, partner=partner)


@bp.route("/<int:partner_id>/perjanjian/baru", methods=["GET", "POST"])
@roles_required(*WRITERS)
def agreement_create(partner_id: int):
    partner = get_or_404(Partner, partner_id)
    form = AgreementForm()
    if request.method == "GET":
        form.services.data = list(partner.services)
    done = submit(
        form,
        lambda: operations.create_agreement(partner, **form.data),
        "number",
        _("Perjanjian kerja sama dicatat."),
        lambda a: url_for(".detail", partner_id=partner.id),
    )
    return done or render_template(
        "partners/agreement_form.html", form=form, partner=partner, agreement=None
    )


@bp.route("/perjanjian/<int:agreement_id>/ubah", methods=["GET", "POST"])
@roles_required(*WRITERS)
def agreement_edit(agreement_id: int):
    agreement = get_or_404(Agreement, agreement_id)
    form = AgreementForm(obj=agreement)
    done = submit(
        form,
        lambda: operations.update_agreement(agreement, **form.data),
        "number",
        _("Perjanjian kerja sama disimpan."),
        lambda a: url_for(".detail", partner_id=a.partner_id),
    )
    return done or render_template(
        "partners/agreement_form.html", form=form, partner=agreement.partner, agreement=agreement
    )


# --- Griya Abhipraya ----------------------------------------------------------------------


def _venue_form(venue: Venue | None = None) -> VenueForm:
    form = VenueForm(obj=venue)
    form.partner_ids.choices = [(p.id, p.name) for p in operations.list_partners()]
    return form


@bp.route("/griya-abhipraya")
def venues():
    rows = [(v, operations.venue_partners(v)) for v in operations.list_venues()]
    return render_template("partners/venues.html", rows=rows)


@bp.route("/griya-abhipraya/baru", methods=["GET", "POST"])
@roles_required(*WRITERS)
def venue_create():
    form = _venue_form()
    done = submit(
        form,
        lambda: operations.create_venue(**form.data),
        "name",
        _("Griya Abhipraya dicatat."),
        lambda v: url_for(".venues"),
    )
    return done or render_template("partners/venue_form.html", form=form, venue=None)


@bp.route("/griya-abhipraya/<int:venue_id>/ubah", methods=["GET", "POST"])
@roles_required(*WRITERS)
def venue_edit(venue_id: int):
    venue = get_or_404(Venue, venue_id)
    form = _venue_form(venue)
    done = submit(
        form,
        lambda: operations.update_venue(venue, **form.data),
        "name",
        _("Griya Abhipraya disimpan."),
        lambda v: url_for(".venues"),
    )
    return done or render_template("partners/venue_form.html", form=form, venue=venue)


# --- placements ---------------------------------------------------------------------------


def _placement_form(placement: Placement | None, partner: Partner) -> PlacementForm:
    form = PlacementForm(obj=placement)
    user = _user()
    clients = _active_clients(user)
    if placement is not None and placement.client not in clients:
        clients.insert(0, placement.client)
    form.client_id.choices = [("", "—")] + [
        (c.id, f"{c.register_number} — {c.name}") for c in clients
    ]
    form.partner_id.choices = [(p.id, p.name) for p in operations.list_partners()]
    if request.method == "GET" and placement is None:
        form.partner_id.data = partner.id
    return form


def _active_clients(user) -> list[Client]:
    return list(
        db.session.scalars(
            visible_clients(user).where(Client.status == AKTIF).order_by(Client.name)
        )
    )


@bp.route("/<int:partner_id>/penempatan/baru", methods=["GET", "POST"])
@roles_required(*WRITERS)
def placement_create(partner_id: int):
    partner = get_or_404(Partner, partner_id)
    form = _placement_form(None, partner)
    done = submit(
        form,
        lambda: placements.create_placement(_user(), **form.data),
        "client_id",
        _("Penempatan dicatat."),
        lambda p: url_for(".detail", partner_id=p.partner_id),
    )
    return done or render_template(
        "partners/placement_form.html", form=form, partner=partner, placement=None
    )


@bp.route("/penempatan/<int:placement_id>/ubah", methods=["GET", "POST"])
@roles_required(*WRITERS)
def placement_edit(placement_id: int):
    placement = get_or_404(Placement, placement_id)
    user = _user()
    if find_client(user, placement.client_id) is None:
        abort(404)  # a juvenile client's placement this user may not see
    form = _placement_form(placement, placement.partner)
    done = submit(
        form,
        lambda: placements.update_placement(user, placement, **form.data),
        "client_id",
        _("Penempatan disimpan."),
        lambda p: url_for(".detail", partner_id=p.partner_id),
    )
    return done or render_template(
        "partners/placement_form.html", form=form, partner=placement.partner, placement=placement
    )
