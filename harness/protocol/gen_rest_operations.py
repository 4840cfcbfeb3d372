#!/usr/bin/env python3
"""Writes harness/protocol/rest_operations.inc from botocore's service models.

The rest-xml and rest-json protocols put each input member in a different part of the
HTTP request (URI label, query string, header, payload, body), so `drh call` needs the
per-operation HTTP bindings that the service model describes. This script extracts them
for Route 53, S3 and Lambda, together with the XML shapes reachable from the rest-xml
request bodies (element names, list member names, namespaces, attributes) and the names
of the lists found in rest-xml responses, and writes them as compact C++ tables.

Usage (from the repository root):
    python3 harness/protocol/gen_rest_operations.py [--botocore-data DIR] [--out FILE]

By default the models come from the installed botocore package (python3 -c "import
botocore"). Re-run after upgrading botocore and commit the regenerated file.
"""

import argparse
import gzip
import json
import os
import sys

SERVICES = [
    # (drharness service id, botocore directory, api version)
    ("lambda", "lambda", "2015-03-31"),
    ("route53", "route53", "2013-04-01"),
    ("s3", "s3", "2006-03-01"),
]

# Scalar kinds, matching drh::rest_model::Kind in rest_model.h.
SCALAR_KINDS = {
    "string": "kString",
    "boolean": "kBoolean",
    "integer": "kInteger",
    "long": "kInteger",
    "float": "kFloat",
    "double": "kFloat",
    "timestamp": "kTimestamp",
    "blob": "kBlob",
}

LOCATIONS = {
    "uri": "kUri",
    "querystring": "kQuery",
    "header": "kHeader",
    "headers": "kHeaders",
}


def default_data_dir():
    import botocore  # noqa: PLC0415 - only needed when no directory is given

    return os.path.join(os.path.dirname(botocore.__file__), "data")


