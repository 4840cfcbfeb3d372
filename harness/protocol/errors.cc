#include "drh/protocol/errors.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "drh/core/encoding.h"
#include "drh/core/retry.h"
#include "drh/protocol/xml.h"
#include "text_util.h"

namespace drh {
namespace {

const char* reason_phrase(int status) {
  switch (status) {
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Range Not Satisfiable";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

std::string status_text(int status) {
  std::string s = "HTTP " + std::to_string(status);
  if (const char* r = reason_phrase(status); *r != '\0') {
    s += ' ';
    s += r;
  }
  return s;
}

// The code for an error that came without an error document (S3 HEAD 404, a bare 503).
std::string code_from_status(int status) {
  switch (status) {
    case 400:
      return "BadRequest";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    default:
      return "Http" + std::to_string(status);
  }
}

std::string header_request_id(const HttpResponse& response) {
  if (!response.request_id.empty()) return response.request_id;
  for (const char* name : {"x-amzn-RequestId", "x-amz-request-id", "x-amzn-request-id"}) {
    if (auto v = response.headers.get(name)) return std::string(*v);
  }
  return {};
}

// "ns#Code:http://..." -> "Code".
std::string clean_error_code(std::string_view code) {
  code = trim(code);
  if (auto colon = code.find(':'); colon != std::string_view::npos) code = code.substr(0, colon);
  if (auto hash = code.rfind('#'); hash != std::string_view::npos) code = code.substr(hash + 1);
  return std::string(trim(code));
}

struct Parsed {
  std::string code;
  std::string message;
  std::string request_id;
};

// Any of the XML error shapes:
//   query     <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
//   ec2       <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
//   S3        <Error><Code/><Message/><RequestId/><HostId/></Error>
//   Route 53  <ErrorResponse xmlns="..."><Error><Type/><Code/><Message/></Error><RequestId/>
bool parse_xml_error(std::string_view body, Parsed& out) {
  pugi::xml_document doc;
  if (!xml::load(doc, body).ok()) return false;
  pugi::xml_node root = doc.document_element();
  pugi::xml_node error;
  std::string_view root_name = xml::local_name(root);
  if (root_name == "Error") {
    error = root;
  } else {
    for (pugi::xml_node c : xml::elements(root)) {
      std::string_view n = xml::local_name(c);
      if (n == "Error") {
        error = c;
        break;
      }
      if (n == "Errors") {
        for (pugi::xml_node e : xml::elements(c)) {
          if (xml::local_name(e) == "Error") {
            error = e;
            break;
          }
        }
        if (error) break;
      }
    }
  }
  if (!error) return false;
  std::string_view code, message;
  for (pugi::xml_node c : xml::elements(error)) {
    std::string_view n = xml::local_name(c);
    if (n == "Code") code = c.child_value();
    if (n == "Message") message = c.child_value();
  }
  if (trim(code).empty()) return false;
  out.code = clean_error_code(code);
  out.message = std::string(trim(message));
  for (pugi::xml_node holder : {error, root}) {
    for (pugi::xml_node c : xml::elements(holder)) {
      std::string_view n = xml::local_name(c);
      if (n == "RequestId" || n == "RequestID" || n == "requestId") {
        out.request_id = std::string(trim(c.child_value()));
        return true;
      }
    }
  }
  return true;
}

std::string json_string(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

// json / rest-json: code from x-amzn-ErrorType, then "code", "Code", "__type" (the order
// of the Smithy AWS JSON protocols); x-amzn-query-error (query-compatible services such as
// CloudWatch over JSON) gives the code the Query protocol would have used.
bool parse_json_error(const HttpResponse& response, std::string_view body, Parsed& out) {
  nlohmann::json doc = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  bool is_object = !doc.is_discarded() && doc.is_object();
  std::string code;
  if (auto h = response.headers.get("x-amzn-ErrorType")) code = clean_error_code(*h);
  if (is_object) {
    for (const char* key : {"code", "Code", "__type"}) {
      if (!code.empty()) break;
      code = clean_error_code(json_string(doc, key));
    }
  }
  if (code.empty()) return false;
  if (!is_object && !trim(body).empty()) return false;  // a header on an HTML page
  if (auto q = response.headers.get("x-amzn-query-error")) {
    std::string_view qe = trim(*q);
    std::string_view qcode = qe.substr(0, qe.find(';'));
    if (!qcode.empty()) code = std::string(qcode);
  }
  out.code = std::move(code);
  if (is_object) {
    for (const char* key : {"message", "Message", "errorMessage"}) {
      out.message = json_string(doc, key);
      if (!out.message.empty()) break;
    }
    for (const char* key : {"requestId", "RequestId", "RequestID"}) {
      out.request_id = json_string(doc, key);
      if (!out.request_id.empty()) break;
    }
  }
  return true;
}

}  // namespace

Result<Protocol> parse_protocol(std::string_view name) {
  if (name == "query") return Protocol::kQuery;
  if (name == "ec2") return Protocol::kEc2;
  if (name == "rest-xml") return Protocol::kRestXml;
  if (name == "json") return Protocol::kJson;
  if (name == "rest-json") return Protocol::kRestJson;
  return invalid_input("unknown protocol '" + protocol_detail::printable_excerpt(name, 40) +
                       "'; expected query, ec2, rest-xml, json or rest-json");
}

Error decode_error_response(const HttpResponse& response, Protocol protocol) {
  Error e;
  e.http_status = response.status;
  e.request_id = header_request_id(response);
  std::string_view body = trim(response.body);
  if (starts_with(body, "\xEF\xBB\xBF")) body = trim(body.substr(3));  // UTF-8 BOM
  bool json_protocol = protocol == Protocol::kJson || protocol == Protocol::kRestJson;
  bool rest_protocol = protocol == Protocol::kRestXml || protocol == Protocol::kRestJson;

  Parsed parsed;
  bool found = false;
  // Try the protocol's own format first, then the other one: emulators and proxies do
  // not always answer in the protocol of the request.
  bool looks_xml = !body.empty() && body.front() == '<';
  if (json_protocol) {
    found = !looks_xml && parse_json_error(response, body, parsed);
    if (!found && looks_xml) found = parse_xml_error(body, parsed);
  } else {
    found = looks_xml && parse_xml_error(body, parsed);
    if (!found && !body.empty() && body.front() == '{') {
      found = parse_json_error(response, body, parsed);
    }
  }

  if (found) {
    e.kind = ErrorKind::kAws;
    e.code = std::move(parsed.code);
    e.message = std::move(parsed.message);
    if (e.request_id.empty()) e.request_id = std::move(parsed.request_id);
  } else if (body.empty()) {
    // No document at all: S3 answers HEAD requests (and some GETs) this way.
    e.kind = rest_protocol ? ErrorKind::kAws : ErrorKind::kHttp;
    e.code = code_from_status(response.status);
    e.message = status_text(response.status) + " with an empty body";
  } else {
    e.kind = ErrorKind::kHttp;
    e.code = code_from_status(response.status);
    e.message = status_text(response.status) + ", not an AWS error document (" +
                std::to_string(response.body.size()) +
                " bytes): " + protocol_detail::printable_excerpt(body, 200);
  }
  e.retryable = is_retryable(e);
  return e;
}

}  // namespace drh
