"""Every kind of page, for every role, passes the checks a screen reader user
relies on: a page language, one h1 and headings without gaps, a name for each
form control, link and button, alt on images, unique ids, tables with headers,
and, on a form sent back, each error tied to its field: an invalid control is
marked aria-invalid, not only painted red, and it (or the fieldset around
invalid radios) describes itself with its error text, not only with its help.

The pages are rendered through the test client on the object-scoping fixture
world; each is parsed with html.parser, and a failure names the page and the
element."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from complaints.models import ComplaintStatus
from dossiers.models import ActingBasis, Authorisation, Dossier, DossierStatus
from portal.notifications.models import Notification
from portal.notifications.services import notify
from procedures.models import ReplacementListStatus
from tests.accounts.factories import CitizenFactory
from tests.complaints.factories import ComplaintFactory
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import (
    FormDefinitionFactory,
    ReplacementListEntryFactory,
    ReplacementListFactory,
    published_list_with_entries,
)

pytestmark = pytest.mark.django_db

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
UNNAMED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Element:
    def __init__(self, tag: str, attrs: dict[str, str], line: int):
        self.tag, self.attrs, self.line = tag, attrs, line
        self.text = ""  # text and image alternatives inside, for links and buttons

    def __str__(self) -> str:
        shown = " ".join(
            f'{key}="{value}"' for key, value in self.attrs.items()
            if key in ("id", "name", "type", "href", "class", "for")
        )  # fmt: skip
        return f"<{self.tag} {shown}> (line {self.line})"


class PageAudit(HTMLParser):
    """Collects what the checks need in one pass over the page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_lang: str | None = None
        self.headings: list[tuple[int, _Element]] = []
        self.controls: list[tuple[_Element, bool]] = []  # (control, inside a label)
        self.invalid: list[tuple[_Element, _Element | None]] = []  # (control, its fieldset)
        self.label_targets: set[str] = set()
        self.images: list[_Element] = []
        self.ids: dict[str, list[_Element]] = {}
        self.tables: list[tuple[_Element, int]] = []  # (table, header cells)
        self.named: list[_Element] = []  # links and buttons
        self.references: list[_Element] = []  # aria-labelledby, aria-describedby
        self._open: list[_Element] = []

    def handle_starttag(self, tag, attrs):
        element = _Element(tag, {key: value or "" for key, value in attrs}, self.getpos()[0])
        attributes = element.attrs
        if tag == "html":
            self.html_lang = attributes.get("lang", "")
        if "id" in attributes:
            self.ids.setdefault(attributes["id"], []).append(element)
        if "aria-labelledby" in attributes or "aria-describedby" in attributes:
            self.references.append(element)
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append((int(tag[1]), element))
        if tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])
        if tag == "img":
            self.images.append(element)
            for outer in self._open:
                if outer.tag in ("a", "button"):
                    outer.text += attributes.get("alt", "")
        if tag == "th":
            for outer in reversed(self._open):
                if outer.tag == "table":
                    self.tables[-1] = (self.tables[-1][0], self.tables[-1][1] + 1)
                    break
        if tag == "table":
            self.tables.append((element, 0))
        input_type = attributes.get("type", "text").lower()
        if tag in ("select", "textarea") or (
            tag == "input" and input_type not in UNNAMED_INPUT_TYPES
        ):
            inside_label = any(outer.tag == "label" for outer in self._open)
            self.controls.append((element, inside_label))
            if (
                attributes.get("aria-invalid") == "true"
                or "is-invalid" in attributes.get("class", "").split()
            ):
                fieldsets = [outer for outer in self._open if outer.tag == "fieldset"]
                self.invalid.append((element, fieldsets[-1] if fieldsets else None))
        if tag in ("a", "button") or (tag == "input" and input_type in ("submit", "button")):
            if tag == "input":
                element.text = attributes.get("value", "")
            self.named.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data):
        for outer in self._open:
            if outer.tag in ("a", "button") or "id" in outer.attrs:
                outer.text += data


def _has_name(element: _Element) -> bool:
    return any(element.attrs.get(key, "").strip() for key in ("aria-label", "aria-labelledby"))


def _is_error_text(element: _Element) -> bool:
    """An element that reads out an error: Bootstrap's feedback or an id that says so."""
    is_error = "invalid-feedback" in element.attrs.get("class", "").split() or element.attrs.get(
        "id", ""
    ).endswith(("_error", "-error"))
    return is_error and bool(element.text.strip())


