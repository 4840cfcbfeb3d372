"""Checks raw AWS responses against the output shapes of botocore's service models.

boto3 parses leniently: it ignores elements and keys it does not know and never
complains about a wrong type. A fake that drifts from the model would still "work" in
boto3 and then break a stricter SDK. This checker walks every response body and reports
an unknown member, a value of the wrong type, a list item with the wrong element name,
or a missing required member, each with its path.
"""

import base64
import binascii
import json
from xml.etree import ElementTree as ET

from botocore.utils import parse_timestamp

_XML_PROTOCOLS = ("query", "ec2", "rest-xml")
_BODYLESS_LOCATIONS = ("header", "headers", "statusCode", "querystring", "uri")


def _tag(node):
    return node.tag.split("}", 1)[-1]


def _member_key(shape, member_name):
    """The element name a member has in XML (botocore's rules)."""
    if shape.type_name == "list" and shape.serialization.get("flattened"):
        name = shape.member.serialization.get("name")
        if name:
            return name
    return shape.serialization.get("name") or member_name


def _body_members(shape):
    return {
        name: member
        for name, member in shape.members.items()
        if member.serialization.get("location") not in _BODYLESS_LOCATIONS
    }


class ShapeChecker:
    def __init__(self, protocol):
        self.protocol = protocol
        self.problems = []

    def problem(self, path, text):
        self.problems.append(f"{path}: {text}")

    # ------------------------------------------------------------------ XML
    def xml_scalar(self, shape, text, path):
        text = text or ""
        kind = shape.type_name
        try:
            if kind in ("integer", "long"):
                int(text)
            elif kind in ("float", "double"):
                float(text)
            elif kind == "boolean":
                if text not in ("true", "false"):
                    raise ValueError(text)
            elif kind == "timestamp":
                parse_timestamp(text)
            elif kind == "blob":
                base64.b64decode(text, validate=True)
        except (ValueError, TypeError, binascii.Error):
            self.problem(path, f"{text!r} is not a valid {kind}")

    def xml_value(self, shape, node, path):
        kind = shape.type_name
        if kind == "structure":
            self.xml_structure(shape, node, path)
        elif kind == "list":
            self.xml_list(shape, node, path)
        elif kind == "map":
            self.xml_map(shape, node, path)
        else:
            if len(node):
                self.problem(path, f"expected a {kind}, found child elements")
            self.xml_scalar(shape, node.text, path)

    def xml_list(self, shape, node, path):
        default = "item" if self.protocol == "ec2" else "member"
        expected = shape.member.serialization.get("name") or default
        for i, item in enumerate(node):
            if _tag(item) != expected:
                self.problem(f"{path}[{i}]", f"list item <{_tag(item)}>, model says <{expected}>")
            self.xml_value(shape.member, item, f"{path}[{i}]")

    def xml_map(self, shape, node, path):
        key_name = shape.key.serialization.get("name") or "key"
        value_name = shape.value.serialization.get("name") or "value"
        entries = [node] if shape.serialization.get("flattened") else list(node)
        for i, entry in enumerate(entries):
            for part in entry:
                tag = _tag(part)
                if tag == key_name:
                    self.xml_value(shape.key, part, f"{path}.entry[{i}].key")
                elif tag == value_name:
                    self.xml_value(shape.value, part, f"{path}.entry[{i}].value")
                else:
                    self.problem(f"{path}.entry[{i}]", f"unknown map element <{tag}>")

    def xml_structure(self, shape, node, path, ignore=()):
        members = _body_members(shape)
        by_key = {_member_key(m, n): (n, m) for n, m in members.items()}
        seen = {}
        for child in node:
            tag = _tag(child)
            if tag in ignore:
                continue
            if tag not in by_key:
                self.problem(f"{path}.{tag}", f"unknown member of {shape.name}")
                continue
            seen.setdefault(tag, []).append(child)
        for tag, nodes in seen.items():
            name, member = by_key[tag]
            flattened = member.type_name in ("list", "map") and member.serialization.get(
                "flattened"
            )
            if flattened:
                if member.type_name == "list":
                    for i, item in enumerate(nodes):
                        self.xml_value(member.member, item, f"{path}.{name}[{i}]")
                else:
                    for entry in nodes:
                        self.xml_map(member, entry, f"{path}.{name}")
            else:
                if len(nodes) > 1:
                    self.problem(f"{path}.{name}", f"appears {len(nodes)} times")
                self.xml_value(member, nodes[0], f"{path}.{name}")
        for name in shape.required_members:
            if name in members and _member_key(members[name], name) not in seen:
                self.problem(f"{path}.{name}", f"required member of {shape.name} is missing")

    # ----------------------------------------------------------------- JSON
    def json_value(self, shape, value, path):
        kind = shape.type_name
        ok = True
        if kind == "structure":
            if not isinstance(value, dict):
                ok = False
            else:
                self.json_structure(shape, value, path)
        elif kind == "list":
            if not isinstance(value, list):
                ok = False
            else:
                for i, item in enumerate(value):
                    self.json_value(shape.member, item, f"{path}[{i}]")
        elif kind == "map":
            if not isinstance(value, dict):
                ok = False
            else:
                for k, v in value.items():
                    self.json_value(shape.value, v, f"{path}[{k!r}]")
        elif kind in ("string", "blob"):
            ok = isinstance(value, str)
        elif kind in ("integer", "long"):
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif kind in ("float", "double"):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif kind == "boolean":
            ok = isinstance(value, bool)
        elif kind == "timestamp":
            ok = isinstance(value, (int, float, str)) and not isinstance(value, bool)
        if not ok:
            self.problem(path, f"{type(value).__name__} {value!r:.60} is not a {kind}")

    def json_structure(self, shape, value, path):
        members = _body_members(shape)
        by_key = {m.serialization.get("name") or n: (n, m) for n, m in members.items()}
        for key, item in value.items():
            if key not in by_key:
                self.problem(f"{path}.{key}", f"unknown member of {shape.name}")
                continue
            name, member = by_key[key]
            if item is None:
                continue
            self.json_value(member, item, f"{path}.{name}")
        for name in shape.required_members:
            if name in members:
                key = members[name].serialization.get("name") or name
                if key not in value:
                    self.problem(f"{path}.{name}", f"required member of {shape.name} is missing")


