// botocore's S3 waiters (waiters-2.json): status matchers on HeadBucket and HeadObject.
#include "drh/aws/s3.h"

namespace drh::aws {
namespace {

enum class Wanted { kExists, kNotExists };

// One acceptor table for all four waiters. `ok` is a 2xx answer; otherwise `error` holds
// the HTTP status S3 answered with. An error no acceptor matches ends the wait with that
// error, as in botocore.
Result<WaitObservation> classify(Wanted wanted, bool bucket_level, const std::string& what,
                                 const Error* error) {
  if (error == nullptr) {
    return WaitObservation{wanted == Wanted::kExists ? WaitState::kDone : WaitState::kPending,
                           what + " exists (HTTP 200)"};
  }
  const int status = error->http_status;
  if (status == 404) {
    return WaitObservation{wanted == Wanted::kNotExists ? WaitState::kDone : WaitState::kPending,
                           what + " not found (HTTP 404 " + error->code + ")"};
  }
  // BucketExists also accepts 301 (another region) and 403 (another owner): the bucket is
  // there even though this caller cannot see into it.
  if (wanted == Wanted::kExists && bucket_level && (status == 301 || status == 403)) {
    return WaitObservation{WaitState::kDone, what + " exists (HTTP " + std::to_string(status) +
                                                 " " + error->code + ")"};
  }
  return *error;
}

Status wait_bucket(Wanted wanted, S3Api& api, Clock& clock, std::string_view region,
                   std::string_view bucket, const WaitOptions& options) {
  const std::string what = "bucket " + std::string(bucket);
  const std::string goal = wanted == Wanted::kExists ? " to exist" : " to be deleted";
  return wait_for(clock, what + goal + " in " + std::string(region), options,
                  [&]() -> Result<WaitObservation> {
                    auto r = api.HeadBucket(region, HeadBucketRequest{std::string(bucket)});
                    return classify(wanted, true, what, r ? nullptr : &r.error());
                  });
}

Status wait_object(Wanted wanted, S3Api& api, Clock& clock, std::string_view region,
                   const HeadObjectRequest& request, const WaitOptions& options) {
  std::string what = "object s3://" + request.Bucket + "/" + request.Key;
  if (!request.VersionId.empty()) what += " version " + request.VersionId;
  const std::string goal = wanted == Wanted::kExists ? " to exist" : " to be deleted";
  return wait_for(clock, what + goal + " in " + std::string(region), options,
                  [&]() -> Result<WaitObservation> {
                    auto r = api.HeadObject(region, request);
                    return classify(wanted, false, what, r ? nullptr : &r.error());
                  });
}

}  // namespace

Status WaitUntilBucketExists(S3Api& api, Clock& clock, std::string_view region,
                             std::string_view bucket, WaitOptions options) {
  return wait_bucket(Wanted::kExists, api, clock, region, bucket, options);
}

Status WaitUntilBucketNotExists(S3Api& api, Clock& clock, std::string_view region,
                                std::string_view bucket, WaitOptions options) {
  return wait_bucket(Wanted::kNotExists, api, clock, region, bucket, options);
}

Status WaitUntilObjectExists(S3Api& api, Clock& clock, std::string_view region,
                             const HeadObjectRequest& request, WaitOptions options) {
  return wait_object(Wanted::kExists, api, clock, region, request, options);
}

Status WaitUntilObjectNotExists(S3Api& api, Clock& clock, std::string_view region,
                                const HeadObjectRequest& request, WaitOptions options) {
  return wait_object(Wanted::kNotExists, api, clock, region, request, options);
}

}  // namespace drh::aws
