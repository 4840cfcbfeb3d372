// The rest-xml protocol (S3, Route 53): rest.h's URI, query and header placement with an
// XML body whose root element carries the service namespace.
//
//   auto w = start_xml_body("VersioningConfiguration", kS3Namespace);
//   w.element("Status", "Enabled");
//   RestRequestBuilder b("PUT", "/{Bucket}?versioning");
//   b.label("Bucket", bucket);
//   Result<HttpRequest> req = build_rest_xml_request(std::move(b), w.take());
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "drh/core/http.h"
#include "drh/core/result.h"
#include "drh/protocol/rest.h"
#include "drh/protocol/xml.h"

namespace drh {

inline constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
inline constexpr std::string_view kRoute53Namespace =
    "https://route53.amazonaws.com/doc/2013-04-01/";

/// A writer that has opened <root xmlns="ns"> (no xmlns when `ns` is empty), after an
/// XML declaration when `declaration` is true (the AWS SDKs send none); take() closes it.
xml::XmlWriter start_xml_body(std::string_view root, std::string_view ns = {},
                              bool declaration = false);

/// The builder's request with `xml_body` (no Content-Type, as the AWS SDKs send it).
/// With `content_md5`, adds the Content-MD5 header S3 requires on some configuration
/// calls (PutBucketReplication, PutBucketLifecycleConfiguration, DeleteObjects, ...).
Result<HttpRequest> build_rest_xml_request(RestRequestBuilder builder, std::string xml_body,
                                           bool content_md5 = false);

/// Parses a rest-xml response body into `doc` and returns its document element;
/// kDecode when it is not XML or, with `expected_root` set, has another root.
Result<pugi::xml_node> load_rest_xml_result(pugi::xml_document& doc, std::string_view body,
                                            std::string_view expected_root = {});

}  // namespace drh
