#include "drh/core/endpoints.h"

#include <pwd.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <vector>

#include "drh/core/encoding.h"
#include "drh/core/http.h"

namespace drh {
namespace {

// Metadata of each service, taken from botocore's service models
// (data/<service>/<version>/service-2.json.gz, "metadata"). Where the model has no
// signingName, the SDKs sign with the endpointPrefix. env_suffix is the model's serviceId,
// upper-cased with spaces turned into underscores (the AWS_ENDPOINT_URL_<SERVICE> rule).
//
// CloudWatch's model lists protocols ["smithy-rpc-v2-cbor", "json", "query"] (legacy
// "protocol": "smithy-rpc-v2-cbor"); boto3 1.43 picks the first one it supports in its own
// priority order, which is "json" (awsJson1_0, target prefix GraniteServiceVersion20100801).
// We speak the same; real AWS also still accepts the older Query protocol.
constexpr std::array<ServiceInfo, 9> kServices = {{
    {"sts", "sts", "sts", "query", "2011-06-15", "", "", "STS", false, ""},
    {"ec2", "ec2", "ec2", "ec2", "2016-11-15", "", "", "EC2", false, ""},
    {"rds", "rds", "rds", "query", "2014-10-31", "", "", "RDS", false, ""},
    {"route53", "route53", "route53", "rest-xml", "2013-04-01", "", "", "ROUTE_53", true,
     "us-east-1"},
    {"dynamodb", "dynamodb", "dynamodb", "json", "2012-08-10", "1.0", "DynamoDB_20120810",
     "DYNAMODB", false, ""},
    {"s3", "s3", "s3", "rest-xml", "2006-03-01", "", "", "S3", false, ""},
    {"cloudwatch", "monitoring", "monitoring", "json", "2010-08-01", "1.0",
     "GraniteServiceVersion20100801", "CLOUDWATCH", false, ""},
    {"sns", "sns", "sns", "query", "2010-03-31", "", "", "SNS", false, ""},
    {"lambda", "lambda", "lambda", "rest-json", "2015-03-31", "", "", "LAMBDA", false, ""},
}};

// Extra names accepted by find_service, already normalised (see normalise_id).
struct Alias {
  std::string_view name;
  std::string_view id;
};
constexpr std::array<Alias, 5> kAliases = {{
    {"monitoring", "cloudwatch"},
    {"cw", "cloudwatch"},
    {"dynamo", "dynamodb"},
    {"r53", "route53"},
    {"awslambda", "lambda"},
}};

// Lower-case, without spaces, '-' and '_': "Route 53", "route-53" and "ROUTE_53" all
// become "route53".
std::string normalise_id(std::string_view id) {
  std::string out;
  for (char c : trim(id)) {
    if (c == ' ' || c == '-' || c == '_') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// One AWS partition: which regions it holds, its DNS suffix and where its global
// Route 53 endpoint lives (botocore data/endpoints.json).
struct Partition {
  std::string_view name;
  std::string_view region_prefix;  // "" matches everything (the aws partition)
  std::string_view dns_suffix;
  std::string_view route53_host;  // "" when the partition has no global Route 53 endpoint
  std::string_view route53_region;
};

// Most specific prefixes first: "us-gov-" and "us-iso*-" before the aws catch-all.
constexpr std::array<Partition, 8> kPartitions = {{
    {"aws-cn", "cn-", "amazonaws.com.cn", "route53.amazonaws.com.cn", "cn-northwest-1"},
    {"aws-us-gov", "us-gov-", "amazonaws.com", "route53.us-gov.amazonaws.com", "us-gov-west-1"},
    {"aws-iso", "us-iso-", "c2s.ic.gov", "route53.c2s.ic.gov", "us-iso-east-1"},
    {"aws-iso-b", "us-isob-", "sc2s.sgov.gov", "route53.sc2s.sgov.gov", "us-isob-east-1"},
    {"aws-iso-e", "eu-isoe-", "cloud.adc-e.uk", "route53.cloud.adc-e.uk", "eu-isoe-west-1"},
    {"aws-iso-f", "us-isof-", "csp.hci.ic.gov", "route53.csp.hci.ic.gov", "us-isof-south-1"},
    {"aws-eusc", "eusc-", "amazonaws.eu", "", ""},
    {"aws", "", "amazonaws.com", "route53.amazonaws.com", "us-east-1"},
}};

const Partition& partition_for(std::string_view region) {
  for (const Partition& p : kPartitions) {
    if (region.starts_with(p.region_prefix)) return p;
  }
  return kPartitions.back();
}

bool valid_region(std::string_view region) {
  if (region.empty() || region.size() > 64) return false;
  if (region.front() == '-' || region.back() == '-') return false;
  for (char c : region) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string getenv_str(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(trim(v));
}

std::string home_dir() {
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') return home;
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_dir != nullptr) {
    return pw->pw_dir;
  }
  return {};
}

std::string expand_home(std::string path) {
  if (path == "~" || path.starts_with("~/")) path = home_dir() + path.substr(1);
  return path;
}

// Validates an override URL and puts it in the Endpoint form: scheme://host[:port][/base],
// no trailing slash, no query.
Result<std::string> normalise_override(std::string_view url, std::string_view source) {
  auto parsed = parse_url(trim(url));
  if (!parsed.ok()) {
    Error e = parsed.error();
    e.message = std::string(source) + ": " + e.message;
    return e;
  }
  if (!parsed->query.empty() || parsed->path.find('#') != std::string::npos) {
    return invalid_input(std::string(source) + ": endpoint URL '" + std::string(trim(url)) +
                         "' must not have a query string or fragment; expected "
                         "http(s)://host[:port][/base-path]");
  }
  std::string path = parsed->path;
  while (!path.empty() && path.back() == '/') path.pop_back();
  return parsed->scheme + "://" + parsed->host + path;
}

struct ProfileRegion {
  std::string path;
  std::string profile;
  std::string region;
  std::string why_not;  // when region is empty: what was missing
};

// Reads `region` from the profile's section of the config file. Deliberately tolerant
// (lines it cannot make sense of are skipped): the credentials provider parses these
// files strictly and reports malformed lines; here we only want one key.
ProfileRegion profile_region(std::string_view profile_arg) {
  ProfileRegion out;
  out.profile = std::string(trim(profile_arg));
  if (out.profile.empty()) out.profile = getenv_str("AWS_PROFILE");
  if (out.profile.empty()) out.profile = "default";
  out.path = getenv_str("AWS_CONFIG_FILE");
  out.path = out.path.empty() ? home_dir() + "/.aws/config" : expand_home(out.path);

  std::ifstream in(out.path);
  if (!in) {
    out.why_not = "file not found";
    return out;
  }
  bool in_section = false;
  bool section_found = false;
  std::string line;
  while (std::getline(in, line)) {
    std::string_view t = trim(line);
    if (t.empty() || t.front() == '#' || t.front() == ';') continue;
    if (t.front() == '[') {
      auto close = t.find(']');
      std::string_view name =
          trim(t.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
      bool is_default = out.profile == "default";
      in_section = false;
      if (name.starts_with("profile ") || name.starts_with("profile\t")) {
        in_section = trim(name.substr(8)) == out.profile;
      } else if (is_default && name == "default") {
        in_section = true;
      }
      section_found = section_found || in_section;
      continue;
    }
    if (!in_section || line.front() == ' ' || line.front() == '\t') continue;  // nested
    auto eq = t.find_first_of("=:");
    if (eq == std::string_view::npos) continue;
    if (to_lower(trim(t.substr(0, eq))) != "region") continue;
    std::string_view value = trim(t.substr(eq + 1));
    // A comment after whitespace ends the value ("region = us-east-1  # primary").
    for (std::size_t i = 1; i < value.size(); ++i) {
      if ((value[i] == '#' || value[i] == ';') && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
        value = trim(value.substr(0, i));
        break;
      }
    }
    if (!value.empty()) out.region = std::string(value);
  }
  if (out.region.empty()) out.why_not = section_found ? "no region key" : "profile not found";
  return out;
}

bool is_ip_or_local_host(std::string_view hostname) {
  if (hostname.empty() || hostname.front() == '[' || hostname == "localhost") return true;
  for (char c : hostname) {
    if (!((c >= '0' && c <= '9') || c == '.')) return false;
  }
  return true;  // dotted digits: an IPv4 address
}

// Virtual-hosted addressing needs a name that is one valid DNS label: 3-63 characters of
// lower-case letters, digits and '-', starting and ending with a letter or digit. Names
// with dots would break the TLS wildcard certificate, so they go path-style.
bool dns_compatible_bucket(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(bucket.front()) || !alnum(bucket.back())) return false;
  for (char c : bucket) {
    if (!alnum(c) && c != '-') return false;
  }
  return true;
}

}  // namespace

Result<const ServiceInfo*> find_service(std::string_view id) {
  std::string key = normalise_id(id);
  for (const Alias& a : kAliases) {
    if (key == a.name) {
      key = std::string(a.id);
      break;
    }
  }
  for (const ServiceInfo& s : kServices) {
    if (key == s.id || key == normalise_id(s.env_suffix)) return &s;
  }
  return make_error(
      ErrorKind::kInvalidInput, "UnknownService",
      "unknown service '" + std::string(id) + "'; known services: " + known_service_ids());
}

std::string known_service_ids() {
  std::string out;
  for (const ServiceInfo& s : kServices) {
    if (!out.empty()) out += ", ";
    out += s.id;
  }
  return out;
}

namespace {

Result<Endpoint> resolve_uncached(const ServiceInfo& service, std::string_view region_in,
                                  const EndpointOptions& options);

// Endpoints resolved without the environment, by (service, region, explicit URL): every
// call of a client resolves one, and against the fake or an emulator that answers in
// microseconds the string work of resolving showed in the per-call cost. Answers that may
// read AWS_ENDPOINT_URL* are never kept (a test may set them between calls), nor errors.
// Small and bounded: a process talks to a handful of (service, region) pairs.
class EndpointCache {
 public:
  std::optional<Endpoint> find(std::string_view service, std::string_view region,
                               std::string_view url) {
    std::lock_guard lock(mutex_);
    for (const Entry& e : entries_) {
      if (e.service == service && e.region == region && e.url == url) return e.endpoint;
    }
    return std::nullopt;
  }
  void add(std::string_view service, std::string_view region, std::string_view url,
           const Endpoint& endpoint) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries) entries_.erase(entries_.begin());
    entries_.push_back(
        Entry{std::string(service), std::string(region), std::string(url), endpoint});
  }

 private:
  static constexpr std::size_t kMaxEntries = 64;
  struct Entry {
    std::string service;
    std::string region;
    std::string url;
    Endpoint endpoint;
  };
  std::mutex mutex_;
  std::vector<Entry> entries_;
};

EndpointCache& endpoint_cache() {
  static EndpointCache cache;
  return cache;
}

}  // namespace

Result<Endpoint> resolve_endpoint(const ServiceInfo& service, std::string_view region,
                                  const EndpointOptions& options) {
  // An explicit URL wins over the environment, and without use_env it is not read.
  const bool cacheable = !options.use_env || !trim(options.explicit_url).empty();
  if (!cacheable) return resolve_uncached(service, region, options);
  if (auto hit = endpoint_cache().find(service.id, region, options.explicit_url)) {
    return *std::move(hit);
  }
  auto resolved = resolve_uncached(service, region, options);
  if (resolved.ok()) endpoint_cache().add(service.id, region, options.explicit_url, *resolved);
  return resolved;
}

namespace {

Result<Endpoint> resolve_uncached(const ServiceInfo& service, std::string_view region_in,
                                  const EndpointOptions& options) {
  std::string_view region = trim(region_in);
  if (!region.empty() && !valid_region(region)) {
    return make_error(ErrorKind::kInvalidInput, "InvalidRegion",
                      "invalid region '" + std::string(region) + "' for " +
                          std::string(service.id) +
                          ": expected lower-case letters, digits and '-', e.g. us-east-1");
  }
  if (region.empty() && !service.global) {
    return make_error(ErrorKind::kInvalidInput, "MissingRegion",
                      "no region given for " + std::string(service.id) +
                          "; it is a regional service (set --region, AWS_REGION or the "
                          "profile's region)");
  }

  const Partition& partition = partition_for(region);
  Endpoint ep;
  if (service.global) {
    // Only Route 53 is global among the services we speak; its host is per partition. In
    // a partition without a known global endpoint, an override signs with the region asked
    // for, and no override is an error below.
    if (region.empty()) {
      ep.signing_region = std::string(service.global_region);
    } else if (partition.route53_host.empty()) {
      ep.signing_region = std::string(region);
    } else {
      ep.signing_region = std::string(partition.route53_region);
    }
  } else {
    ep.signing_region = std::string(region);
  }

  // Overrides: explicit option, then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL.
  std::string override_url;
  std::string source;
  if (!trim(options.explicit_url).empty()) {
    override_url = options.explicit_url;
    source = "--endpoint-url";
  } else if (options.use_env) {
    std::string var = "AWS_ENDPOINT_URL_" + std::string(service.env_suffix);
    if (std::string v = getenv_str(var.c_str()); !v.empty()) {
      override_url = v;
      source = var;
    } else if (std::string g = getenv_str("AWS_ENDPOINT_URL"); !g.empty()) {
      override_url = g;
      source = "AWS_ENDPOINT_URL";
    }
  }
  if (!source.empty()) {
    auto url = normalise_override(override_url, source);
    if (!url.ok()) return std::move(url).error();
    ep.url = std::move(url).value();
    ep.overridden = true;
    ep.source = std::move(source);
    return ep;
  }

  if (service.global && !region.empty() && partition.route53_host.empty()) {
    return make_error(ErrorKind::kInvalidInput, "UnknownEndpoint",
                      std::string(service.id) + " has no known global endpoint in partition " +
                          std::string(partition.name) + " (region " + std::string(region) +
                          "); pass an explicit endpoint URL");
  }
  if (service.global) {
    ep.url = "https://" +
             std::string(region.empty() ? kPartitions.back().route53_host : partition.route53_host);
  } else {
    ep.url = "https://" + std::string(service.endpoint_prefix) + "." + std::string(region) + "." +
             std::string(partition.dns_suffix);
  }
  ep.source = "default";
  return ep;
}

}  // namespace

Result<std::string> resolve_region(std::string_view explicit_region, std::string_view profile) {
  if (std::string_view r = trim(explicit_region); !r.empty()) return std::string(r);
  if (std::string r = getenv_str("AWS_REGION"); !r.empty()) return r;
  if (std::string r = getenv_str("AWS_DEFAULT_REGION"); !r.empty()) return r;
  ProfileRegion pr = profile_region(profile);
  if (!pr.region.empty()) return pr.region;
  return make_error(ErrorKind::kInvalidInput, "MissingRegion",
                    "no AWS region set; looked at: the --region option, AWS_REGION, "
                    "AWS_DEFAULT_REGION, 'region' of profile '" +
                        pr.profile + "' in " + pr.path + " (" + pr.why_not + ")");
}

S3Address s3_address(const Endpoint& endpoint, std::string_view bucket, bool force_path_style) {
  S3Address out;
  std::string_view url = endpoint.url;
  auto sep = url.find("://");
  std::string_view rest = sep == std::string_view::npos ? url : url.substr(sep + 3);
  out.host = std::string(rest.substr(0, rest.find('/')));
  if (bucket.empty()) return out;

  HttpRequest probe;
  probe.host = out.host;
  bool virtual_hosted = !force_path_style && !endpoint.overridden &&
                        dns_compatible_bucket(bucket) && !is_ip_or_local_host(probe.hostname());
  if (virtual_hosted) {
    out.host = std::string(bucket) + "." + out.host;
  } else {
    out.path_prefix = "/" + uri_encode(bucket);
  }
  return out;
}

}  // namespace drh