def _describes_its_error(element: _Element, audit: PageAudit) -> bool:
    return any(
        _is_error_text(audit.ids[referenced][0])
        for referenced in element.attrs.get("aria-describedby", "").split()
        if referenced in audit.ids
    )


def accessibility_problems(html: str) -> list[str]:
    """What a screen reader user would trip on in this page, one line each."""
    audit = PageAudit()
    audit.feed(html)
    audit.close()
    problems = []
    if not (audit.html_lang or "").strip():
        problems.append("<html> has no lang")
    h1s = [element for level, element in audit.headings if level == 1]
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} <h1> instead of one: {', '.join(map(str, h1s))}")
    previous = 0
    for level, element in audit.headings:
        if level > previous + 1:
            problems.append(f"heading skips from h{previous} to {element}")
        previous = level
    for control, inside_label in audit.controls:
        control_id = control.attrs.get("id", "")
        if not (inside_label or control_id in audit.label_targets or _has_name(control)):
            problems.append(f"form control without a label: {control}")
    # A radio or checkbox may leave its error to the fieldset that groups it.
    groups_reported = []
    for control, fieldset in audit.invalid:
        if control.attrs.get("aria-invalid") != "true":
            # Red to the eye only: a screen reader hears nothing wrong.
            problems.append(f"invalid control not marked aria-invalid: {control}")
        if _describes_its_error(control, audit):
            continue
        choice = control.tag == "input" and control.attrs.get("type") in ("radio", "checkbox")
        if choice and fieldset is not None:
            if not _describes_its_error(fieldset, audit) and fieldset not in groups_reported:
                groups_reported.append(fieldset)
                problems.append(
                    f"fieldset of invalid choices whose error is not described: {fieldset}"
                )
        else:
            problems.append(f"invalid control whose error is not described: {control}")
    for image in audit.images:
        if "alt" not in image.attrs:
            problems.append(f"image without alt: {image}")
    for element_id, elements in audit.ids.items():
        if len(elements) > 1:
            problems.append(f'id "{element_id}" used {len(elements)} times: {elements[1]}')
    for element in audit.references:
        for attribute in ("aria-labelledby", "aria-describedby"):
            for referenced in element.attrs.get(attribute, "").split():
                if referenced not in audit.ids:
                    problems.append(f'{attribute} names no element "{referenced}": {element}')
    for table, headers in audit.tables:
        if not headers:
            problems.append(f"table without <th> headers: {table}")
    for element in audit.named:
        if not (element.text.strip() or _has_name(element)):
            problems.append(f"{element.tag} without text or aria-label: {element}")
    return problems


def test_the_audit_finds_what_it_looks_for():
    """The checks themselves: a page with each fault is reported, element by element."""
    page = """<html><body><h1>A</h1><h1>B</h1><h4>C</h4>
        <input id="x" name="q"><label>Name <input name="ok"></label>
        <label for="y">Y</label><select id="y"></select><textarea aria-label="T"></textarea>
        <img src="a.png"><p id="x"></p><table><tr><td>1</td></tr></table>
        <a href="/"></a><a href="/k"><img src="k.png" alt="Home"></a><button></button>
        <button aria-labelledby="none">x</button><input aria-label="Q" aria-describedby="h">
        <label for="n1">N</label><input id="n1" class="is-invalid" aria-describedby="n1-help">
        <p id="n1-help">Help only</p><label for="n2">N</label>
        <input id="n2" aria-invalid="true" aria-describedby="n2-error"><p id="n2-error"> </p>
        <label for="n3">N</label><input id="n3" aria-invalid="true" aria-describedby="n3-help n3f">
        <p id="n3-help">Help</p><p class="invalid-feedback" id="n3f">Wrong</p>
        <fieldset id="g1"><legend>G</legend><label>A <input type="radio" aria-invalid="true">
        </label><label>B <input type="radio" aria-invalid="true"></label><p>Choose</p></fieldset>
        <fieldset aria-describedby="g2_error"><legend>G</legend><label>C <input type="radio"
        aria-invalid="true"></label><p id="g2_error">Choose</p></fieldset>
        <fieldset><legend>G</legend><label>D <input type="radio" class="is-invalid"
        aria-describedby="d-error"></label><p id="d-error">Choose</p></fieldset>
        </body></html>"""

    problems = accessibility_problems(page)

    assert problems == [
        "<html> has no lang",
        "2 <h1> instead of one: <h1 > (line 1), <h1 > (line 1)",
        "heading skips from h1 to <h4 > (line 1)",
        'form control without a label: <input id="x" name="q"> (line 2)',
        'invalid control not marked aria-invalid: <input id="n1" class="is-invalid"> (line 7)',
        'invalid control whose error is not described: <input id="n1" class="is-invalid"> (line 7)',
        'invalid control whose error is not described: <input id="n2"> (line 9)',
        'fieldset of invalid choices whose error is not described: <fieldset id="g1"> (line 12)',
        "invalid control not marked aria-invalid: "
        '<input type="radio" class="is-invalid"> (line 16)',
        "image without alt: <img > (line 4)",
        'id "x" used 2 times: <p id="x"> (line 4)',
        'aria-labelledby names no element "none": <button > (line 6)',
        'aria-describedby names no element "h": <input > (line 6)',
        "table without <th> headers: <table > (line 4)",
        'a without text or aria-label: <a href="/"> (line 5)',
        "button without text or aria-label: <button > (line 5)",
    ]


