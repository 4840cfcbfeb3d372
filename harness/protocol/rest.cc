#include "drh/protocol/rest.h"

#include "drh/core/encoding.h"

namespace drh {

Result<ExpandedUri> expand_uri_template(std::string_view uri_template, const UriLabels& labels) {
  ExpandedUri out;
  std::string_view path_part = uri_template;
  if (auto q = uri_template.find('?'); q != std::string_view::npos) {
    path_part = uri_template.substr(0, q);
    out.query = std::string(uri_template.substr(q + 1));
  }
  out.path.reserve(path_part.size() + 32);
  std::size_t pos = 0;
  while (pos < path_part.size()) {
    std::size_t open = path_part.find('{', pos);
    std::size_t stray_close = path_part.find('}', pos);
    if (stray_close < open) {
      return invalid_input("URI template '" + std::string(uri_template) + "' has a stray '}'");
    }
    if (open == std::string_view::npos) {
      out.path.append(path_part.substr(pos));
      break;
    }
    out.path.append(path_part.substr(pos, open - pos));
    std::size_t close = path_part.find('}', open);
    if (close == std::string_view::npos) {
      return invalid_input("URI template '" + std::string(uri_template) + "' has an unclosed '{'");
    }
    std::string_view name = path_part.substr(open + 1, close - open - 1);
    bool greedy = !name.empty() && name.back() == '+';
    if (greedy) name.remove_suffix(1);
    if (name.empty() || name.find('{') != std::string_view::npos) {
      return invalid_input("URI template '" + std::string(uri_template) + "' has a bad label");
    }
    const std::string_view* value = nullptr;
    for (const auto& [k, v] : labels) {
      if (k == name) {
        value = &v;
        break;
      }
    }
    if (value == nullptr) {
      return invalid_input("URI label {" + std::string(name) + "} is missing");
    }
    if (value->empty()) {
      return invalid_input("URI label {" + std::string(name) + "} is empty");
    }
    out.path += uri_encode(*value, /*encode_slash=*/!greedy);
    pos = close + 1;
  }
  if (out.path.empty()) out.path = "/";
  return out;
}

std::string encode_query_string(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += uri_encode(k);
    out += '=';
    out += uri_encode(v);
  }
  return out;
}

RestRequestBuilder& RestRequestBuilder::body(std::string body, std::string_view content_type) {
  body_ = std::move(body);
  if (!content_type.empty()) headers_.set("Content-Type", std::string(content_type));
  return *this;
}

Result<HttpRequest> RestRequestBuilder::build() const {
  UriLabels labels;
  labels.reserve(labels_.size());
  for (const auto& [k, v] : labels_) labels.emplace_back(k, v);
  auto uri = expand_uri_template(uri_template_, labels);
  if (!uri.ok()) return uri.error();
  HttpRequest req;
  req.method = method_;
  req.scheme.clear();
  req.path = std::move(uri->path);
  req.query = std::move(uri->query);
  std::string params = encode_query_string(query_);
  if (!params.empty()) {
    if (!req.query.empty()) req.query += '&';
    req.query += params;
  }
  req.headers = headers_;
  req.body = body_;
  return req;
}

}  // namespace drh
