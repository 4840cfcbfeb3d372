// The model-light codec behind `drh call <service> <Operation> [json-params]`: any
// operation of any service drharness knows, with parameters and results as JSON.
//
// Requests (build_generic_request), by protocol:
//
//   query, ec2   POST / with Action=<Operation>, Version=<api version> and the params
//                flattened into form fields, keys being the WIRE names:
//                  {"DBClusterIdentifier": "orders"}     DBClusterIdentifier=orders
//                  {"Enabled": true}                     Enabled=true
//                  {"Tags": [{"Key": "a"}]}  query:      Tags.member.1.Key=a
//                                            ec2:        Tags.1.Key=a
//                  {"Config": {"Mode": "x"}}             Config.Mode=x
//                  {"Names": []}             query:      Names=   (ec2: nothing)
//                A key that already contains a dot is used verbatim, so wire-level
//                names work where the service's list members are not "member" (RDS
//                Filters.Filter.N, EC2 Filter.N.Value.N) or for maps (Name.entry.N.key):
//                  {"Filter.1.Name": "vpc-id", "Filter.1.Value.1": "vpc-0abc"}
//                A "Version" key overrides the service's API version; null values are
//                skipped.
//   json         POST / with X-Amz-Target: <prefix>.<Operation>; the body is params.
//   rest-xml,    method, URI, query, headers and body placed per operation from the
//   rest-json    botocore model of Route 53, S3 and Lambda (member names as in boto3:
//                {"HostedZoneId": "Z123", "ChangeBatch": {...}}). Unknown members are an
//                error naming the accepted ones. Structured rest-xml bodies are written
//                from the model's XML shapes (list item names such as <Change>,
//                namespaces, attributes); a "__body" string param replaces the body
//                with raw text for anything the model does not cover. Blob payloads
//                (S3 PutObject "Body", Lambda Invoke "Payload") are sent as the raw
//                string; blobs inside a body are base64 text, as on the wire. Route 53 ids may
//                carry their "/hostedzone/" or "/change/" prefix. For S3 the bucket is in the path
//                ("/{Bucket}/{Key}", path-style); the connection may move it to the host.
//   The request's host and scheme are left empty for the connection to fill in.
//
// Responses (decode_generic_response) of 2xx answers, as JSON objects:
//   - XML without a model: an element with child elements becomes an object, a leaf its
//     text (always a string); repeated siblings and list wrappers become arrays:
//     children named member/item, wrappers named like their items (<Buckets><Bucket>,
//     <TagSet><Tag>, <AvailabilityZones><AvailabilityZone>), and the lists the Route 53
//     and S3 models declare. A one-item list whose names follow none of these
//     patterns stays an object: {"AssociatedRoles": {"DBClusterRole": {...}}}.
//     Attributes other than xmlns are kept as string members of their element.
//   - query: <OpResponse><OpResult> is unwrapped; ec2: <OpResponse> is unwrapped.
//   - rest-xml: the root element is unwrapped (kept under the model's payload member
//     name when the output has one: {"ReplicationConfiguration": {...}}); a leaf root
//     gives {"<Root>": "text"} (S3 GetBucketLocation).
//   - json, rest-json: the body as is.
//   - every result gets "ResponseMetadata": {"RequestId", "HTTPStatusCode"}; rest
//     protocols add "Headers" with the response headers that matter (ETag,
//     x-amz-version-id, x-amz-replication-status, Content-Length, Content-Type,
//     x-amz-function-error, x-amz-meta-*, ...).
//   - blob outputs (S3 GetObject, Lambda Invoke): "Body" with the payload (text when it
//     is valid UTF-8, else base64 with "BodyEncoding": "base64") and "ContentLength".
//   Non-2xx responses give the decode_error_response() error; malformed bodies kDecode
//   naming the first parse error and its byte offset.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "drh/core/endpoints.h"
#include "drh/core/http.h"
#include "drh/core/result.h"

namespace drh {

/// The request for `operation` of `service` with `params` (a JSON object, or null for
/// none). kInvalidInput for params that cannot be placed (not an object, unknown
/// member, missing URI label or required member, wrong JSON type for a location) or an
/// operation the rest model does not know.
Result<HttpRequest> build_generic_request(const ServiceInfo& service, std::string_view operation,
                                          const nlohmann::json& params);

/// The response of `operation` as JSON (see above).
Result<nlohmann::json> decode_generic_response(const ServiceInfo& service,
                                               std::string_view operation,
                                               const HttpResponse& response);

/// XML text to JSON by the model-free rules above, the document element unwrapped into
/// an object. Exposed for tools and tests; kDecode on malformed XML.
Result<nlohmann::json> xml_to_json(std::string_view xml);

}  // namespace drh
