// S3 wire codec: each operation's HTTP request from its request struct, and its result
// struct from a 2xx response. Requests are built path-style ("/bucket/key"); the
// connection moves the bucket into the host name when it addresses virtual-hosted.
// S3Client is a thin loop over these; tests and `drh call --typed` use them directly.
#pragma once

#include <string_view>

#include "drh/aws/s3.h"
#include "drh/core/http.h"
#include "drh/core/result.h"

namespace drh::aws {

Result<HttpRequest> encode_ListBuckets(const ListBucketsRequest& request);
/// `region` supplies the LocationConstraint when the request carries no configuration.
Result<HttpRequest> encode_CreateBucket(std::string_view region,
                                        const CreateBucketRequest& request);
Result<HttpRequest> encode_DeleteBucket(const DeleteBucketRequest& request);
Result<HttpRequest> encode_HeadBucket(const HeadBucketRequest& request);
Result<HttpRequest> encode_GetBucketLocation(const GetBucketLocationRequest& request);
Result<HttpRequest> encode_PutBucketVersioning(const PutBucketVersioningRequest& request);
Result<HttpRequest> encode_GetBucketVersioning(const GetBucketVersioningRequest& request);
Result<HttpRequest> encode_PutBucketReplication(const PutBucketReplicationRequest& request);
Result<HttpRequest> encode_GetBucketReplication(const GetBucketReplicationRequest& request);
Result<HttpRequest> encode_GetBucketEncryption(const GetBucketEncryptionRequest& request);
Result<HttpRequest> encode_PutObject(const PutObjectRequest& request);
Result<HttpRequest> encode_GetObject(const GetObjectRequest& request);
Result<HttpRequest> encode_HeadObject(const HeadObjectRequest& request);
Result<HttpRequest> encode_DeleteObject(const DeleteObjectRequest& request);
Result<HttpRequest> encode_ListObjectsV2(const ListObjectsV2Request& request);
Result<HttpRequest> encode_ListObjectVersions(const ListObjectVersionsRequest& request);

Result<ListBucketsResult> decode_ListBuckets(const HttpResponse& response);
Result<CreateBucketResult> decode_CreateBucket(const HttpResponse& response);
Result<DeleteBucketResult> decode_DeleteBucket(const HttpResponse& response);
Result<HeadBucketResult> decode_HeadBucket(const HttpResponse& response);
Result<GetBucketLocationResult> decode_GetBucketLocation(const HttpResponse& response);
Result<PutBucketVersioningResult> decode_PutBucketVersioning(const HttpResponse& response);
Result<GetBucketVersioningResult> decode_GetBucketVersioning(const HttpResponse& response);
Result<PutBucketReplicationResult> decode_PutBucketReplication(const HttpResponse& response);
Result<GetBucketReplicationResult> decode_GetBucketReplication(const HttpResponse& response);
Result<GetBucketEncryptionResult> decode_GetBucketEncryption(const HttpResponse& response);
Result<PutObjectResult> decode_PutObject(const HttpResponse& response);
Result<GetObjectResult> decode_GetObject(const HttpResponse& response);
Result<HeadObjectResult> decode_HeadObject(const HttpResponse& response);
Result<DeleteObjectResult> decode_DeleteObject(const HttpResponse& response);
Result<ListObjectsV2Result> decode_ListObjectsV2(const HttpResponse& response);
Result<ListObjectVersionsResult> decode_ListObjectVersions(const HttpResponse& response);

}  // namespace drh::aws
