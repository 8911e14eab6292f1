"""What a server error's report (the e-mail to ADMINS) may show: where it
failed, never whose data was being handled (Decree 13/2023/ND-CP). Forms,
cookies, the session, query strings, uploaded files' names and the variables
of each frame carry citizens' personal ID numbers, addresses and papers: only
their names are kept, the values are hidden. Settings that hold a secret are
hidden as Django does, and so is a password written into a service's URL.
An exception's own message (and its notes, and those of the exceptions it
follows) may quote a value too, and so may the address that failed (a citizen's
ID number in a path, a logged query): personal ID numbers, phone numbers,
e-mail addresses and IP addresses in them are masked, in the report and in the
e-mail's subject; so are the client's IP addresses in the request's headers
(REMOTE_ADDR, X-Forwarded-For), personal data too. A name cannot be told from
other words, but one the request itself carried can: where the report quotes
the signed-in user's name, or the value of a form or query field that names a
person or a place (full_name, reporter_name, address) or is more than one word
(a name, a complaint's text), it reads [đã ẩn].
With DEBUG on (a developer's machine), Django's debug page shows everything."""

from __future__ import annotations

import copy
import ipaddress
import logging
import re
from typing import Any
from urllib.parse import unquote

from django.http import HttpRequest
from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

# scheme://user:password@host: the password, whichever setting or variable holds the URL.
_URL_PASSWORD = re.compile(r"(?P<start>[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]+@", re.I)
# Headers and variables whose value may repeat a query string or a form's values.
_HIDDEN_META = re.compile(r"QUERY_STRING|REQUEST_URI|RAW_URI|HTTP_REFERER|HTTP_COOKIE", re.I)
# A header's value that is an address (HTMX's HX-Current-URL, a proxy's X-Original-URL):
# its query and fragment repeat a page's values, as the Referer does.
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://|/)[^?#\s]*", re.I)

# What an exception's message may quote of a citizen. An e-mail address, then a
# phone number however it is grouped (0912 345 678, +84 912.345.678, its prefix
# in brackets: (+84) 912 345 678, (0225) 3842 123), are hidden whole; any other
# run of 9 to 12 digits (a 12-digit personal ID, a 9-digit old ID, a phone number
# without its 0) keeps its first 3 digits, which say no more than a province.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+84|0)[ .-]?\d{2,3}(?:[ .-]?\d){6,7}"
    r"|\((?:\+84|0\d{1,3})\)(?:[ .-]?\d){7,9})(?!\d)"
)
_DIGIT_RUN = re.compile(r"(?<!\d)(?P<kept>\d{3})(?P<masked>\d{6,9})(?!\d)")
# An IP address keeps its network's first half (113.161.*.*, 2402:800:*), which
# tells a proxy or an internal service from a visitor but not which visitor; the
# machine's own (127.0.0.1, ::1) is no one's. What only looks like an address
# (a version, a time, a MAC address) is left as it is.
_IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\d|\.\d)")
_IPV6 = re.compile(
    r"(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?![\w:]|\.\d)",
    re.I,
)
HIDDEN_IN_MESSAGE = "[đã ẩn]"
# Form and query fields whose value is a person's name, address or life event.
_PERSONAL_FIELD = re.compile(r"name|address|residence|birth|death|employer|corrected_value", re.I)


def _masked_ip(match: re.Match[str]) -> str:
    try:
        address = ipaddress.ip_address(match.group())
    except ValueError:
        return match.group()
    if address.is_loopback:
        return match.group()
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return f"::ffff:{_masked_ipv4(address.ipv4_mapped)}"
        return ":".join(f"{int(group, 16):x}" for group in address.exploded.split(":")[:2]) + ":*"
    return _masked_ipv4(address)


def _masked_ipv4(address: ipaddress.IPv4Address) -> str:
    return ".".join(str(part) for part in address.packed[:2]) + ".*.*"


