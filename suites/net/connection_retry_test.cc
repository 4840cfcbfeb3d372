// AwsConnection over the real CurlTransport against a scripted local server: retries of
// transient failures, decoding of error documents, and the limits of both. A ManualClock
// takes the backoff, so nothing sleeps for real.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "drh/auth/credentials.h"
#include "drh/client/connection.h"
#include "drh/core/clock.h"
#include "drh/core/endpoints.h"
#include "drh/net/curl_transport.h"
#include "test_http_server.h"

namespace drh {
namespace {

using testing::Reply;
using testing::TestHttpServer;

constexpr const char* kThrottlingBody =
    R"({"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException",)"
    R"("message":"Rate of requests exceeds the allowed throughput."})";

class ConnectionRetryTest : public ::testing::Test {
 protected:
  ConnectionRetryTest() {
    CurlOptions curl;
    curl.proxy = "";  // straight to 127.0.0.1, whatever the environment says
    curl.connect_timeout = std::chrono::milliseconds(1000);
    curl.total_timeout = std::chrono::milliseconds(5000);
    transport_ = std::make_shared<CurlTransport>(curl);

    Credentials creds;
    creds.access_key_id = "AKIDEXAMPLEKEY000001";
    creds.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    creds.source = "test";
    credentials_ = MakeStaticProvider(creds);

    ConnectionOptions options;
    options.endpoint.explicit_url = server_.url();
    options.endpoint.use_env = false;
    options.retry.max_attempts = 3;
    options.retry.seed = 42;
    connection_ = std::make_unique<AwsConnection>(transport_, credentials_, clock_, options);
  }

  static const ServiceInfo& service(const char* id) {
    auto found = find_service(id);
    EXPECT_TRUE(found.ok()) << id;
    return **found;
  }

  /// A DynamoDB (JSON 1.0) call as its codec would shape it.
  static HttpRequest dynamodb_request(const char* operation = "DescribeTable") {
    HttpRequest req;
    req.method = "POST";
    req.path = "/";
    req.headers.add("Content-Type", "application/x-amz-json-1.0");
    req.headers.add("X-Amz-Target", std::string("DynamoDB_20120810.") + operation);
    req.body = R"({"TableName":"orders"})";
    return req;
  }

  /// An RDS (query protocol) call as its codec would shape it.
  static HttpRequest rds_request() {
    HttpRequest req;
    req.method = "POST";
    req.path = "/";
    req.headers.add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    req.body = "Action=DescribeGlobalClusters&Version=2014-10-31";
    return req;
  }

  TestHttpServer server_;
  ManualClock clock_;
  std::shared_ptr<CurlTransport> transport_;
  std::shared_ptr<CredentialsProvider> credentials_;
  std::unique_ptr<AwsConnection> connection_;
};

TEST_F(ConnectionRetryTest, ServiceUnavailableThenSuccessIsRetriedOnce) {
  server_.enqueue(Reply::Respond(503, "Service Unavailable"));
  server_.enqueue(Reply::Respond(200, R"({"Table":{"TableName":"orders"}})")
                      .with_header("x-amzn-RequestId", "req-ok"));
  CallTrace trace;

  auto r = connection_->send(service("dynamodb"), "us-east-1", dynamodb_request(), {}, &trace);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->request_id, "req-ok");
  EXPECT_EQ(trace.attempts, 2);
  const auto got = server_.requests();
  ASSERT_EQ(got.size(), 2u);
  for (const auto& req : got) {
    EXPECT_TRUE(req.headers.has("Authorization"));  // every attempt is signed
    EXPECT_EQ(req.body, R"({"TableName":"orders"})");
    EXPECT_FALSE(req.headers.has("Expect"));
  }
}

TEST_F(ConnectionRetryTest, ThrottlingThenSuccessIsRetried) {
  server_.enqueue(Reply::Respond(400, kThrottlingBody)
                      .with_header("Content-Type", "application/x-amz-json-1.0"));
  server_.enqueue(Reply::Respond(200, "{}"));
  CallTrace trace;

  auto r = connection_->send(service("dynamodb"), "us-east-1", dynamodb_request(), {}, &trace);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(trace.attempts, 2);
  EXPECT_EQ(server_.request_count(), 2u);
}

TEST_F(ConnectionRetryTest, ThrottlingEveryTimeSurfacesAfterThreeAttempts) {
  server_.set_handler([](const testing::RecordedRequest&) {
    return Reply::Respond(400, kThrottlingBody)
        .with_header("Content-Type", "application/x-amz-json-1.0")
        .with_header("x-amzn-RequestId", "req-throttled");
  });
  CallTrace trace;
  const auto start = std::chrono::steady_clock::now();

  auto r = connection_->send(service("dynamodb"), "us-east-1", dynamodb_request(), {}, &trace);
  // Two backoffs were taken on the manual clock, none for real (base delay: 1 s).
  EXPECT_GT(clock_.total_slept(), Duration{0});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws) << r.error().describe();
  EXPECT_EQ(r.error().code, "ThrottlingException");
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_EQ(r.error().request_id, "req-throttled");
  EXPECT_EQ(trace.attempts, 3);
  EXPECT_EQ(server_.request_count(), 3u);
}

TEST_F(ConnectionRetryTest, ConnectionResetThenSuccessIsRetried) {
  server_.enqueue(Reply::Reset());
  server_.enqueue(Reply::Respond(200, "{}"));

  auto r = connection_->send(service("dynamodb"), "us-east-1", dynamodb_request());
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(server_.request_count(), 2u);
  EXPECT_EQ(server_.connections_accepted(), 2);  // the reset connection was not reused
}

TEST_F(ConnectionRetryTest, MalformedXmlErrorBodyIsAnHttpErrorWithAnExcerpt) {
  server_.enqueue(Reply::Respond(400, "<ErrorResponse><Error><Code>Validat")
                      .with_header("Content-Type", "text/xml"));

  auto r = connection_->send(service("rds"), "us-east-1", rds_request());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kHttp) << r.error().describe();
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_NE(r.error().message.find("<ErrorResponse>"), std::string::npos) << r.error().message;
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(ConnectionRetryTest, ValidationErrorIsNotRetried) {
  server_.set_handler([](const testing::RecordedRequest&) {
    return Reply::Respond(400,
                          "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                          "<Error><Type>Sender</Type><Code>ValidationError</Code>"
                          "<Message>1 validation error detected</Message></Error>"
                          "<RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>"
                          "</ErrorResponse>")
        .with_header("Content-Type", "text/xml");
  });
  CallTrace trace;

  auto r = connection_->send(service("rds"), "us-east-1", rds_request(), {}, &trace);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kAws) << r.error().describe();
  EXPECT_EQ(r.error().code, "ValidationError");
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_FALSE(r.error().retryable);
  EXPECT_EQ(trace.attempts, 1);
  EXPECT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(clock_.total_slept(), Duration{0});
}

}  // namespace
}  // namespace drh
