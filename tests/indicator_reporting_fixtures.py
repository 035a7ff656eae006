"""Wajib lapor data for Tangerang in 2025-Q2, with compliance worked out by hand.

Ten due dates fall in April–June 2025 (windows long closed), eight met by a report;
one more due date was cancelled when guidance ended (never counts), and one report
is an extra contact outside every window (counts nowhere).
=> compliance 8 / 10 = 80.0%.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from portal.clients.models import Client
from portal.extensions import db
from portal.reporting.models import Report, ReportDue
from portal.tenancy import office_scope


def add_reporting_data(app, office_id: int) -> None:
    with app.app_context(), office_scope(office_id):
        clients = db.session.scalars(
            select(Client).where(Client.status == "aktif").order_by(Client.id).limit(11)
        ).all()
        for i, client in enumerate(clients):
            due_on = date(2025, 4, 7) + timedelta(days=7 * i)
            due = ReportDue(
                client_id=client.id,
                due_on=due_on,
                window_from=due_on - timedelta(7),
                window_to=due_on + timedelta(7),
                cancelled=i == 10,
            )
            db.session.add(due)
            db.session.flush()
            if i < 8:
                db.session.add(
                    Report(
                        client_id=client.id,
                        due_id=due.id,
                        reported_on=due_on,
                        mode="kantor",
                        pk_id=client.pk_id,
                        recorded_by_name="PK",
                    )
                )
        db.session.add(
            Report(
                client_id=clients[0].id,
                due_id=None,
                reported_on=date(2025, 6, 28),
                mode="video",
                pk_id=clients[0].pk_id,
                recorded_by_name="PK",
            )
        )
        db.session.commit()
        db.session.remove()
