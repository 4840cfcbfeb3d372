// What rest-xml (S3, Route 53) and rest-json (Lambda) share: URI templates with labels,
// query strings, headers, and a builder that puts them into an HttpRequest.
//
//   RestRequestBuilder b("GET", "/2013-04-01/hostedzone/{Id}/rrset");
//   b.label("Id", zone_id).query("maxitems", "100");
//   Result<HttpRequest> req = b.build();
//
// URI labels: "{Name}" is percent-encoded completely (a '/' becomes %2F); a greedy
// "{Name+}" keeps '/' so an S3 key "logs/2024/a b.txt" becomes "logs/2024/a%20b.txt".
// A template may carry a literal query ("/{Bucket}?versioning", "?x-id=PutObject"),
// which goes in front of the query parameters.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drh/core/http.h"
#include "drh/core/result.h"

namespace drh {

struct ExpandedUri {
  std::string path;   ///< encoded path
  std::string query;  ///< the template's literal query, as written ("versioning")
};

/// Label name (without braces or '+') and its raw value.
using UriLabels = std::vector<std::pair<std::string_view, std::string_view>>;

/// Expands `uri_template`. kInvalidInput when a label has no value or an empty one
/// ("URI label {Bucket} is missing"), or the template is malformed (unbalanced braces).
Result<ExpandedUri> expand_uri_template(std::string_view uri_template, const UriLabels& labels);

/// key=value&... with both sides RFC 3986-encoded, in order.
std::string encode_query_string(const std::vector<std::pair<std::string, std::string>>& params);

/// Collects the parts of a rest-protocol request and assembles it.
class RestRequestBuilder {
 public:
  RestRequestBuilder(std::string_view method, std::string_view uri_template)
      : method_(method), uri_template_(uri_template) {}

  RestRequestBuilder& label(std::string_view name, std::string value) {
    labels_.emplace_back(std::string(name), std::move(value));
    return *this;
  }
  /// A query parameter (raw value; encoded by build()). Repeat the name for a list.
  RestRequestBuilder& query(std::string name, std::string value) {
    query_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  RestRequestBuilder& header(std::string name, std::string value) {
    headers_.add(std::move(name), std::move(value));
    return *this;
  }
  /// The body, with its Content-Type when one is given.
  RestRequestBuilder& body(std::string body, std::string_view content_type = {});

  const std::string& method() const { return method_; }
  /// method, path, query (template literal first, then parameters), headers, body. Host
  /// and scheme are left empty for the connection to fill in.
  Result<HttpRequest> build() const;

 private:
  std::string method_;
  std::string uri_template_;
  std::vector<std::pair<std::string, std::string>> labels_;
  std::vector<std::pair<std::string, std::string>> query_;
  Headers headers_;
  std::string body_;
};

}  // namespace drh
