#include <set>
#include <utility>

#include "drh/aws/s3.h"
#include "s3_codec.h"
#include "s3_route53_paging.h"
#include "service_call.h"

namespace drh::aws {

// ------------------------------------------------------------------ client

Result<HttpResponse> S3Client::send(std::string_view region, std::string_view bucket,
                                    Result<HttpRequest> request) {
  if (!request) return request.error();
  return send_request(connection_, "s3", region, std::move(*request), bucket);
}

// encode -> send (with the bucket, for addressing) -> decode: the whole of every S3 call.
#define DRH_S3_OPERATION(Op, bucket_of)                                                  \
  Result<Op##Result> S3Client::Op(std::string_view region, const Op##Request& request) { \
    auto response = send(region, bucket_of, encode_##Op(request));                       \
    if (!response) return response.error();                                              \
    return decode_##Op(*response);                                                       \
  }

DRH_S3_OPERATION(ListBuckets, std::string_view())
DRH_S3_OPERATION(DeleteBucket, request.Bucket)
DRH_S3_OPERATION(HeadBucket, request.Bucket)
DRH_S3_OPERATION(GetBucketLocation, request.Bucket)
DRH_S3_OPERATION(PutBucketVersioning, request.Bucket)
DRH_S3_OPERATION(GetBucketVersioning, request.Bucket)
DRH_S3_OPERATION(PutBucketReplication, request.Bucket)
DRH_S3_OPERATION(GetBucketReplication, request.Bucket)
DRH_S3_OPERATION(GetBucketEncryption, request.Bucket)
DRH_S3_OPERATION(PutObject, request.Bucket)
DRH_S3_OPERATION(GetObject, request.Bucket)
DRH_S3_OPERATION(HeadObject, request.Bucket)
DRH_S3_OPERATION(DeleteObject, request.Bucket)
DRH_S3_OPERATION(ListObjectsV2, request.Bucket)
DRH_S3_OPERATION(ListObjectVersions, request.Bucket)

#undef DRH_S3_OPERATION

Result<CreateBucketResult> S3Client::CreateBucket(std::string_view region,
                                                  const CreateBucketRequest& request) {
  auto response = send(region, request.Bucket, encode_CreateBucket(region, request));
  if (!response) return response.error();
  return decode_CreateBucket(*response);
}

// ------------------------------------------------------------------ all pages

using paging::append;
using paging::missing_token;
using paging::repeated_token;

Result<std::vector<Bucket>> S3Api::ListBucketsAll(std::string_view region,
                                                  const ListBucketsRequest& request) {
  ListBucketsRequest page = request;
  std::vector<Bucket> out;
  std::set<std::string> seen;
  for (;;) {
    auto r = ListBuckets(region, page);
    if (!r) return r.error();
    append(out, std::move(r->Buckets));
    // ListBuckets has no IsTruncated: a continuation token alone means more pages.
    if (r->ContinuationToken.empty()) return out;
    if (!seen.insert(r->ContinuationToken).second) {
      return repeated_token("ListBuckets", r->ContinuationToken);
    }
    page.ContinuationToken = r->ContinuationToken;
  }
}

Result<std::vector<Object>> S3Api::ListObjectsV2All(std::string_view region,
                                                    const ListObjectsV2Request& request) {
  ListObjectsV2Request page = request;
  std::vector<Object> out;
  std::set<std::string> seen;
  for (;;) {
    auto r = ListObjectsV2(region, page);
    if (!r) return r.error();
    append(out, std::move(r->Contents));
    if (!r->IsTruncated) return out;
    if (r->NextContinuationToken.empty()) {
      return missing_token("ListObjectsV2", "NextContinuationToken");
    }
    if (!seen.insert(r->NextContinuationToken).second) {
      return repeated_token("ListObjectsV2", r->NextContinuationToken);
    }
    page.ContinuationToken = r->NextContinuationToken;
  }
}

Result<ListObjectVersionsResult> S3Api::ListObjectVersionsAll(
    std::string_view region, const ListObjectVersionsRequest& request) {
  ListObjectVersionsRequest page = request;
  std::optional<ListObjectVersionsResult> all;
  std::set<std::pair<std::string, std::string>> seen;
  for (;;) {
    auto r = ListObjectVersions(region, page);
    if (!r) return r.error();
    if (!all) {
      all = std::move(*r);
    } else {
      append(all->Versions, std::move(r->Versions));
      append(all->DeleteMarkers, std::move(r->DeleteMarkers));
      append(all->CommonPrefixes, std::move(r->CommonPrefixes));
      all->IsTruncated = r->IsTruncated;
      all->NextKeyMarker = r->NextKeyMarker;
      all->NextVersionIdMarker = r->NextVersionIdMarker;
    }
    if (!all->IsTruncated) {
      all->NextKeyMarker.clear();
      all->NextVersionIdMarker.clear();
      return std::move(*all);
    }
    if (all->NextKeyMarker.empty()) return missing_token("ListObjectVersions", "NextKeyMarker");
    if (!seen.emplace(all->NextKeyMarker, all->NextVersionIdMarker).second) {
      return repeated_token("ListObjectVersions",
                            all->NextKeyMarker + " " + all->NextVersionIdMarker);
    }
    page.KeyMarker = all->NextKeyMarker;
    page.VersionIdMarker = all->NextVersionIdMarker;
  }
}

}  // namespace drh::aws