# (who, address) per page; who None is an anonymous visitor.
PAGES = {
    # The public.
    "public home": (None, "/"),
    "catalog": (None, "/procedures/"),
    "procedure": (None, "/procedures/1.001193/"),
    "published lists": (None, "/procedures/replacement-lists/"),
    "published list": (None, "/procedures/replacement-lists/{unit_code}/"),
    "transparency": (None, "/transparency/"),
    "complaint form": (None, "/complaints/new/"),
    "complaint outcomes": (None, "/complaints/public/"),
    "login": (None, "/accounts/login/"),
    "login started by a link": (None, "/accounts/vneid/login/"),
    "login cancelled": (None, "/accounts/3rdparty/login/cancelled/"),
    "account locked": (None, "/accounts/inactive/"),
    # The citizen.
    "citizen home": ("citizen", "/accounts/home/"),
    "logout confirmation": ("citizen", "/accounts/logout/"),
    "my dossiers": ("citizen", "/dossiers/"),
    "dossier tracking": ("citizen", "/dossiers/{dossier}/"),
    "draft tracking": ("citizen", "/dossiers/{draft}/"),
    "dossier form": ("citizen", "/dossiers/{draft}/form/"),
    "prefill": ("citizen", "/dossiers/{draft}/prefill/"),
    "documents": ("citizen", "/dossiers/{dossier}/documents/"),
    "draft documents": ("citizen", "/dossiers/{draft}/documents/"),
    "draft whose authorisation ended": ("citizen", "/dossiers/{ended_draft}/"),
    "document store": ("citizen", "/dossiers/documents-store/"),
    "authorisations": ("citizen", "/dossiers/authorisations/"),
    "who used my data": ("citizen", "/data/my-data-access/"),
    "my complaints": ("citizen", "/complaints/"),
    "complaint tracking": ("citizen", "/complaints/{complaint}/"),
    "complaint awaiting its reporter": ("citizen", "/complaints/{complaint_awaiting_reporter}/"),
    "complaint concluded": ("citizen", "/complaints/{complaint_concluded}/"),
    "fee page": ("citizen", "/payments/dossiers/{fee_due}/"),
    "returned dossier": ("citizen", "/dossiers/{returned}/"),
    "received dossier": ("citizen", "/dossiers/{received}/"),
    "start": ("citizen", "/dossiers/start/{procedure}/"),
    "supplement asked": ("citizen", "/dossiers/{dossier}/supplement/"),
    "notifications": ("citizen", "/accounts/messages/"),
    # The official.
    "official home": ("official", "/accounts/home/"),
    "queue": ("official", "/workspace/"),
    "workspace dossier": ("official", "/workspace/{dossier}/"),
    "desk intake": ("official", "/workspace/counter/"),
    "desk draft": ("official", "/workspace/counter/{counter_draft}/"),
    "payments, official": ("official", "/payments/dossiers/{fee_due}/"),
    "received, in the workspace": ("official", "/workspace/{received}/"),
    "returned, in the workspace": ("official", "/workspace/{returned}/"),
    "supplement panel": ("official", "/workspace/supplements/{dossier}/"),
    "desk fee": ("official", "/workspace/counter/{fee_due}/fee/"),
    "submitted, in the workspace": ("official", "/workspace/{submitted}/"),
    "complaint handling": ("official", "/workspace/complaints/{complaint}/"),
    "complaint in handling": ("official", "/workspace/complaints/{complaint_in_handling}/"),
    "complaint concluded, handler": ("official", "/workspace/complaints/{complaint_concluded}/"),
    "official's notifications": ("official", "/accounts/messages/"),
    # The leader.
    "leader home": ("leader", "/accounts/home/"),
    "dashboard": ("leader", "/dashboards/"),
    "reports": ("leader", "/dashboards/reports/"),
    "figure records": ("leader", "/dashboards/records/dossiers_received/"),
    "list to approve": ("leader", "/staff/catalog/lists/{list}/"),
    "list to publish": ("leader", "/staff/catalog/lists/{approved_list}/"),
    # The service centre.
    "staff home": ("center_staff", "/accounts/home/"),
    "replacement lists": ("center_staff", "/staff/catalog/"),
    "replacement list draft": ("center_staff", "/staff/catalog/lists/{list}/"),
    "complaints to handle": ("center_staff", "/workspace/complaints/"),
    "routing rules": ("center_staff", "/workspace/complaints/rules/"),
    "routing rule": ("center_staff", "/workspace/complaints/rules/{rule}/"),
    "new routing rule": ("center_staff", "/workspace/complaints/rules/new/"),
    "disclosure review": ("center_staff", "/workspace/complaints/disclosure/"),
    "violations": ("center_staff", "/workspace/complaints/violations/"),
    "coverage": ("center_staff", "/staff/catalog/coverage/"),
    # The database owner.
    "corrections": ("data_owner", "/data/corrections/"),
    "no notifications yet": ("data_owner", "/accounts/messages/"),
}

