// S3 results as JSON with botocore's member names, for `drh call --typed` and reports.
// Absent optional members and empty strings are left out; timestamps are ISO 8601 in
// UTC. An object body is text when it is valid UTF-8, else base64 with
// "BodyEncoding": "base64" (the convention of the generic codec).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "drh/aws/s3.h"

namespace drh::aws {

nlohmann::json to_json(const ListBucketsResult& result);
nlohmann::json to_json(const CreateBucketResult& result);
nlohmann::json to_json(const DeleteBucketResult& result);
nlohmann::json to_json(const HeadBucketResult& result);
nlohmann::json to_json(const GetBucketLocationResult& result);
nlohmann::json to_json(const PutBucketVersioningResult& result);
nlohmann::json to_json(const GetBucketVersioningResult& result);
nlohmann::json to_json(const PutBucketReplicationResult& result);
nlohmann::json to_json(const GetBucketReplicationResult& result);
nlohmann::json to_json(const GetBucketEncryptionResult& result);
nlohmann::json to_json(const PutObjectResult& result);
nlohmann::json to_json(const GetObjectResult& result);
nlohmann::json to_json(const HeadObjectResult& result);
nlohmann::json to_json(const DeleteObjectResult& result);
nlohmann::json to_json(const ListObjectsV2Result& result);
nlohmann::json to_json(const ListObjectVersionsResult& result);

}  // namespace drh::aws
