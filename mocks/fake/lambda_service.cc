// Lambda in the fake: functions (create, read, list, delete), invocation through the
// built-in handlers, and tags.
#include "lambda_service.h"

#include <algorithm>
#include <set>

#include "drh/core/encoding.h"
#include "drh/protocol/query.h"
#include "s3_service.h"
#include "wire.h"
#include "state_codec.h"

namespace drh::fake {

using json = nlohmann::json;
using lambda::Function;

namespace {

constexpr std::size_t kMaxSyncPayload = 6 * 1024 * 1024;
constexpr std::size_t kMaxAsyncPayload = 256 * 1024;
constexpr std::size_t kMaxZipBytes = 50 * 1024 * 1024;
constexpr std::size_t kMaxEnvironmentBytes = 4 * 1024;


[[noreturn]] void invalid_value(std::string message) {
  fail(400, "InvalidParameterValueException", std::move(message));
}

[[noreturn]] void constraint(std::string_view value, std::string_view member,
                             std::string_view constraint) {
  fail(400, "ValidationException",
       "1 validation error detected: Value '" + std::string(value) + "' at '" +
           std::string(member) + "' failed to satisfy constraint: " + std::string(constraint));
}

// "2026-01-01T00:00:00.000+0000", how Lambda writes LastModified.
std::string lambda_time(TimePoint t) {
  std::string s = iso_time(t);
  s.pop_back();
  return s + "+0000";
}

bool valid_function_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
  });
}

