#include "wire.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace drh::fake {

namespace {

void add_request_id(HttpResponse& r, const Call& call) {
  r.headers.add("x-amzn-RequestId", call.request_id);
  r.request_id = call.request_id;
}

HttpResponse xml_http(std::string body, int status) {
  HttpResponse r;
  r.status = status;
  r.headers.add("Content-Type", "text/xml");
  r.body = std::move(body);
  return r;
}

}  // namespace

HttpResponse query_response(const Call& call, std::string_view xmlns, const XmlBody& result) {
  // A Describe of a couple of clusters is ~6 KiB: starting at 8 KiB saves growing (and
  // copying) the body three times on the way up from 1 KiB.
  xml::XmlWriter w(8192);
  const std::string root = call.operation + "Response";
  w.start(root).xmlns(xmlns);
  if (result) {
    w.start(call.operation + "Result");
    result(w);
    w.end();
  }
  w.start("ResponseMetadata").element("RequestId", call.request_id).end();
  HttpResponse r = xml_http(w.take(), 200);
  add_request_id(r, call);
  return r;
}

HttpResponse ec2_response(const Call& call, const XmlBody& body) {
  xml::XmlWriter w(1024);
  w.declaration().start(call.operation + "Response").xmlns("http://ec2.amazonaws.com/doc/2016-11-15/");
  w.element("requestId", call.request_id);
  if (body) body(w);
  HttpResponse r = xml_http(w.take(), 200);
  add_request_id(r, call);
  return r;
}

HttpResponse rest_xml_response(const Call& call, const XmlBody& body, int status) {
  xml::XmlWriter w(1024);
  w.declaration();
  body(w);
  HttpResponse r = xml_http(w.take(), status);
  r.headers.set("Content-Type", "application/xml");
  r.headers.add("x-amz-request-id", call.request_id);
  add_request_id(r, call);
  return r;
}

HttpResponse json_response(const Call& call, const nlohmann::json& body, int status) {
  HttpResponse r;
  r.status = status;
  std::string type = "application/json";
  if (call.protocol == Protocol::kJson) {
    type = "application/x-amz-json-1.0";  // DynamoDB and CloudWatch both speak JSON 1.0
  }
  r.headers.add("Content-Type", type);
  r.body = body.dump();
  add_request_id(r, call);
  return r;
}

HttpResponse empty_response(const Call& call, int status) {
  HttpResponse r;
  r.status = status;
  r.headers.add("x-amz-request-id", call.request_id);
  add_request_id(r, call);
  return r;
}

HttpResponse error_response(const Call& call, Protocol protocol, const ApiError& error) {
  HttpResponse r;
  r.status = error.status;
  switch (protocol) {
    case Protocol::kQuery: {
      xml::XmlWriter w;
      w.start("ErrorResponse");
      if (call.service == "sns") w.xmlns("http://sns.amazonaws.com/doc/2010-03-31/");
      w.start("Error")
          .element("Type", error.sender ? "Sender" : "Receiver")
          .element("Code", error.code)
          .element("Message", error.message)
          .end()
          .element("RequestId", call.request_id);
      r.body = w.take();
      r.headers.add("Content-Type", "text/xml");
      break;
    }
    case Protocol::kEc2: {
      xml::XmlWriter w;
      w.declaration().start("Response").start("Errors").start("Error");
      w.element("Code", error.code).element("Message", error.message).end().end();
      w.element("RequestID", call.request_id);
      r.body = w.take();
      r.headers.add("Content-Type", "text/xml;charset=UTF-8");
      break;
    }
    case Protocol::kRestXml: {
      xml::XmlWriter w;
      w.declaration();
      if (call.service == "route53") {
        w.start("ErrorResponse").xmlns("https://route53.amazonaws.com/doc/2013-04-01/");
        w.start("Error")
            .element("Type", error.sender ? "Sender" : "Receiver")
            .element("Code", error.code)
            .element("Message", error.message)
            .end()
            .element("RequestId", call.request_id);
      } else {
        w.start("Error").element("Code", error.code).element("Message", error.message);
        w.element("RequestId", call.request_id);
      }
      r.body = w.take();
      r.headers.add("Content-Type", "application/xml");
      r.headers.add("x-amz-request-id", call.request_id);
      break;
    }
    case Protocol::kJson: {
      nlohmann::json body;
      const std::string ns = call.service == "dynamodb"
                                 ? "com.amazonaws.dynamodb.v20120810#"
                                 : "com.amazonaws.cloudwatch#";
      body["__type"] = ns + error.code;
      body["message"] = error.message;
      r.body = body.dump();
      r.headers.add("Content-Type", "application/x-amz-json-1.0");
      break;
    }
    case Protocol::kRestJson: {
      nlohmann::json body;
      body["Type"] = error.sender ? "User" : "Service";
      body["message"] = error.message;
      r.body = body.dump();
      r.headers.add("Content-Type", "application/json");
      r.headers.add("x-amzn-ErrorType", error.code);
      break;
    }
  }
  r.headers.add("x-amzn-RequestId", call.request_id);
  r.request_id = call.request_id;
  return r;
}

std::string iso_time(TimePoint t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
  // Every response carries a few timestamps: write the digits directly for the years
  // AWS times take (1970-9999) instead of going through gmtime and printf.
  if (ms.count() >= 0) {
    const auto day = std::chrono::floor<std::chrono::days>(ms);
    const std::chrono::year_month_day ymd{std::chrono::sys_days{day}};
    const int year = static_cast<int>(ymd.year());
    if (year <= 9999) {
      auto in_day = static_cast<unsigned>((ms - day).count());  // milliseconds
      char buf[] = "0000-00-00T00:00:00.000Z";
      auto put = [&buf](std::size_t at, unsigned value, std::size_t digits) {
        for (std::size_t i = digits; i-- > 0; value /= 10) buf[at + i] = char('0' + value % 10);
      };
      put(0, static_cast<unsigned>(year), 4);
      put(5, static_cast<unsigned>(ymd.month()), 2);
      put(8, static_cast<unsigned>(ymd.day()), 2);
      put(20, in_day % 1000, 3);
      in_day /= 1000;
      put(17, in_day % 60, 2);
      put(14, in_day / 60 % 60, 2);
      put(11, in_day / 3600, 2);
      return std::string(buf, sizeof buf - 1);
    }
  }
  std::time_t secs = static_cast<std::time_t>(ms.count() / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];  // sized for any int fields, so the format can never truncate
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms.count() % 1000));
  return buf;
}

double epoch_seconds(TimePoint t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace drh::fake
