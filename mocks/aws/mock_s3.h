// GoogleMock stand-in for drh::aws::S3Api. The *All paging forms and the waiters run
// on top of the mocked single-page calls.
#pragma once

#include <gmock/gmock.h>

#include "drh/aws/s3.h"

namespace drh::aws {

class MockS3Api : public S3Api {
 public:
  MOCK_METHOD(Result<ListBucketsResult>, ListBuckets,
              (std::string_view region, const ListBucketsRequest& request), (override));
  MOCK_METHOD(Result<CreateBucketResult>, CreateBucket,
              (std::string_view region, const CreateBucketRequest& request), (override));
  MOCK_METHOD(Result<DeleteBucketResult>, DeleteBucket,
              (std::string_view region, const DeleteBucketRequest& request), (override));
  MOCK_METHOD(Result<HeadBucketResult>, HeadBucket,
              (std::string_view region, const HeadBucketRequest& request), (override));
  MOCK_METHOD(Result<GetBucketLocationResult>, GetBucketLocation,
              (std::string_view region, const GetBucketLocationRequest& request), (override));
  MOCK_METHOD(Result<PutBucketVersioningResult>, PutBucketVersioning,
              (std::string_view region, const PutBucketVersioningRequest& request), (override));
  MOCK_METHOD(Result<GetBucketVersioningResult>, GetBucketVersioning,
              (std::string_view region, const GetBucketVersioningRequest& request), (override));
  MOCK_METHOD(Result<PutBucketReplicationResult>, PutBucketReplication,
              (std::string_view region, const PutBucketReplicationRequest& request), (override));
  MOCK_METHOD(Result<GetBucketReplicationResult>, GetBucketReplication,
              (std::string_view region, const GetBucketReplicationRequest& request), (override));
  MOCK_METHOD(Result<GetBucketEncryptionResult>, GetBucketEncryption,
              (std::string_view region, const GetBucketEncryptionRequest& request), (override));
  MOCK_METHOD(Result<PutObjectResult>, PutObject,
              (std::string_view region, const PutObjectRequest& request), (override));
  MOCK_METHOD(Result<GetObjectResult>, GetObject,
              (std::string_view region, const GetObjectRequest& request), (override));
  MOCK_METHOD(Result<HeadObjectResult>, HeadObject,
              (std::string_view region, const HeadObjectRequest& request), (override));
  MOCK_METHOD(Result<DeleteObjectResult>, DeleteObject,
              (std::string_view region, const DeleteObjectRequest& request), (override));
  MOCK_METHOD(Result<ListObjectsV2Result>, ListObjectsV2,
              (std::string_view region, const ListObjectsV2Request& request), (override));
  MOCK_METHOD(Result<ListObjectVersionsResult>, ListObjectVersions,
              (std::string_view region, const ListObjectVersionsRequest& request), (override));
};

}  // namespace drh::aws