# The pages that answer with another status than 200, by design.
ANSWERED_WITH = {"draft whose authorisation ended": 403}

# A form with a field of every type, so that each control's markup is checked.
EVERY_FIELD_TYPE = [
    {"name": "full_name", "type": "string", "label_vi": "Họ và tên", "label_en": "Full name",
     "required": True, "binding": "population.full_name"},
    {"name": "birth_date", "type": "date", "label_vi": "Ngày sinh", "label_en": "Date of birth"},
    {"name": "children", "type": "integer", "label_vi": "Số con", "label_en": "Children"},
    {"name": "email", "type": "email", "label_vi": "Thư điện tử", "label_en": "Email"},
    {"name": "phone", "type": "phone", "label_vi": "Số điện thoại", "label_en": "Phone"},
    {"name": "purpose", "type": "text", "label_vi": "Mục đích", "label_en": "Purpose"},
    {"name": "copies", "type": "choice", "label_vi": "Số bản sao", "label_en": "Copies",
     "validation": {"choices": ["1", "2"]}},
    {"name": "by_post", "type": "boolean", "label_vi": "Nhận qua bưu điện",
     "label_en": "By post"},
]  # fmt: skip


@pytest.fixture
def pages_world(world, hong_bang_ward, le_chan_ward):  # noqa: F811
    """The scoping world, with what makes more of each page appear: a published
    list and an approved one, drafts with a form of every field type, dossiers
    at more steps, complaints at each step of handling."""
    people, objects = world
    published_list_with_entries(agency=hong_bang_ward, entries=2)
    form = FormDefinitionFactory(fields=EVERY_FIELD_TYPE)
    Dossier.objects.filter(pk__in=[objects["draft"], objects["counter_draft"]]).update(
        form=form, preview_confirmed_at=timezone.now()
    )
    draft = Dossier.objects.get(pk=objects["draft"])
    returned = DossierFactory(
        procedure=draft.procedure, agency=hong_bang_ward, applicant=people["citizen"],
        status=DossierStatus.RESULT_RETURNED, code="11311-261124-0009",
        submitted_at=timezone.now(),
    )  # fmt: skip
    received = DossierFactory(
        procedure=draft.procedure, agency=hong_bang_ward, applicant=people["citizen"],
        status=DossierStatus.RECEIVED, code="11311-261124-0010", submitted_at=timezone.now(),
    )  # fmt: skip
    submitted = DossierFactory(
        procedure=draft.procedure, agency=hong_bang_ward, applicant=people["citizen"],
        status=DossierStatus.SUBMITTED, code="11311-261124-0011", submitted_at=timezone.now(),
    )  # fmt: skip
    complaints = {
        status: ComplaintFactory(
            reporter=people["citizen"], unit=hong_bang_ward, responsible_agency=hong_bang_ward,
            status=status, assigned_to=people["official"],
        ).code
        for status in (ComplaintStatus.IN_HANDLING, ComplaintStatus.AWAITING_REPORTER,
                       ComplaintStatus.CONCLUDED)
    }  # fmt: skip
    approved = ReplacementListFactory(
        agency=le_chan_ward, created_by=people["center_staff"],
        status=ReplacementListStatus.APPROVED,
    )  # fmt: skip
    ReplacementListEntryFactory(replacement_list=approved)
    principal = CitizenFactory()
    Authorisation.objects.create(
        principal=principal, agent_personal_id=people["citizen"].personal_id,
        procedure=draft.procedure, valid_from=timezone.localdate(),
        valid_until=timezone.localdate(), revoked_at=timezone.now(),
    )  # fmt: skip
    for who in ("citizen", "official"):  # unread with a page and a body; read without
        notify(user=people[who], title="Hồ sơ đã nộp. Dossier submitted.",
               body="Hẹn: 27/11/2026.\nDue: 27/11/2026.", url="/dossiers/")  # fmt: skip
        read = notify(user=people[who], title="Đã đọc. Read.")
        Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    ended_draft = DossierFactory(
        procedure=draft.procedure, agency=hong_bang_ward, applicant=people["citizen"],
        status=DossierStatus.DRAFT, subject_personal_id=principal.personal_id,
        acting_basis=ActingBasis.AUTHORISATION,
    )  # fmt: skip
    return people, {
        **objects, "returned": returned.pk, "received": received.pk, "submitted": submitted.pk,
        **{f"complaint_{status}": code for status, code in complaints.items()},
        "approved_list": approved.pk, "unit_code": hong_bang_ward.code,
        "procedure": draft.procedure.code, "ended_draft": ended_draft.pk,
    }  # fmt: skip


