#include "drh/protocol/rest_xml.h"

#include "drh/core/encoding.h"

namespace drh {

xml::XmlWriter start_xml_body(std::string_view root, std::string_view ns, bool declaration) {
  xml::XmlWriter w(256);
  if (declaration) w.declaration();
  w.start(root);
  if (!ns.empty()) w.xmlns(ns);
  return w;
}

Result<HttpRequest> build_rest_xml_request(RestRequestBuilder builder, std::string xml_body,
                                           bool content_md5) {
  auto req = builder.build();
  if (!req.ok()) return req;
  req->body = std::move(xml_body);
  if (content_md5 && !req->headers.has("Content-MD5")) {
    req->headers.add("Content-MD5", md5_base64(req->body));
  }
  return req;
}

Result<pugi::xml_node> load_rest_xml_result(pugi::xml_document& doc, std::string_view body,
                                            std::string_view expected_root) {
  if (Status s = xml::load(doc, body); !s.ok()) return s.error();
  pugi::xml_node root = doc.document_element();
  if (!expected_root.empty() && xml::local_name(root) != expected_root) {
    return make_error(ErrorKind::kDecode, "UnexpectedResponse",
                      "expected <" + std::string(expected_root) +
                          "> as the document element, got <" + root.name() + ">");
  }
  return root;
}

}  // namespace drh