def load_model(data_dir, directory, version):
    path = os.path.join(data_dir, directory, version, "service-2.json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def cstr(value):
    if value is None:
        return "nullptr"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def namespace_of(*refs):
    """xmlNamespace (prefix, uri) of the first ref that has one."""
    for ref in refs:
        ns = ref.get("xmlNamespace") if ref else None
        if ns is None:
            continue
        if isinstance(ns, str):
            return "", ns
        return ns.get("prefix", ""), ns.get("uri", "")
    return "", ""


class XmlShapes:
    """The XML shape graph reachable from rest-xml request bodies, de-duplicated."""

    def __init__(self):
        self.rows = []  # (kind, first_field, field_count, flattened, ns_prefix, ns_uri)
        self.fields = []  # (name, xml_name, shape_index, attribute)
        self.index = {}  # key -> row index
        self.scalars = {}

    def scalar(self, kind):
        if kind not in self.scalars:
            self.scalars[kind] = len(self.rows)
            self.rows.append((kind, 0, 0, False, "", ""))
        return self.scalars[kind]

    def add(self, model, shape_name, ns=("", ""), only_body_members=False, ref=None):
        shapes = model["shapes"]
        shape = shapes[shape_name]
        kind = shape["type"]
        if kind in SCALAR_KINDS:
            return self.scalar(SCALAR_KINDS[kind])
        # "flattened" may sit on the member reference as well as on the shape.
        flattened = bool(shape.get("flattened") or (ref or {}).get("flattened"))
        key = (id(model), shape_name, ns, only_body_members, flattened)
        if key in self.index:
            return self.index[key]
        row = len(self.rows)
        self.index[key] = row
        self.rows.append(None)  # placeholder: recursive shapes refer to this row
        fields = []
        if kind == "structure":
            for name, ref in shape["members"].items():
                if only_body_members and "location" in ref:
                    continue
                if ref.get("location"):
                    continue  # headers etc. inside a body structure do not occur
                member_ns = namespace_of(ref, shapes[ref["shape"]])
                fields.append((name, ref.get("locationName", name), ref, member_ns,
                               bool(ref.get("xmlAttribute"))))
            kind_name = "kStructure"
        elif kind == "list":
            ref = shape["member"]
            fields.append(("", ref.get("locationName", "member"), ref,
                           namespace_of(ref, shapes[ref["shape"]]), False))
            kind_name = "kList"
        elif kind == "map":
            for part, default in (("key", "key"), ("value", "value")):
                ref = shape[part]
                fields.append(("", ref.get("locationName", default), ref,
                               namespace_of(ref, shapes[ref["shape"]]), False))
            kind_name = "kMap"
        else:
            raise SystemExit(f"unsupported shape type {kind} for {shape_name}")
        resolved = []
        for name, xml_name, ref, member_ns, attribute in fields:
            child = self.add(model, ref["shape"], member_ns, ref=ref)
            resolved.append((name, xml_name, child, attribute))
        first = len(self.fields)
        self.fields.extend(resolved)
        self.rows[row] = (kind_name, first, len(resolved), flattened, ns[0], ns[1])
        return row


def kind_of(model, shape_name):
    t = model["shapes"][shape_name]["type"]
    return SCALAR_KINDS.get(t, {"structure": "kStructure", "list": "kList",
                                "map": "kMap"}.get(t, "kString"))


def collect_output_lists(model, shape_name, element, lists, seen):
    """Element names in rest-xml responses, keyed by the enclosing element's name.

    lists["flattened"]: (parent element, item element) of flattened lists;
    lists["wrapped"]: (list element, member element) of wrapped lists;
    lists["single"]: (parent element, child element) of children that hold one value.
    The document root of a response without a payload member is called "*".
    """
    if (shape_name, element) in seen:
        return
    seen.add((shape_name, element))
    shapes = model["shapes"]
    shape = shapes[shape_name]
    if shape["type"] == "structure":
        for name, ref in shape["members"].items():
            if ref.get("location"):
                continue
            child = shapes[ref["shape"]]
            child_element = ref.get("locationName", name)
            if child["type"] == "list":
                member = child["member"]
                if child.get("flattened") or ref.get("flattened"):
                    item = member.get("locationName", child_element)
                    lists["flattened"].add((element, item))
                    collect_output_lists(model, member["shape"], item, lists, seen)
                    continue
                item = member.get("locationName", "member")
                lists["wrapped"].add((child_element, item))
                lists["single"].add((element, child_element))
                collect_output_lists(model, member["shape"], item, lists, seen)
                continue
            lists["single"].add((element, child_element))
            collect_output_lists(model, ref["shape"], child_element, lists, seen)
    elif shape["type"] == "map":
        collect_output_lists(model, shape["value"]["shape"], "value", lists, seen)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--botocore-data", default=None)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--out", default=os.path.join(here, "rest_operations.inc"))
    args = parser.parse_args()
    data_dir = args.botocore_data or default_data_dir()

    xml = XmlShapes()
    members = []  # rows for kRestMembers
    services = []  # (id, [operation rows])
    out_lists = {"flattened": set(), "wrapped": set(), "single": set()}
    sources = []

    for service_id, directory, version in SERVICES:
        model = load_model(data_dir, directory, version)
        sources.append(f"{directory}/{version}")
        protocol = model["metadata"]["protocol"]
        shapes = model["shapes"]
        ops = []
        for op_name in sorted(model["operations"]):
            op = model["operations"][op_name]
            http = op["http"]
            input_ref = op.get("input")
            input_shape = shapes[input_ref["shape"]] if input_ref else {"members": {}}
            payload = input_shape.get("payload")
            required = set(input_shape.get("required", []))
            first_member = len(members)
            has_body_members = False
            for name, ref in input_shape["members"].items():
                location = ref.get("location")
                if name == payload:
                    loc = "kPayload"
                elif location in LOCATIONS:
                    loc = LOCATIONS[location]
                else:
                    loc = "kBody"
                    has_body_members = True
                wire = ref.get("locationName", name)
                kind = kind_of(model, ref["shape"])
                flags = []
                if name in required:
                    flags.append("kRequired")
                if ref.get("jsonvalue") or shapes[ref["shape"]].get("jsonvalue"):
                    flags.append("kJsonValue")
                members.append((name, loc, wire, kind, " | ".join(flags) or "0"))
            member_count = len(members) - first_member

            xml_root = xml_ns = None
            body_shape = -1
            payload_blob = False
            if payload:
                pref = input_shape["members"][payload]
                pkind = shapes[pref["shape"]]["type"]
                if pkind in ("blob", "string"):
                    payload_blob = True
                elif protocol == "rest-xml":
                    xml_root = pref.get("locationName", pref["shape"])
                    prefix, uri = namespace_of(pref, shapes[pref["shape"]])
                    xml_ns = uri or None
                    body_shape = xml.add(model, pref["shape"])
            elif has_body_members and protocol == "rest-xml":
                xml_root = input_ref.get("locationName", input_ref["shape"])
                prefix, uri = namespace_of(input_ref, input_shape)
                xml_ns = uri or None
                body_shape = xml.add(model, input_ref["shape"], only_body_members=True)

            output_payload = None
            output_blob = False
            if op.get("output"):
                oshape = shapes[op["output"]["shape"]]
                opay = oshape.get("payload")
                if opay:
                    output_payload = opay
                    otype = shapes[oshape["members"][opay]["shape"]]["type"]
                    output_blob = otype in ("blob", "string")
                if protocol == "rest-xml":
                    if opay and not output_blob:
                        pref = oshape["members"][opay]
                        collect_output_lists(model, pref["shape"], pref.get("locationName", opay),
                                             out_lists, set())
                    elif not opay:
                        collect_output_lists(model, op["output"]["shape"], "*", out_lists, set())

            checksum = bool(op.get("httpChecksum", {}).get("requestChecksumRequired")) or bool(
                op.get("httpChecksumRequired"))
            ops.append((op_name, http["method"], http["requestUri"], first_member, member_count,
                        payload if payload else None, payload_blob, xml_root, xml_ns,
                        body_shape, output_payload, output_blob, checksum))
        services.append((service_id, protocol, ops))

    # A name that is a flattened list item in one response and a single element in another
    # cannot be told apart without the model: leave it to the decoder's heuristics.
    ambiguous = out_lists["flattened"] & out_lists["single"]
    out_flattened = out_lists["flattened"] - ambiguous
    out_wrapped = out_lists["wrapped"]
    if ambiguous:
        print("ambiguous response list elements (left out): " +
              ", ".join("/".join(p) for p in sorted(ambiguous)),
              file=sys.stderr)

    lines = []
    lines.append("// GENERATED FILE - do not edit by hand.")
    lines.append("//")
    lines.append("// Generated by harness/protocol/gen_rest_operations.py from the botocore service")
    lines.append("// models " + ", ".join(sources) + ".")
    lines.append("// To regenerate: python3 harness/protocol/gen_rest_operations.py")
    lines.append("//")
    lines.append("// Included by rest_model.cc inside namespace drh::rest_model; types in rest_model.h.")
    lines.append("")
    lines.append("// Input members: name, location, wire name (URI label, query key, header, header")
    lines.append("// prefix, or body element/key name), value kind, flags.")
    lines.append("constexpr Member kMembers[] = {")
    for name, loc, wire, kind, flags in members:
        w = "nullptr" if wire == name else cstr(wire)
        lines.append(f"  {{{cstr(name)},{loc},{w},{kind},{flags}}},")
    lines.append("};")
    lines.append("")
    lines.append("// XML shapes reachable from rest-xml request bodies: kind, first field, field")
    lines.append("// count, flattened, namespace prefix, namespace URI.")
    lines.append("constexpr XmlShape kXmlShapes[] = {")
    for i, (kind, first, count, flattened, prefix, uri) in enumerate(xml.rows):
        f = "true" if flattened else "false"
        p = cstr(prefix) if prefix else "nullptr"
        u = cstr(uri) if uri else "nullptr"
        lines.append(f"  {{{kind},{first},{count},{f},{p},{u}}},  // {i}")
    lines.append("};")
    lines.append("")
    lines.append("// Fields of XML shapes: member name (structures; empty for list items and map")
    lines.append("// keys/values), element or attribute name, shape index, is-attribute.")
    lines.append("constexpr XmlField kXmlFields[] = {")
    for name, xml_name, shape, attribute in xml.fields:
        a = "true" if attribute else "false"
        x = "nullptr" if xml_name == name else cstr(xml_name)
        lines.append(f"  {{{cstr(name)},{x},{shape},{a}}},")
    lines.append("};")
    lines.append("")
    for service_id, protocol, ops in services:
        ident = "kOps_" + service_id
        lines.append(f"// {service_id} ({protocol}): name, method, request URI, first member, member")
        lines.append("// count, payload member, blob payload, XML root, XML namespace, body shape,")
        lines.append("// output payload member, blob output, checksum required. Sorted by name.")
        lines.append(f"constexpr Operation {ident}[] = {{")
        for (name, method, uri, first, count, payload, pblob, root, ns, body_shape, opay, oblob,
             checksum) in ops:
            lines.append(
                f"  {{{cstr(name)},{cstr(method)},{cstr(uri)},{first},{count},{cstr(payload)},"
                f"{'true' if pblob else 'false'},{cstr(root)},{cstr(ns)},{body_shape},"
                f"{cstr(opay)},{'true' if oblob else 'false'},{'true' if checksum else 'false'}}},")
        lines.append("};")
        lines.append("")
    lines.append("constexpr Service kServices[] = {")
    for service_id, protocol, ops in services:
        lines.append(f"  {{{cstr(service_id)},{cstr(protocol)},kOps_{service_id},"
                     f"std::size(kOps_{service_id})}},")
    lines.append("};")
    lines.append("")
    def pairs(name, comment, values):
        lines.append(comment)
        lines.append(f"constexpr ElementPair {name}[] = {{")
        row = []
        for a, b in sorted(values):
            row.append(f"{{{cstr(a)},{cstr(b)}}}")
            if len(row) == 4:
                lines.append("  " + ",".join(row) + ",")
                row = []
        if row:
            lines.append("  " + ",".join(row) + ",")
        lines.append("};")

    pairs("kFlattenedLists", "// rest-xml responses: (parent element, item element) of flattened "
          "lists, sorted;\n// \"*\" is the document root.", out_flattened)
    pairs("kWrappedLists", "// rest-xml responses: (list element, member element) of wrapped "
          "lists, sorted.", out_wrapped)
    text = "\n".join(lines) + "\n"
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    total_ops = sum(len(s[2]) for s in services)
    print(f"wrote {args.out}: {total_ops} operations, {len(members)} members, "
          f"{len(xml.rows)} XML shapes, {len(xml.fields)} XML fields, {len(text)} bytes",
          file=sys.stderr)


if __name__ == "__main__":
    main()