def check_response(operation_model, response_dict):
    """Problems (a list of strings) with one response; [] when it fits the model."""
    protocol = operation_model.service_model.resolved_protocol
    status = response_dict.get("status_code", 200)
    body = response_dict.get("body") or b""
    if isinstance(body, str):
        body = body.encode()
    name = operation_model.name
    checker = ShapeChecker(protocol)
    if status >= 300:
        return _check_error(protocol, body, response_dict.get("headers", {}), name)
    shape = operation_model.output_shape
    if shape is None or operation_model.has_streaming_output:
        return []
    if protocol in ("json", "rest-json"):
        if not body.strip():
            if protocol == "json":
                checker.problem(name, "empty body; JSON protocols answer at least {}")
            return checker.problems
        try:
            doc = json.loads(body)
        except ValueError as e:
            return [f"{name}: body is not JSON: {e}"]
        payload = shape.serialization.get("payload")
        if payload:
            checker.json_value(shape.members[payload], doc, f"{name}.{payload}")
        else:
            checker.json_value(shape, doc, name)
        return checker.problems
    if not body.strip():
        if _body_members(shape) and protocol != "rest-xml":
            checker.problem(name, "empty body")
        return checker.problems
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        return [f"{name}: body is not XML: {e}"]
    if protocol == "query":
        if _tag(root) != name + "Response":
            checker.problem(name, f"root <{_tag(root)}>, expected <{name}Response>")
        wrapper = shape.serialization.get("resultWrapper") or name + "Result"
        for child in root:
            tag = _tag(child)
            if tag == wrapper:
                checker.xml_structure(shape, child, name)
            elif tag != "ResponseMetadata":
                checker.problem(f"{name}.{tag}", "unexpected element beside the result")
    elif protocol == "ec2":
        if _tag(root) != name + "Response":
            checker.problem(name, f"root <{_tag(root)}>, expected <{name}Response>")
        checker.xml_structure(shape, root, name, ignore=("requestId",))
    else:  # rest-xml
        payload = shape.serialization.get("payload")
        if payload:
            member = shape.members[payload]
            if member.type_name == "structure":
                checker.xml_structure(member, root, f"{name}.{payload}")
        else:
            checker.xml_structure(shape, root, name)
    return checker.problems


def _check_error(protocol, body, headers, name):
    """An error answer must carry an error code a client can read."""
    lower = {k.lower(): v for k, v in headers.items()}
    if protocol in ("json", "rest-json"):
        if "x-amzn-errortype" in lower:
            return []
        try:
            doc = json.loads(body or b"{}")
        except ValueError:
            return [f"{name}: error body is not JSON"]
        if not any(k in doc for k in ("__type", "code", "Code")):
            return [f"{name}: error body has no __type/code"]
        return []
    if not body.strip():
        return []  # S3 HEAD errors have no body; the status is the code
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        return [f"{name}: error body is not XML: {e}"]
    codes = [n for n in root.iter() if _tag(n) == "Code"]
    if not codes or not (codes[0].text or "").strip():
        return [f"{name}: error document has no <Code>"]
    return []
