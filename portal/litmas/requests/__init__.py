"""Litmas requests: a request from outside the office (police, LPAS/LPKA, Lapas/Rutan,
prosecutor, court), the PK the head appoints, the legal deadline, the observation team
(TPP) session, and the report signed, acknowledged and delivered.

Layout (each module small, one concern):
  vocab.py      requester kinds, purposes with their deadline rule, attachments, means
  models.py     LitmasRequest, RequestAssignment (history), RequestReport, TppSession,
                TppDiscussion
  deadlines.py  the deadline of a purpose and "sisa 2 hari 23 jam" (pure, no database)
  operations.py intake, linking to a case file, appointing a PK
  report.py     drafting, signing, acknowledging and delivering the report
  tpp.py        observation team sessions and their recommendations
  queries.py    reading: one request, open lists (juvenile rule), PK loads
  forms.py, views.py, worklist.py, demo.py: the web pages and the demo data
"""