def mask_personal_numbers(text: str) -> str:
    """The text with e-mail addresses, IP addresses, phone numbers and ID
    numbers masked."""
    text = _EMAIL.sub(HIDDEN_IN_MESSAGE, text)
    text = _IPV6.sub(_masked_ip, _IPV4.sub(_masked_ip, text))
    text = _PHONE.sub(HIDDEN_IN_MESSAGE, text)
    return _DIGIT_RUN.sub(lambda m: m["kept"] + "*" * len(m["masked"]), text)


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Every POST value, cookie and frame variable hidden; secrets hidden as usual."""

    def cleanse_setting(self, key, value):
        cleansed = super().cleanse_setting(key, value)
        if type(cleansed) is str:  # not a lazy object that passes for one
            cleansed = _URL_PASSWORD.sub(rf"\g<start>{self.cleansed_substitute}@", cleansed)
        return cleansed

    def get_safe_request_meta(self, request: HttpRequest) -> dict[str, Any]:
        meta = super().get_safe_request_meta(request)
        if not self.is_active(request):
            return meta
        return {key: self._meta_value(key, value) for key, value in meta.items()}

    def _meta_value(self, key, value):
        """Hidden if it may repeat the query or the form; masked if it may
        repeat the path (PATH_INFO, a header naming an address, which keeps
        only its path, read as it was percent-encoded)."""
        if _HIDDEN_META.fullmatch(str(key)):
            return self.cleansed_substitute
        if not isinstance(value, str):
            return value
        address = _ADDRESS.match(value)
        if address:
            query = f"?{self.cleansed_substitute}" if address.end() < len(value) else ""
            value = unquote(address.group()) + query
        return mask_personal_numbers(value)

    def get_safe_cookies(self, request: HttpRequest) -> dict[str, Any]:
        if not self.is_active(request):
            return super().get_safe_cookies(request)
        return {name: self.cleansed_substitute for name in getattr(request, "COOKIES", {})}

    def get_post_parameters(self, request: HttpRequest | None):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        cleansed = request.POST.copy()
        for name in cleansed:
            cleansed[name] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return {name: self.cleansed_substitute for name in tb_frame.f_locals}.items()


class PersonalDataExceptionReporter(ExceptionReporter):
    """Django's report, without what it shows unfiltered: the query string's
    values, uploaded files' names, the address's query, the user's name (their
    account number instead)."""

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        request = self.request
        if not self.filter.is_active(request):
            return data
        self._mask_exception_messages(data, _quoted_personal_values(request))
        if request is None:
            return data
        hidden = self.filter.cleansed_substitute
        data["request_GET_items"] = [(name, hidden) for name in request.GET]
        data["request_FILES_items"] = [(name, hidden) for name in request.FILES]
        uri = data["request_insecure_uri"].partition("?")[0]
        data["request_insecure_uri"] = mask_personal_numbers(unquote(uri))
        data["request"] = _with_masked_path(request)
        try:
            user = request.user
            data["user_str"] = f"#{user.pk}" if user.is_authenticated else "(anonymous)"
        except Exception:  # no user (the database is down, the middleware never ran)
            data["user_str"] = "[unable to retrieve the current user]"
        return data

    @staticmethod
    def _mask_exception_messages(data: dict[str, Any], personal_values: list[str]) -> None:
        """The messages the report quotes, masked: the exception's, its notes,
        the part a UnicodeError could not read, and each earlier exception's in
        the traceback ("During handling of the above exception (...)")."""

        def masked(text: Any) -> str:
            return mask_personal_numbers(_mask_values(str(text), personal_values))

        for key in ("exception_value", "exception_notes", "unicode_hint"):
            if data.get(key):
                data[key] = masked(data[key])
        for frame in data.get("frames", []):
            if frame.get("exc_cause") is not None:
                frame["exc_cause"] = masked(frame["exc_cause"])


def _quoted_personal_values(request: HttpRequest | None) -> list[str]:
    """What the request carried that a message may quote of a person: the
    signed-in user's name, the values of fields that name a person or a place,
    and any value of more than one word. Other single words (a status, a
    button's value) stay readable in the message."""
    if request is None:
        return []
    values = []
    for query in (request.GET, request.POST):
        for field, field_values in query.lists():
            for value in field_values:
                value = value.strip()
                if len(value.split()) > 1 or (_PERSONAL_FIELD.search(field) and len(value) > 1):
                    values.append(value)
    try:
        user = request.user
        if user.is_authenticated and user.full_name.strip():
            values.append(user.full_name.strip())
    except Exception:  # no user (the database is down, the middleware never ran)
        pass
    return values


def _mask_values(text: str, values: list[str]) -> str:
    """The text with each of the values, as a whole word in any case, hidden."""
    if not values:
        return text
    longest_first = sorted(set(values), key=len, reverse=True)
    quoted = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, longest_first)) + r")(?!\w)", re.I)
    return quoted.sub(HIDDEN_IN_MESSAGE, text)


def _with_masked_path(request: HttpRequest) -> HttpRequest:
    """A copy of the request for the report's templates, which print its path
    (the heading "... at /path"): the path masked."""
    shown = copy.copy(request)
    shown.path = mask_personal_numbers(request.path)
    shown.path_info = mask_personal_numbers(request.path_info)
    return shown


class PersonalDataAdminEmailHandler(AdminEmailHandler):
    """Django's e-mail to ADMINS, with the log message masked where the e-mail
    quotes it (its subject and first line): Django's message names the path
    that failed, and other messages may name a query."""

    def format_subject(self, subject: str) -> str:
        return super().format_subject(mask_personal_numbers(subject))

    def format(self, record: logging.LogRecord) -> str:
        return mask_personal_numbers(super().format(record))
