// Which URL and which signing scope a call to (service, region) uses.
//
// Standard AWS endpoints for the services drharness speaks, global services included
// (Route 53 lives at route53.amazonaws.com and signs as us-east-1), with the SDK override
// convention: an explicit endpoint beats AWS_ENDPOINT_URL_<SERVICE>, which beats
// AWS_ENDPOINT_URL.
#pragma once

#include <string>
#include <string_view>

#include "drh/core/result.h"

namespace drh {

/// Static facts about one AWS service as drharness calls it.
struct ServiceInfo {
  std::string_view id;               ///< drharness/CLI name: "ec2", "rds", "route53", ...
  std::string_view endpoint_prefix;  ///< host prefix: "monitoring" for CloudWatch
  std::string_view signing_name;     ///< SigV4 service name
  std::string_view protocol;         ///< "query", "ec2", "rest-xml", "json", "rest-json"
  std::string_view api_version;      ///< e.g. "2014-10-31"
  std::string_view json_version;     ///< "1.0" / "1.1" for json protocols
  std::string_view target_prefix;    ///< X-Amz-Target prefix for json protocols
  std::string_view env_suffix;       ///< AWS_ENDPOINT_URL_<env_suffix>
  bool global = false;               ///< one endpoint for every region
  std::string_view global_region;    ///< region a global service signs with
};

/// The services known to drharness; ids accept common aliases ("cloudwatch",
/// "monitoring", "dynamodb", ...). Fails with kInvalidInput listing the known ids.
Result<const ServiceInfo*> find_service(std::string_view id);

/// Every known service, for help text.
std::string known_service_ids();

struct Endpoint {
  std::string url;             ///< scheme://host[:port][/base-path], no trailing slash
  std::string signing_region;  ///< region for the credential scope
  bool overridden = false;     ///< came from an option or AWS_ENDPOINT_URL*
  std::string source;          ///< "default", "--endpoint-url", "AWS_ENDPOINT_URL_S3", ...
};

struct EndpointOptions {
  std::string explicit_url;  ///< from --endpoint-url or code; wins over the environment
  bool use_env = true;       ///< read AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>
};

/// Endpoint for `service` in `region`. Fails (kInvalidInput) on an empty region for a
/// regional service, or on an override URL that is not http(s)://host[:port].
Result<Endpoint> resolve_endpoint(const ServiceInfo& service, std::string_view region,
                                  const EndpointOptions& options = {});

/// The region to use: `explicit_region` if set, else AWS_REGION, AWS_DEFAULT_REGION, the
/// profile's `region` in the config file. Fails naming every place looked.
Result<std::string> resolve_region(std::string_view explicit_region, std::string_view profile = "");

/// S3 addressing: virtual-hosted (bucket.s3.region.amazonaws.com) on AWS, path-style
/// (endpoint/bucket) for overrides, IP hosts and bucket names that are not DNS-safe.
struct S3Address {
  std::string host;
  std::string path_prefix;  ///< "" for virtual-hosted, "/bucket" for path-style
};
S3Address s3_address(const Endpoint& endpoint, std::string_view bucket,
                     bool force_path_style = false);

}  // namespace drh
