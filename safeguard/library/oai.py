"""OAI-PMH 2.0 data provider: the six verbs, ``oai_dc``, sets by type, theme and region,
resumption tokens and persistent deleted records.

Only resources whose metadata is public are harvested (``access.harvestable_resources``);
withdrawn ones stay as deleted headers for ever.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import xml.etree.ElementTree as ET
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation

from safeguard.countries.models import Region

from .access import harvestable_resources
from .citations import dublin_core
from .models import Resource, ResourceType, ResourceVersion, Theme, VersionLanguage

PAGE_SIZE = 100
OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
FORMATS = {"oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS)}
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
PREFIXES = {"": OAI_NS, "oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI}


def _serialise(root: ET.Element) -> bytes:
    """ElementTree's prefixes are global and other libraries (WeasyPrint's XMP writer) register
    their own, so ours are set again right before each response is written."""
    for prefix, uri in PREFIXES.items():
        ET.register_namespace(prefix, uri)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


class OAIError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _q(tag: str, ns: str = OAI_NS) -> str:
    return f"{{{ns}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, ns: str = OAI_NS, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag, ns), attrs)
    if text is not None:
        element.text = text
    return element


def _stamp(value: datetime.datetime | None) -> str:
    value = value or datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value: str, *, end: bool) -> datetime.datetime:
    try:
        if len(value) == 10:
            day = datetime.date.fromisoformat(value)
            moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
            return moment.replace(tzinfo=datetime.UTC)
        if value.endswith("Z") and len(value) == 20:
            return datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
    except ValueError:
        pass
    raise OAIError("badArgument", f"Not a valid date: {value}")


def all_sets() -> list[tuple[str, str]]:
    with translation.override("en"):
        sets = [(f"type:{value}", str(label)) for value, label in ResourceType.choices]
        sets += [(f"theme:{value}", str(label)) for value, label in Theme.choices]
        sets += [(f"region:{r.m49}", r.name_en) for r in Region.objects.filter(level__lte=2).order_by("m49")]
    return sets


def _set_filter(spec: str) -> Q:
    kind, _, value = spec.partition(":")
    if kind == "type" and value in ResourceType.values:
        return Q(current_version__resource_type=value)
    if kind == "theme" and value in Theme.values:
        return Q(current_version__themes__theme=value)
    if kind == "region" and Region.objects.filter(m49=value).exists():
        return Q(current_version__regions__m49=value) | Q(current_version__regions__parent__m49=value)
    raise OAIError("badArgument", f"No such set: {spec}")


class Provider:
    """Answers one OAI-PMH request as an XML document."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.params = request.GET if request.method == "GET" else request.POST
        self.base_url = request.build_absolute_uri(reverse("library:oai"))
        self.namespace = request.get_host().split(":")[0]

    def identifier(self, resource: Resource) -> str:
        return f"oai:{self.namespace}:{resource.slug}"

    def respond(self) -> bytes:
        root = ET.Element(_q("OAI-PMH"), {_q("schemaLocation", XSI): f"{OAI_NS} {OAI_NS}OAI-PMH.xsd"})
        _sub(root, "responseDate", _stamp(timezone.now()))
        request_el = _sub(root, "request", self.base_url)
        verb = self.params.get("verb", "")
        try:
            self._check_arguments(verb)
            for key in self.params:
                request_el.set(key, self.params[key])
            with translation.override("en"):
                getattr(self, verb)(_sub(root, verb))
        except OAIError as error:
            for child in list(root)[2:]:
                root.remove(child)
            _sub(root, "error", error.message, code=error.code)
        return _serialise(root)

    def _check_arguments(self, verb: str) -> None:
        if verb not in VERBS:
            raise OAIError("badVerb", "Illegal or missing verb.")
        for key in self.params:
            if len(self.params.getlist(key)) > 1:
                raise OAIError("badArgument", f"Repeated argument: {key}")
        required, optional = VERBS[verb]
        given = set(self.params) - {"verb"}
        if "resumptionToken" in given and "resumptionToken" in optional:
            if given != {"resumptionToken"}:
                raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
            return
        if missing := required - given:
            raise OAIError("badArgument", f"Missing argument: {', '.join(sorted(missing))}")
        if illegal := given - required - optional:
            raise OAIError("badArgument", f"Illegal argument: {', '.join(sorted(illegal))}")

    # The six verbs -------------------------------------------------------------------------

    def Identify(self, element: ET.Element) -> None:
        earliest = harvestable_resources().order_by("datestamp").values_list("datestamp", flat=True).first()
        _sub(element, "repositoryName", "Safeguard library")
        _sub(element, "baseURL", self.base_url)
        _sub(element, "protocolVersion", "2.0")
        _sub(
            element,
            "adminEmail",
            "library@" + self.namespace if "." in self.namespace else "library@example.org",
        )
        _sub(element, "earliestDatestamp", _stamp(earliest))
        _sub(element, "deletedRecord", "persistent")
        _sub(element, "granularity", "YYYY-MM-DDThh:mm:ssZ")

    def ListMetadataFormats(self, element: ET.Element) -> None:
        if "identifier" in self.params:
            self._resource(self.params["identifier"])
        for prefix, (schema, namespace) in FORMATS.items():
            fmt = _sub(element, "metadataFormat")
            _sub(fmt, "metadataPrefix", prefix)
            _sub(fmt, "schema", schema)
            _sub(fmt, "metadataNamespace", namespace)

    def ListSets(self, element: ET.Element) -> None:
        if "resumptionToken" in self.params:
            raise OAIError("badResumptionToken", "This list is complete in one response.")
        for spec, name in all_sets():
            entry = _sub(element, "set")
            _sub(entry, "setSpec", spec)
            _sub(entry, "setName", name)

    def GetRecord(self, element: ET.Element) -> None:
        self._check_prefix(self.params["metadataPrefix"])
        self._record(element, self._resource(self.params["identifier"]), with_metadata=True)

    def ListIdentifiers(self, element: ET.Element) -> None:
        self._list(element, with_metadata=False)

    def ListRecords(self, element: ET.Element) -> None:
        self._list(element, with_metadata=True)

    # Helpers --------------------------------------------------------------------------------

    def _check_prefix(self, prefix: str) -> None:
        if prefix not in FORMATS:
            raise OAIError("cannotDisseminateFormat", f"Unknown metadata format: {prefix}")

    def _records(self) -> QuerySet[Resource]:
        return (
            harvestable_resources()
            .select_related("current_version")
            .prefetch_related(
                "current_version__creators",
                "current_version__themes",
                Prefetch("current_version__languages", queryset=VersionLanguage.objects.order_by("position")),
                "current_version__countries",
                "current_version__regions__parent",
            )
        )

    def _resource(self, identifier: str) -> Resource:
        prefix = f"oai:{self.namespace}:"
        slug = identifier.removeprefix(prefix) if identifier.startswith(prefix) else None
        resource = self._records().filter(slug=slug).first() if slug else None
        if resource is None:
            raise OAIError("idDoesNotExist", f"No such record: {identifier}")
        return resource

    def _arguments(self) -> dict[str, Any]:
        if "resumptionToken" not in self.params:
            return {
                k: self.params[k] for k in ("metadataPrefix", "from", "until", "set") if k in self.params
            } | {"offset": 0}
        try:
            token = json.loads(base64.urlsafe_b64decode(self.params["resumptionToken"].encode()))
            if not isinstance(token, dict) or not isinstance(token.get("offset"), int):
                raise ValueError("bad token")
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise OAIError("badResumptionToken", "The resumption token is invalid.") from None
        return token

    def _list(self, element: ET.Element, *, with_metadata: bool) -> None:
        args = self._arguments()
        self._check_prefix(args.get("metadataPrefix", ""))
        records = self._records()
        if "from" in args:
            records = records.filter(datestamp__gte=_parse_date(args["from"], end=False))
        if "until" in args:
            records = records.filter(datestamp__lte=_parse_date(args["until"], end=True))
        if "from" in args and "until" in args and len(args["from"]) != len(args["until"]):
            raise OAIError("badArgument", "from and until must have the same granularity.")
        if "set" in args:
            records = records.filter(pk__in=Resource.objects.filter(_set_filter(args["set"])).values("pk"))
        records = records.order_by("datestamp", "pk")
        total = records.count()
        offset = args["offset"]
        page = list(records[offset : offset + PAGE_SIZE])
        if not page:
            if offset:
                raise OAIError("badResumptionToken", "The resumption token is past the end of the list.")
            raise OAIError("noRecordsMatch", "No records match.")
        for resource in page:
            self._record(element, resource, with_metadata=with_metadata)
        if offset + PAGE_SIZE < total or offset:
            following = offset + PAGE_SIZE
            token = ""
            if following < total:
                state = {k: v for k, v in args.items() if k != "offset"} | {"offset": following}
                token = base64.urlsafe_b64encode(json.dumps(state).encode()).decode()
            _sub(element, "resumptionToken", token, completeListSize=str(total), cursor=str(offset))

    def _record(self, parent: ET.Element, resource: Resource, *, with_metadata: bool) -> None:
        deleted = resource.withdrawn_at is not None
        container = _sub(parent, "record") if with_metadata else parent
        header = _sub(container, "header", **({"status": "deleted"} if deleted else {}))
        _sub(header, "identifier", self.identifier(resource))
        _sub(header, "datestamp", _stamp(resource.datestamp))
        version: ResourceVersion = resource.current_version
        for spec in self._set_specs(version):
            _sub(header, "setSpec", spec)
        if not with_metadata or deleted:
            return
        metadata = _sub(container, "metadata")
        dc = ET.SubElement(
            metadata,
            _q("dc", OAI_DC_NS),
            {_q("schemaLocation", XSI): f"{OAI_DC_NS} {FORMATS['oai_dc'][0]}"},
        )
        url = self.request.build_absolute_uri(resource.get_absolute_url())
        for name, value in dublin_core(version, url):
            _sub(dc, name, value, ns=DC_NS)

    @staticmethod
    def _set_specs(version: ResourceVersion) -> list[str]:
        specs = [f"type:{version.resource_type}"]
        specs += [f"theme:{t.theme}" for t in version.themes.all()]
        m49 = set()
        for region in version.regions.all():
            m49.add(region.m49)
            if region.parent is not None:
                m49.add(region.parent.m49)
        specs += [f"region:{code}" for code in sorted(m49)]
        return specs
