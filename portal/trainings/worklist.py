"""Worklist provider: training follow-ups due for a PK's own clients.

The one definition of "due" is `followups.due_for_pk` (days 80-120 and 170-210
after the session; late ones are chased for a year). Other roles get no section:
staff see what is due on each training page.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from portal.auth.models import User
from portal.auth.roles import Role
from portal.home.worklist import ROW_LIMIT, Row, Section, provider
from portal.trainings.followups import due_for_pk


@provider
def training_follow_ups_due(user: User) -> Section | None:
    if user.role != Role.PK:
        return None
    due = due_for_pk(user)
    rows = [
        Row(
            item.participant.client,
            _(
                "tindak lanjut %(n)d bulan %(training)s: %(state)s, s.d. %(date)s",
                n=item.state.stage,
                training=item.participant.session.training.title,
                state=item.state.label.lower(),
                date=item.state.due_to.isoformat(),
            ),
        )
        for item in due[:ROW_LIMIT]
    ]
    return Section(
        "tindak-lanjut-pelatihan",
        _("Tindak lanjut pelatihan jatuh tempo"),
        rows,
        len(due),
        url_for("trainings.index"),
        _("Tidak ada tindak lanjut pelatihan yang jatuh tempo."),
    )
