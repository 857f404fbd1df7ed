"""The demo case file's collaboration: a directory, a SIP led by social services with actions (one
overdue, one due soon), a report of concern with feedback, disclosures and contacts with home."""

import datetime as dt

from elevhalsa_desktop.domain.collaboration import Basis, ConsentFrom, ContactKind, OrgKind
from elevhalsa_desktop.services.collaboration import CollaborationService
from elevhalsa_desktop.services.demo import write_demo
from tests.conftest import PASSWORD


def test_the_demo_has_a_network_a_sip_a_concern_and_disclosures(tmp_path):
    session = write_demo(tmp_path / "demo.elevhalsa", PASSWORD, pupils=40, seed=2)
    collab, today = CollaborationService(session), dt.date.today()
    organisations = collab.organisations()
    kinds = [o.kind for o in organisations]
    for kind in (OrgKind.BUP, OrgKind.HABILITATION, OrgKind.PRIMARY_CARE, OrgKind.KAA,
                 OrgKind.LEISURE, OrgKind.SCHOOL):  # fmt: skip
        assert kind in kinds, kind
    social = {o.id: o for o in organisations if o.kind is OrgKind.SOCIAL_SERVICES}
    assert len({o.unit for o in social.values()}) == 2  # investigation and open care
    assert all(o.phone.startswith("070-174 06") and o.email.endswith("@example.com")
               for o in organisations)  # fmt: skip

    pupil_ids = [r[0] for r in session.db.execute("SELECT DISTINCT pupil_id FROM contact_entry")]
    assert len(pupil_ids) == 3
    entries = [e for p in pupil_ids for e in collab.entries(p)]
    sips = [e for e in entries if e.kind is ContactKind.SIP_MEETING]
    assert len(sips) == 2 and all(e.lead_organisation_id in social for e in sips)
    latest = max(sips, key=lambda e: e.happened_on)
    assert len(latest.actions) >= 2 and latest.next_meeting_on > today.isoformat()
    assert all(a.responsible for a in latest.actions)
    assert any(e.kind is ContactKind.COLLABORATION_MEETING for e in entries)
    for positive in (ContactKind.SUCCESS_LETTER, ContactKind.GOOD_NEWS_CALL):
        assert any(e.kind is positive for e in entries), positive

    todo = collab.todo()
    overdue = [item for item in todo if item.overdue]
    assert len(overdue) == 1 and overdue[0].due_on < today
    assert any(not item.overdue and item.due_on <= today + dt.timedelta(days=14) for item in todo)

    concerns = [c for p in pupil_ids for c in collab.concerns(p)]
    assert len(concerns) == 1 and concerns[0].feedback_on and concerns[0].feedback_summary
    lines = [line for p in pupil_ids for line in collab.disclosures(p)]
    assert any(line.basis.startswith("Samtycke från") for line in lines)
    assert any(line.source == "concern" for line in lines)
    assert any(e.kind is ContactKind.DISCLOSURE and e.basis is Basis.CONSENT for e in entries)

    consents = [c for p in pupil_ids for c in collab.consents(p)]
    assert any(c.from_whom is ConsentFrom.BOTH_GUARDIANS and c.valid_on(today) for c in consents)
    assert any(not c.valid_on(today) and c.valid_until < today.isoformat() for c in consents)
    assert any(c.from_whom is ConsentFrom.ONE_GUARDIAN for c in consents)
    assert all(collab.network(p) for p in pupil_ids)
    session.close()


def test_a_tiny_demo_still_has_the_directory(tmp_path):
    session = write_demo(tmp_path / "liten.elevhalsa", PASSWORD, pupils=1, seed=1)
    assert len(CollaborationService(session).organisations()) >= 9
    session.close()