@pytest.mark.parametrize("name", PAGES)
def test_the_page_can_be_used_with_a_screen_reader(name, pages_world):
    people, objects = pages_world
    who, path = PAGES[name]
    client = Client()
    if who:
        client.force_login(people[who], backend="portal.accounts.backends.VNeIDSessionBackend")

    response = client.get(path.format(**objects))

    assert response.status_code == ANSWERED_WITH.get(name, 200), f"{name}: {response.status_code}"
    problems = accessibility_problems(response.content.decode())
    assert not problems, f"{name} ({path}):\n  " + "\n  ".join(problems)


# (who, address, what is posted) per form sent back with its errors.
REFUSED_FORMS = {
    "complaint form": (
        None,
        "/complaints/new/",
        {"description": "", "unit": "0", "reporter_email": "not an address"},
    ),
    "complaint form, citizen": ("citizen", "/complaints/new/", {"unit": "0", "dossier": "0"}),
    "desk intake": ("official", "/workspace/counter/", {"personal_id": "12"}),
    "desk fee": ("official", "/workspace/counter/{fee_due}/fee/", {"amount_vnd": "x"}),
    "authorisation": ("citizen", "/dossiers/authorisations/", {"agent_personal_id": "1"}),
    "reports": ("leader", "/dashboards/reports/regenerate/", {"kind": "yearly"}),
    "routing rule": ("center_staff", "/workspace/complaints/rules/new/", {"position": "x"}),
    "list entry": ("center_staff", "/staff/catalog/lists/{list}/entries/", {"replacement": "0"}),
    "list publication": (
        "leader",
        "/staff/catalog/lists/{approved_list}/publish/",
        {"effective_date": "x"},
    ),
    "dossier form": ("citizen", "/dossiers/{draft}/submit/", {"email": "not an address"}),
    "dossier form, saved to go on later": (
        "citizen",
        "/dossiers/{draft}/form/save/",
        {"email": "not an address", "children": "x", "purpose": "Học tập"},
    ),
    "complaint act": (
        "official",
        "/workspace/complaints/{complaint_in_handling}/act/",
        {"action": "conclude"},
    ),
}


@pytest.mark.parametrize("name", REFUSED_FORMS)
def test_a_form_sent_back_with_its_errors_can_be_used_with_a_screen_reader(name, pages_world):
    people, objects = pages_world
    who, path, data = REFUSED_FORMS[name]
    client = Client()
    if who:
        client.force_login(people[who], backend="portal.accounts.backends.VNeIDSessionBackend")

    response = client.post(path.format(**objects), data)

    html = response.content.decode()
    assert response.status_code == 400, f"{name}: {response.status_code}"
    assert 'aria-invalid="true"' in html, f"{name}: the form came back without its errors"
    problems = accessibility_problems(html)
    assert not problems, f"{name}, refused ({path}):\n  " + "\n  ".join(problems)