bool valid_role(std::string_view role) {
  // arn:aws:iam::<12 digits>:role/<path and name>
  constexpr std::string_view kPrefix = "arn:aws:iam::";
  if (!role.starts_with(kPrefix)) return false;
  std::string_view rest = role.substr(kPrefix.size());
  if (rest.size() < 19 || rest[12] != ':' || !rest.substr(13).starts_with("role/")) return false;
  if (!std::all_of(rest.begin(), rest.begin() + 12, [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  return rest.size() > 18;
}

bool known_runtime(std::string_view r) {
  static const std::set<std::string_view> kRuntimes = {
      "nodejs",        "nodejs4.3",     "nodejs6.10",   "nodejs8.10",      "nodejs10.x",
      "nodejs12.x",    "nodejs14.x",    "nodejs16.x",   "java8",           "java8.al2",
      "java11",        "python2.7",     "python3.6",    "python3.7",       "python3.8",
      "python3.9",     "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",  "dotnetcore3.1",
      "dotnet6",       "dotnet8",       "nodejs4.3-edge", "go1.x",         "ruby2.5",
      "ruby2.7",       "provided",      "provided.al2", "nodejs18.x",      "python3.10",
      "java17",        "ruby3.2",       "ruby3.3",      "ruby3.4",         "python3.11",
      "nodejs20.x",    "provided.al2023", "python3.12", "java21",          "python3.13",
      "nodejs22.x",    "nodejs24.x",    "python3.14",   "java25",          "dotnet10",
      "ruby4.0"};
  return kRuntimes.contains(r);
}

// Runtimes AWS no longer accepts for new functions.
bool retired_runtime(std::string_view r) {
  static const std::set<std::string_view> kRetired = {
      "nodejs",        "nodejs4.3",     "nodejs6.10",    "nodejs8.10", "nodejs10.x",
      "nodejs12.x",    "python2.7",     "python3.6",     "dotnetcore1.0", "dotnetcore2.0",
      "dotnetcore2.1", "ruby2.5",       "nodejs4.3-edge"};
  return kRetired.contains(r);
}

bool reserved_env_key(std::string_view k) {
  static const std::set<std::string_view> kReserved = {
      "_HANDLER",       "_X_AMZN_TRACE_ID",        "AWS_DEFAULT_REGION", "AWS_REGION",
      "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
      "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
      "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY",
      "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
      "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"};
  return kReserved.contains(k);
}

// A zip archive starts with a local file header (PK\3\4) or, when empty, with the
// end-of-central-directory record (PK\5\6).
void check_zip(std::string_view bytes) {
  if (!(bytes.starts_with(std::string_view("PK\x03\x04", 4)) ||
        bytes.starts_with(std::string_view("PK\x05\x06", 4)))) {
    invalid_value("Could not unzip uploaded file. Please check your file, then try to upload "
                  "again.");
  }
}

std::string code_sha256(std::string_view bytes) {
  const Sha256Digest d = sha256(bytes);
  return base64_encode(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

// What the fake names an operation it does not serve, from the method and path.
std::string operation_name(std::string_view method, const std::vector<std::string>& seg) {
  if (seg.size() >= 4 && seg[1] == "functions") {
    const std::string& sub = seg[3];
    if (sub == "configuration" && method == "PUT") return "UpdateFunctionConfiguration";
    if (sub == "code" && method == "PUT") return "UpdateFunctionCode";
    if (sub == "versions") return method == "POST" ? "PublishVersion" : "ListVersionsByFunction";
    if (sub == "aliases") return method == "POST" ? "CreateAlias" : "ListAliases";
    if (sub == "policy") return method == "POST" ? "AddPermission" : "GetPolicy";
    if (sub == "concurrency") return method == "PUT" ? "PutFunctionConcurrency" : "GetFunctionConcurrency";
    if (sub == "url") return "FunctionUrlConfig operations";
    if (sub == "event-invoke-config") return "FunctionEventInvokeConfig operations";
  }
  if (seg.size() >= 2 && seg[1] == "event-source-mappings") return "EventSourceMapping operations";
  if (seg.size() >= 2 && seg[1] == "layers") return "Layer operations";
  if (seg.size() >= 2 && seg[1] == "account-settings") return "GetAccountSettings";
  return std::string(method) + " /" + (seg.empty() ? "" : seg[0]) + (seg.size() > 1 ? "/" + seg[1] : "");
}

HttpResponse raw_response(const Call& call, int status, std::string body) {
  HttpResponse r;
  r.status = status;
  if (!body.empty() || status == 200) r.headers.add("Content-Type", "application/json");
  r.body = std::move(body);
  r.headers.add("x-amzn-RequestId", call.request_id);
  r.request_id = call.request_id;
  return r;
}

}  // namespace

LambdaService::~LambdaService() { cancel_tasks(); }

// ---------------------------------------------------------------- dispatch

HttpResponse LambdaService::handle(Call& call) {
  const std::string method(call.http->method);
  std::vector<std::string> seg;
  {
    std::string_view p = call.path;
    while (!p.empty() && p.front() == '/') p.remove_prefix(1);
    while (!p.empty()) {
      const auto slash = p.find('/');
      seg.emplace_back(p.substr(0, slash));
      if (slash == std::string_view::npos) break;
      p = p.substr(slash + 1);
    }
  }
  if (!seg.empty() && seg[0] == "2015-03-31" && seg.size() >= 2 && seg[1] == "functions") {
    if (seg.size() == 2 || (seg.size() == 3 && seg[2].empty())) {
      if (method == "POST") return create_function(call);
      if (method == "GET") return list_functions(call);
    } else if (seg.size() == 3) {
      if (method == "GET") return get_function(call, seg[2], false);
      if (method == "DELETE") return delete_function(call, seg[2]);
    } else if (seg.size() == 4 && seg[3] == "invocations" && method == "POST") {
      return invoke(call, seg[2]);
    } else if (seg.size() == 4 && seg[3] == "configuration" && method == "GET") {
      return get_function(call, seg[2], true);
    }
  }
  if (seg.size() == 3 && seg[0] == "2017-03-31" && seg[1] == "tags") {
    if (method == "GET") return list_tags(call, seg[2]);
    if (method == "POST") return tag_resource(call, seg[2]);
    if (method == "DELETE") return untag_resource(call, seg[2]);
  }
  fail(501, "NotImplemented",
       "drharness's fake Lambda does not serve " + operation_name(method, seg));
}

const Function* LambdaService::find_function(std::string_view region, std::string_view name) const {
  auto r = regions_.find(region);
  if (r == regions_.end()) return nullptr;
  auto it = r->second.find(name);
  return it == r->second.end() ? nullptr : &it->second;
}

Function& LambdaService::resolve(const Call& call, const std::string& name, std::string& version,
                                 bool* qualified) {
  std::string bare = name;
  std::string qualifier;
  const std::string prefix = "arn:aws:lambda:";
  std::string region = call.region;
  if (bare.starts_with(prefix)) {
    // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
    std::vector<std::string> parts;
    std::string_view s = bare;
    while (true) {
      const auto c = s.find(':');
      parts.emplace_back(s.substr(0, c));
      if (c == std::string_view::npos) break;
      s = s.substr(c + 1);
    }
    if (parts.size() < 7 || parts.size() > 8 || parts[5] != "function") {
      invalid_value("Invalid function ARN: " + name);
    }
    region = parts[3];
    if (parts[4] != call.account) {
      fail(404, "ResourceNotFoundException", "Function not found: " + name);
    }
    bare = parts[6];
    if (parts.size() == 8) qualifier = parts[7];
  } else if (auto c = bare.find(":function:"); c != std::string::npos) {
    // <account>:function:<name>[:<qualifier>]
    if (bare.substr(0, c) != call.account) {
      fail(404, "ResourceNotFoundException", "Function not found: " + name);
    }
    bare = bare.substr(c + 10);
    if (auto q = bare.find(':'); q != std::string::npos) {
      qualifier = bare.substr(q + 1);
      bare.resize(q);
    }
  } else if (auto q = bare.find(':'); q != std::string::npos) {
    qualifier = bare.substr(q + 1);
    bare.resize(q);
  }
  for (const auto& [k, v] : parse_form(call.http->query)) {
    if (k != "Qualifier") continue;
    if (!qualifier.empty() && qualifier != v) {
      invalid_value("The derived qualifier from the function name does not match the specified "
                    "qualifier.");
    }
    qualifier = v;
  }
  const std::string arn = "arn:aws:lambda:" + call.region + ":" + call.account + ":function:" + bare;
  if (region != call.region) fail(404, "ResourceNotFoundException", "Function not found: " + arn);
  auto r = regions_.find(call.region);
  Function* f = nullptr;
  if (r != regions_.end()) {
    if (auto it = r->second.find(bare); it != r->second.end()) f = &it->second;
  }
  if (!f) {
    fail(404, "ResourceNotFoundException",
         "Function not found: " + arn + (qualifier.empty() ? "" : ":" + qualifier));
  }
  version = "$LATEST";
  if (qualified) *qualified = !qualifier.empty();
  if (!qualifier.empty() && qualifier != "$LATEST") {
    int n = 0;
    try {
      n = std::stoi(qualifier);
    } catch (const std::exception&) {
      n = -1;
    }
    if (n <= 0 || !f->versions.contains(n) || std::to_string(n) != qualifier) {
      fail(404, "ResourceNotFoundException", "Function not found: " + arn + ":" + qualifier);
    }
    version = qualifier;
  }
  return *f;
}

Function& LambdaService::by_arn(const Call& call, const std::string& arn) {
  const std::string prefix = "arn:aws:lambda:" + call.region + ":" + call.account + ":function:";
  if (!arn.starts_with(prefix)) {
    if (!arn.starts_with("arn:aws:lambda:")) invalid_value("Invalid ARN: " + arn);
    fail(404, "ResourceNotFoundException", "Function not found: " + arn);
  }
  const std::string name = arn.substr(prefix.size());
  auto r = regions_.find(call.region);
  if (r != regions_.end()) {
    if (auto it = r->second.find(name); it != r->second.end()) return it->second;
  }
  fail(404, "ResourceNotFoundException", "Function not found: " + arn);
}

// ---------------------------------------------------------------- configuration

json LambdaService::configuration(std::string_view region, const Function& f,
                                  const std::string& version) const {
  (void)region;
  json c = json::object();
  c["FunctionName"] = f.name;
  c["FunctionArn"] = version == "$LATEST" ? f.arn : f.arn + ":" + version;
  if (f.package_type == "Zip") {
    c["Runtime"] = f.runtime;
    c["Handler"] = f.handler;
  }
  c["Role"] = f.role;
  c["CodeSize"] = f.code_size;
  c["Description"] = f.description;
  c["Timeout"] = f.timeout;
  c["MemorySize"] = f.memory;
  c["LastModified"] = lambda_time(f.last_modified);
  c["CodeSha256"] = f.code_sha256;
  c["Version"] = version;
  if (f.has_environment) c["Environment"] = {{"Variables", f.environment}};
  c["TracingConfig"] = {{"Mode", "PassThrough"}};
  c["RevisionId"] = f.revision_id;
  c["State"] = f.state;
  if (f.state == "Pending") {
    c["StateReason"] = "The function is being created.";
    c["StateReasonCode"] = "Creating";
  } else {
    c["LastUpdateStatus"] = "Successful";
  }
  c["PackageType"] = f.package_type;
  c["Architectures"] = f.architectures;
  c["EphemeralStorage"] = {{"Size", f.ephemeral_storage}};
  c["SnapStart"] = {{"ApplyOn", "None"}, {"OptimizationStatus", "Off"}};
  c["LoggingConfig"] = {{"LogFormat", "Text"}, {"LogGroup", "/aws/lambda/" + f.name}};
  for (const auto& [k, v] : f.extra.items()) c[k] = v;
  return c;
}

// ---------------------------------------------------------------- functions

HttpResponse LambdaService::create_function(Call& call) {
  json body = call.body().empty() ? json::object() : json::parse(call.body());
  if (!body.is_object()) fail(400, "SerializationException", "The request body must be a JSON object");
  auto str = [&](const char* k) -> std::optional<std::string> {
    auto it = body.find(k);
    if (it == body.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) fail(400, "SerializationException", std::string(k) + " must be a string");
    return it->get<std::string>();
  };
  auto integer = [&](const char* k) -> std::optional<long long> {
    auto it = body.find(k);
    if (it == body.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer()) fail(400, "SerializationException", std::string(k) + " must be an integer");
    return it->get<long long>();
  };

  Function f;
  std::string name = str("FunctionName").value_or("");
  if (name.empty()) constraint("null", "functionName", "Member must not be null");
  if (name.starts_with("arn:aws:lambda:")) {
    const std::string prefix = "arn:aws:lambda:" + call.region + ":" + call.account + ":function:";
    if (!name.starts_with(prefix)) invalid_value("The function ARN does not match this region or account: " + name);
    name = name.substr(prefix.size());
  }
  if (!valid_function_name(name)) {
    constraint(name, "functionName",
               "Member must satisfy regular expression pattern: "
               "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?"
               "(function:)?([a-zA-Z0-9-_]+)");
  }
  f.name = name;
  f.role = str("Role").value_or("");
  if (f.role.empty()) constraint("null", "role", "Member must not be null");
  if (!valid_role(f.role)) {
    constraint(f.role, "role",
               "Member must satisfy regular expression pattern: "
               "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
  }
  f.package_type = str("PackageType").value_or("Zip");
  if (f.package_type != "Zip" && f.package_type != "Image") {
    constraint(f.package_type, "packageType", "Member must satisfy enum value set: [Zip, Image]");
  }

  auto code_it = body.find("Code");
  if (code_it == body.end() || !code_it->is_object()) constraint("null", "code", "Member must not be null");
  const json& code = *code_it;
  auto code_str = [&](const char* k) -> std::string {
    auto it = code.find(k);
    return it == code.end() || !it->is_string() ? std::string() : it->get<std::string>();
  };
  const std::string zip_b64 = code_str("ZipFile");
  const std::string bucket = code_str("S3Bucket");
  const std::string key = code_str("S3Key");
  const std::string object_version = code_str("S3ObjectVersion");
  const std::string image = code_str("ImageUri");
  const int sources = (zip_b64.empty() ? 0 : 1) + (bucket.empty() && key.empty() ? 0 : 1) +
                      (image.empty() ? 0 : 1);
  if (sources == 0) invalid_value("Please provide a source for function code.");
  if (sources > 1) {
    invalid_value("Please provide only one source for function code: ZipFile, S3Bucket and "
                  "S3Key, or ImageUri.");
  }
  if (f.package_type == "Image") {
    if (image.empty()) invalid_value("Please provide a ImageUri for a function of package type Image.");
    if (body.contains("Runtime") || body.contains("Handler")) {
      invalid_value("Runtime and Handler are not supported for functions of package type Image.");
    }
    f.image_uri = image;
    f.code_sha256 = code_sha256(image);
  } else {
    if (!image.empty()) invalid_value("ImageUri can only be used with package type Image.");
    f.runtime = str("Runtime").value_or("");
    f.handler = str("Handler").value_or("");
    if (f.runtime.empty() || f.handler.empty()) {
      invalid_value("Runtime and Handler are mandatory parameters for functions created with "
                    "deployment packages.");
    }
    if (!known_runtime(f.runtime)) {
      constraint(f.runtime, "runtime", "Member must satisfy enum value set of the Lambda runtimes");
    }
    if (retired_runtime(f.runtime)) {
      invalid_value("The runtime parameter of " + f.runtime + " is no longer supported for "
                    "creating or updating AWS Lambda functions. We recommend you use a supported "
                    "runtime while creating or updating functions.");
    }
    if (f.handler.size() > 128) constraint(f.handler, "handler", "Member must have length less than or equal to 128");
    if (!zip_b64.empty()) {
      std::string zip;
      if (!base64_decode(zip_b64, zip)) fail(400, "SerializationException", "Code.ZipFile is not valid base64");
      check_zip(zip);
      if (zip.size() > kMaxZipBytes) {
        fail(413, "RequestEntityTooLargeException",
             "Request must be smaller than 69905067 bytes for the CreateFunction operation");
      }
      f.code_sha256 = code_sha256(zip);
      f.code_size = static_cast<std::int64_t>(zip.size());
    } else {
      if (bucket.empty() || key.empty()) {
        invalid_value("Please provide both S3Bucket and S3Key for the function code.");
      }
      // The package is read from the fake's S3, as Lambda reads it from S3.
      auto get_object_error = [](std::string_view code, std::string_view message) {
        invalid_value("Error occurred while GetObject. S3 Error Code: " + std::string(code) +
                      ". S3 Error Message: " + std::string(message));
      };
      auto* s3 = dynamic_cast<S3Service*>(core_.find("s3"));
      s3::Bucket* b = s3 ? s3->find_bucket(bucket) : nullptr;
      if (!b) get_object_error("NoSuchBucket", "The specified bucket does not exist");
      if (b->region != call.region) {
        get_object_error("PermanentRedirect", "The bucket is in this region: " + b->region +
                                                  ". Please use this region to retry the request");
      }
      auto obj = b->objects.find(key);
      const s3::Version* found = nullptr;
      if (obj != b->objects.end()) {
        for (const s3::Version& v : obj->second.versions) {
          if (object_version.empty() ? true : v.version_id == object_version) {
            found = &v;
            break;
          }
        }
      }
      if (!found || found->delete_marker) {
        if (!object_version.empty() && obj != b->objects.end()) {
          get_object_error("NoSuchVersion", "The specified version does not exist.");
        }
        get_object_error("NoSuchKey", "The specified key does not exist.");
      }
      check_zip(found->body);
      f.code_location = "s3://" + bucket + "/" + key;
      f.code_sha256 = code_sha256(found->body);
      f.code_size = static_cast<std::int64_t>(found->body.size());
    }
  }
  f.description = str("Description").value_or("");
  if (f.description.size() > 256) constraint(f.description, "description", "Member must have length less than or equal to 256");
  if (auto t = integer("Timeout")) {
    if (*t < 1) constraint(std::to_string(*t), "timeout", "Member must have value greater than or equal to 1");
    if (*t > 900) constraint(std::to_string(*t), "timeout", "Member must have value less than or equal to 900");
    f.timeout = static_cast<int>(*t);
  }
  if (auto m = integer("MemorySize")) {
    if (*m < 128) constraint(std::to_string(*m), "memorySize", "Member must have value greater than or equal to 128");
    if (*m > 10240) constraint(std::to_string(*m), "memorySize", "Member must have value less than or equal to 10240");
    f.memory = static_cast<int>(*m);
  }
  if (auto env = body.find("Environment"); env != body.end() && env->is_object()) {
    f.has_environment = true;
    std::size_t size = 0;
    std::string reserved;
    const json variables = env->value("Variables", json::object());
    for (const auto& [k, v] : variables.items()) {
      if (!v.is_string()) fail(400, "SerializationException", "Environment variable values must be strings");
      if (k.empty() || !((k[0] >= 'a' && k[0] <= 'z') || (k[0] >= 'A' && k[0] <= 'Z')) ||
          k.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
              std::string::npos) {
        constraint(k, "environment.variables", "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
      }
      if (reserved_env_key(k)) reserved += (reserved.empty() ? "" : ", ") + k;
      size += k.size() + v.get_ref<const std::string&>().size();
      f.environment[k] = v.get<std::string>();
    }
    if (!reserved.empty()) {
      invalid_value("Lambda was unable to configure your environment variables because the "
                    "environment variables you have provided contains reserved keys that are "
                    "currently not supported for modification. Reserved keys used in this "
                    "request: " + reserved);
    }
    if (size > kMaxEnvironmentBytes) {
      invalid_value("Lambda was unable to configure your environment variables because the "
                    "environment variables you have provided exceeded the 4KB limit. String "
                    "measured: " + std::to_string(size));
    }
  }
  if (auto tags = body.find("Tags"); tags != body.end() && tags->is_object()) {
    for (const auto& [k, v] : tags->items()) f.tags[k] = v.get<std::string>();
  }
  if (auto arch = body.find("Architectures"); arch != body.end() && arch->is_array()) {
    if (arch->size() != 1 || !(*arch)[0].is_string() ||
        ((*arch)[0] != "x86_64" && (*arch)[0] != "arm64")) {
      constraint(arch->dump(), "architectures",
                 "Member must have length less than or equal to 1 and satisfy enum value set: "
                 "[x86_64, arm64]");
    }
    f.architectures = {(*arch)[0].get<std::string>()};
  }
  if (auto es = body.find("EphemeralStorage"); es != body.end() && es->is_object()) {
    const long long size = es->value("Size", 512LL);
    if (size < 512 || size > 10240) {
      constraint(std::to_string(size), "ephemeralStorage.size", "Member must have value between 512 and 10240");
    }
    f.ephemeral_storage = static_cast<int>(size);
  }
  // Echoed back as given, in their response form.
  if (auto vpc = body.find("VpcConfig"); vpc != body.end() && vpc->is_object()) {
    f.extra["VpcConfig"] = {{"SubnetIds", vpc->value("SubnetIds", json::array())},
                            {"SecurityGroupIds", vpc->value("SecurityGroupIds", json::array())}};
  }
  if (auto dlc = body.find("DeadLetterConfig"); dlc != body.end() && dlc->is_object()) {
    f.extra["DeadLetterConfig"] = *dlc;
  }
  if (auto kms = str("KMSKeyArn")) f.extra["KMSKeyArn"] = *kms;
  if (auto tc = body.find("TracingConfig"); tc != body.end() && tc->is_object()) {
    f.extra["TracingConfig"] = {{"Mode", tc->value("Mode", "PassThrough")}};
  }
  if (auto layers = body.find("Layers"); layers != body.end() && layers->is_array()) {
    json out = json::array();
    for (const json& l : *layers) out.push_back({{"Arn", l}, {"CodeSize", 0}});
    f.extra["Layers"] = std::move(out);
  }
  if (auto lc = body.find("LoggingConfig"); lc != body.end() && lc->is_object()) {
    json merged = {{"LogFormat", "Text"}, {"LogGroup", "/aws/lambda/" + f.name}};
    for (const auto& [k, v] : lc->items()) merged[k] = v;
    f.extra["LoggingConfig"] = std::move(merged);
  }
  const bool publish = body.value("Publish", false);

  auto& functions = regions_[call.region];
  if (functions.contains(f.name)) {
    fail(409, "ResourceConflictException", "Function already exist: " + f.name);
  }
  f.arn = "arn:aws:lambda:" + call.region + ":" + call.account + ":function:" + f.name;
  f.state = "Pending";
  f.revision_id = core_.ids.uuid();
  f.last_modified = core_.clock.now();
  if (publish) {
    f.versions.insert(1);
    f.last_version = 1;
  }
  Function& stored = functions.emplace(f.name, std::move(f)).first->second;
  stored.due = core_.clock.now() + kFunctionActivationDelay;
  schedule_activation(call.region, stored);
  return json_response(call, configuration(call.region, stored, publish ? "1" : "$LATEST"), 201);
}

void LambdaService::schedule_activation(std::string_view region, Function& f) {
  // Runs outside handle(): takes the world lock and finds the function again by name and
  // revision, so a deleted or re-created function is left alone.
  std::string r(region), name = f.name, revision = f.revision_id;
  f.task = core_.clock.schedule_at(
      f.due,
      [this, r, name, revision] {
        std::lock_guard lock(core_.mutex);
        auto rit = regions_.find(r);
        if (rit == regions_.end()) return;
        auto it = rit->second.find(name);
        if (it == rit->second.end() || it->second.revision_id != revision) return;
        it->second.state = "Active";
        it->second.task = 0;
      },
      "lambda " + r + " function " + name + " Active");
}

void LambdaService::cancel_tasks() {
  for (auto& [region, functions] : regions_) {
    for (auto& [name, f] : functions) {
      if (f.task != 0) core_.clock.cancel(f.task);
      f.task = 0;
    }
  }
}

HttpResponse LambdaService::list_functions(Call& call) {
  std::string marker;
  long long max = 50;
  bool all_versions = false;
  for (const auto& [k, v] : parse_form(call.http->query)) {
    if (k == "Marker") {
      if (!base64_decode(v, marker) || marker.empty()) invalid_value("Invalid Marker: " + v);
    } else if (k == "MaxItems") {
      try {
        max = std::stoll(v);
      } catch (const std::exception&) {
        constraint(v, "maxItems", "Member must be an integer");
      }
      if (max < 1 || max > 10000) constraint(v, "maxItems", "Member must have value between 1 and 10000");
    } else if (k == "FunctionVersion") {
      if (v != "ALL") constraint(v, "functionVersion", "Member must satisfy enum value set: [ALL]");
      all_versions = true;
    }
  }
  json functions = json::array();
  std::string next;
  auto r = regions_.find(call.region);
  if (r != regions_.end()) {
    std::size_t count = 0;
    for (auto it = r->second.upper_bound(marker); it != r->second.end(); ++it) {
      if (count == static_cast<std::size_t>(max)) {
        next = base64_encode(std::prev(it)->first);
        break;
      }
      functions.push_back(configuration(call.region, it->second, "$LATEST"));
      if (all_versions) {
        for (int v : it->second.versions) {
          functions.push_back(configuration(call.region, it->second, std::to_string(v)));
        }
      }
      ++count;
    }
  }
  json out = {{"Functions", std::move(functions)}};
  if (!next.empty()) out["NextMarker"] = next;
  return json_response(call, out);
}

HttpResponse LambdaService::get_function(Call& call, const std::string& name,
                                         bool configuration_only) {
  std::string version;
  const Function& f = resolve(call, name, version);
  json config = configuration(call.region, f, version);
  if (configuration_only) return json_response(call, config);
  json out = {{"Configuration", std::move(config)}};
  if (f.package_type == "Image") {
    out["Code"] = {{"RepositoryType", "ECR"}, {"ImageUri", f.image_uri}, {"ResolvedImageUri", f.image_uri}};
  } else {
    // Where Lambda keeps the deployment package; the fake does not serve it.
    out["Code"] = {{"RepositoryType", "S3"},
                   {"Location", "https://awslambda-" + call.region + "-tasks.s3." + call.region +
                                    ".amazonaws.com/snapshots/" + call.account + "/" + f.name +
                                    "-" + f.revision_id}};
  }
  if (!f.tags.empty()) out["Tags"] = f.tags;
  return json_response(call, out);
}

HttpResponse LambdaService::delete_function(Call& call, const std::string& name) {
  std::string version;
  bool qualified = false;
  Function& f = resolve(call, name, version, &qualified);
  if (qualified && version == "$LATEST") {
    invalid_value("$LATEST version cannot be deleted without deleting the function.");
  }
  if (version != "$LATEST") {
    f.versions.erase(std::stoi(version));
  } else {
    if (f.task != 0) core_.clock.cancel(f.task);
    regions_[call.region].erase(f.name);
  }
  return raw_response(call, 204, "");
}

// ---------------------------------------------------------------- invocation

std::pair<std::string, std::string> LambdaService::run(std::string_view region, const Function& f,
                                                       const std::string& payload,
                                                       std::string& log) const {
  if (f.handler == "drh.health") {
    const bool healthy = !health_probe_ || health_probe_(region);
    json out = {{"statusCode", healthy ? 200 : 503}, {"region", std::string(region)}, {"healthy", healthy}};
    log += "drh.health: region " + std::string(region) + (healthy ? " healthy\n" : " unhealthy\n");
    return {out.dump(), ""};
  }
  if (f.handler == "drh.echo") {
    log += "drh.echo: " + std::to_string(payload.size()) + " bytes\n";
    return {payload.empty() ? "null" : payload, ""};
  }
  std::string message;
  std::string type = "Error";
  if (f.handler == "drh.fail") {
    json event = payload.empty() ? json() : json::parse(payload, nullptr, false);
    message = event.is_object() && event.contains("message") && event["message"].is_string()
                  ? event["message"].get<std::string>()
                  : "drh.fail: the function failed as its handler asks";
  } else {
    type = "Runtime.HandlerNotFound";
    message = (f.package_type == "Image" ? std::string("The container image's handler")
                                         : f.handler) +
              " is undefined or not exported (drharness's fake runs only its built-in handlers: "
              "drh.health, drh.echo, drh.fail)";
  }
  json error = {{"errorMessage", message}, {"errorType", type}, {"stackTrace", json::array()}};
  log += "[ERROR] " + error.dump() + "\n";
  return {error.dump(), "Unhandled"};
}

HttpResponse LambdaService::invoke(Call& call, const std::string& name) {
  std::string version;
  Function& f = resolve(call, name, version);
  const std::string type(call.header("X-Amz-Invocation-Type").value_or("RequestResponse"));
  if (type != "RequestResponse" && type != "Event" && type != "DryRun") {
    constraint(type, "invocationType", "Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
  }
  const std::string log_type(call.header("X-Amz-Log-Type").value_or("None"));
  if (log_type != "None" && log_type != "Tail") {
    constraint(log_type, "logType", "Member must satisfy enum value set: [None, Tail]");
  }
  const std::string& payload = call.body();
  if (payload.size() > (type == "Event" ? kMaxAsyncPayload : kMaxSyncPayload)) {
    fail(413, "RequestTooLargeException",
         "Request must be smaller than " +
             std::to_string(type == "Event" ? kMaxAsyncPayload : kMaxSyncPayload) +
             " bytes for the InvokeFunction operation");
  }
  if (!payload.empty() && !json::accept(payload)) {
    fail(400, "InvalidRequestContentException",
         "Could not parse request body into json: Could not parse payload into json: "
         "Unexpected character in the request payload");
  }
  if (f.state != "Active") {
    fail(409, "ResourceConflictException",
         "The operation cannot be performed at this time. The function is currently in the "
         "following state: " + f.state);
  }
  if (type == "DryRun") return raw_response(call, 204, "");

  lambda::Invocation inv;
  inv.request_id = call.request_id;
  inv.version = version;
  inv.invocation_type = type;
  inv.payload = payload;
  inv.at = core_.clock.now();
  std::string log = "START RequestId: " + call.request_id + " Version: " + version + "\n";
  auto [response, error] = run(call.region, f, payload, log);
  log += "END RequestId: " + call.request_id + "\nREPORT RequestId: " + call.request_id +
         "\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: " + std::to_string(f.memory) +
         " MB\tMax Memory Used: 32 MB\t\n";
  inv.response = response;
  inv.function_error = error;
  f.invocations.push_back(std::move(inv));

  if (type == "Event") return raw_response(call, 202, "");
  HttpResponse r = raw_response(call, 200, response);
  r.headers.add("X-Amz-Executed-Version", version);
  if (!error.empty()) r.headers.add("X-Amz-Function-Error", error);
  if (log_type == "Tail") {
    // The last 4 KB of the log, base64-encoded.
    const std::string tail = log.size() > 4096 ? log.substr(log.size() - 4096) : log;
    r.headers.add("X-Amz-Log-Result", base64_encode(tail));
  }
  return r;
}

std::string LambdaService::invoke_internal(std::string_view region, std::string_view function_arn,
                                           const std::string& payload) {
  const std::string prefix = "arn:aws:lambda:" + std::string(region) + ":" +
                             core_.options.account_id + ":function:";
  if (!function_arn.starts_with(prefix)) return "the function is not in this region and account";
  std::string name(function_arn.substr(prefix.size()));
  if (auto q = name.find(':'); q != std::string::npos) name.resize(q);
  auto r = regions_.find(region);
  if (r == regions_.end() || !r->second.contains(name)) return "Function not found";
  Function& f = r->second.find(name)->second;
  if (f.state != "Active") return "The function is currently in the following state: " + f.state;
  lambda::Invocation inv;
  inv.request_id = core_.ids.uuid();
  inv.version = "$LATEST";
  inv.invocation_type = "Event";
  inv.payload = payload;
  inv.at = core_.clock.now();
  std::string log;
  auto [response, error] = run(region, f, payload, log);
  inv.response = response;
  inv.function_error = error;
  f.invocations.push_back(std::move(inv));
  return "";
}

// ---------------------------------------------------------------- tags

HttpResponse LambdaService::list_tags(Call& call, const std::string& arn) {
  const Function& f = by_arn(call, arn);
  return json_response(call, {{"Tags", f.tags}});
}

HttpResponse LambdaService::tag_resource(Call& call, const std::string& arn) {
  Function& f = by_arn(call, arn);
  json body = call.body().empty() ? json::object() : json::parse(call.body());
  auto tags = body.find("Tags");
  if (tags == body.end() || !tags->is_object()) constraint("null", "tags", "Member must not be null");
  for (const auto& [k, v] : tags->items()) f.tags[k] = v.get<std::string>();
  return raw_response(call, 204, "");
}

HttpResponse LambdaService::untag_resource(Call& call, const std::string& arn) {
  Function& f = by_arn(call, arn);
  bool any = false;
  for (const auto& [k, v] : parse_form(call.http->query)) {
    if (k != "tagKeys") continue;
    any = true;
    f.tags.erase(v);
  }
  if (!any) constraint("null", "tagKeys", "Member must not be null");
  return raw_response(call, 204, "");
}

// ---------------------------------------------------------------- state

void LambdaService::reset() {
  cancel_tasks();
  regions_.clear();
}

void LambdaService::save(json& out) const {
  json regions = json::object();
  for (const auto& [region, functions] : regions_) {
    json list = json::array();
    for (const auto& [name, f] : functions) {
      json invocations = json::array();
      for (const auto& i : f.invocations) {
        invocations.push_back({{"request_id", i.request_id},
                               {"version", i.version},
                               {"type", i.invocation_type},
                               {"payload", i.payload},
                               {"response", i.response},
                               {"function_error", i.function_error},
                               {"at_ns", to_ns(i.at)}});
      }
      list.push_back({{"name", f.name},
                      {"arn", f.arn},
                      {"runtime", f.runtime},
                      {"role", f.role},
                      {"handler", f.handler},
                      {"description", f.description},
                      {"package_type", f.package_type},
                      {"image_uri", f.image_uri},
                      {"timeout", f.timeout},
                      {"memory", f.memory},
                      {"ephemeral_storage", f.ephemeral_storage},
                      {"has_environment", f.has_environment},
                      {"environment", f.environment},
                      {"architectures", f.architectures},
                      {"code_sha256", f.code_sha256},
                      {"code_size", f.code_size},
                      {"code_location", f.code_location},
                      {"tags", f.tags},
                      {"extra", f.extra},
                      {"state", f.state},
                      {"revision_id", f.revision_id},
                      {"last_modified_ns", to_ns(f.last_modified)},
                      {"versions", f.versions},
                      {"last_version", f.last_version},
                      {"due_ns", to_ns(f.due)},
                      {"invocations", std::move(invocations)}});
    }
    regions[region] = std::move(list);
  }
  out["regions"] = std::move(regions);
}

void LambdaService::load(const json& in) {
  reset();
  auto bad = [](const std::string& why) { fail(400, "InvalidState", "lambda: " + why); };
  if (!in.is_object()) bad("expected an object");
  try {
    // Named, so the document outlives the loop over its items.
    const json regions = in.value("regions", json::object());
    for (const auto& [region, list] : regions.items()) {
      for (const json& fj : list) {
        Function f;
        f.name = fj.at("name").get<std::string>();
        f.arn = fj.at("arn").get<std::string>();
        f.runtime = fj.value("runtime", "");
        f.role = fj.at("role").get<std::string>();
        f.handler = fj.value("handler", "");
        f.description = fj.value("description", "");
        f.package_type = fj.value("package_type", "Zip");
        f.image_uri = fj.value("image_uri", "");
        f.timeout = fj.value("timeout", 3);
        f.memory = fj.value("memory", 128);
        f.ephemeral_storage = fj.value("ephemeral_storage", 512);
        f.has_environment = fj.value("has_environment", false);
        f.environment = fj.value("environment", std::map<std::string, std::string>{});
        f.architectures = fj.value("architectures", std::vector<std::string>{"x86_64"});
        f.code_sha256 = fj.value("code_sha256", "");
        f.code_size = fj.value("code_size", std::int64_t{0});
        f.code_location = fj.value("code_location", "");
        f.tags = fj.value("tags", std::map<std::string, std::string>{});
        f.extra = fj.value("extra", json::object());
        f.state = fj.value("state", "Active");
        f.revision_id = fj.at("revision_id").get<std::string>();
        f.last_modified = from_ns(fj.value("last_modified_ns", 0LL));
        f.versions = fj.value("versions", std::set<int>{});
        f.last_version = fj.value("last_version", 0);
        f.due = from_ns(fj.value("due_ns", 0LL));
        for (const json& ij : fj.value("invocations", json::array())) {
          lambda::Invocation i;
          i.request_id = ij.value("request_id", "");
          i.version = ij.value("version", "$LATEST");
          i.invocation_type = ij.value("type", "RequestResponse");
          i.payload = ij.value("payload", "");
          i.response = ij.value("response", "");
          i.function_error = ij.value("function_error", "");
          i.at = from_ns(ij.value("at_ns", 0LL));
          f.invocations.push_back(std::move(i));
        }
        std::string name = f.name;
        Function& stored = regions_[region].emplace(std::move(name), std::move(f)).first->second;
        // A function still Pending in the file turns Active at its original due time.
        if (stored.state == "Pending") schedule_activation(region, stored);
      }
    }
  } catch (const json::exception& e) {
    bad(e.what());
  }
}

std::unique_ptr<Service> make_lambda_service(FakeCloud::Core& core) {
  return std::make_unique<LambdaService>(core);
}

}  // namespace drh::fake
