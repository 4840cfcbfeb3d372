// S3 bucket operations: buckets, versioning, replication, default encryption.
#include "drh/protocol/rest_xml.h"
#include "drh/protocol/xml.h"
#include "s3_codec.h"
#include "s3_route53_xml.h"

namespace drh::aws {
namespace {

using restxml::FieldReader;

void put(xml::XmlWriter& w, std::string_view name, const std::string& value) {
  if (!value.empty()) w.element(name, value);
}

void put_status(xml::XmlWriter& w, std::string_view element, const std::string& status) {
  w.start(element).element("Status", status).end();
}

void put_minutes(xml::XmlWriter& w, std::string_view element, const ReplicationTimeValue& v) {
  w.start(element);
  if (v.Minutes) w.element("Minutes", *v.Minutes);
  w.end();
}

RestRequestBuilder bucket_request(std::string_view method, std::string_view uri,
                                  const std::string& bucket) {
  RestRequestBuilder b(method, uri);
  b.label("Bucket", bucket);
  return b;
}

void write_tag(xml::XmlWriter& w, const Tag& tag) {
  w.start("Tag").element("Key", tag.Key).element("Value", tag.Value).end();
}

void write_rule(xml::XmlWriter& w, const ReplicationRule& rule) {
  // Element order follows the botocore model: S3 validates against its schema.
  w.start("Rule");
  put(w, "ID", rule.ID);
  if (rule.Priority) w.element("Priority", *rule.Priority);
  if (rule.Prefix) w.element("Prefix", *rule.Prefix);
  if (rule.Filter) {
    w.start("Filter");
    if (rule.Filter->Prefix) w.element("Prefix", *rule.Filter->Prefix);
    if (rule.Filter->Tag) write_tag(w, *rule.Filter->Tag);
    if (rule.Filter->And) {
      w.start("And");
      if (rule.Filter->And->Prefix) w.element("Prefix", *rule.Filter->And->Prefix);
      for (const Tag& t : rule.Filter->And->Tags) write_tag(w, t);
      w.end();
    }
    w.end();
  }
  w.element("Status", rule.Status);
  if (const auto& s = rule.SourceSelectionCriteria) {
    w.start("SourceSelectionCriteria");
    if (s->SseKmsEncryptedObjects) {
      put_status(w, "SseKmsEncryptedObjects", s->SseKmsEncryptedObjects->Status);
    }
    if (s->ReplicaModifications) {
      put_status(w, "ReplicaModifications", s->ReplicaModifications->Status);
    }
    w.end();
  }
  if (rule.ExistingObjectReplication) {
    put_status(w, "ExistingObjectReplication", rule.ExistingObjectReplication->Status);
  }
  const Destination& d = rule.Destination;
  w.start("Destination");
  w.element("Bucket", d.Bucket);
  put(w, "Account", d.Account);
  put(w, "StorageClass", d.StorageClass);
  if (d.AccessControlTranslation) {
    w.start("AccessControlTranslation").element("Owner", d.AccessControlTranslation->Owner).end();
  }
  if (d.EncryptionConfiguration) {
    w.start("EncryptionConfiguration");
    put(w, "ReplicaKmsKeyID", d.EncryptionConfiguration->ReplicaKmsKeyID);
    w.end();
  }
  if (d.ReplicationTime) {
    w.start("ReplicationTime");
    w.element("Status", d.ReplicationTime->Status);
    put_minutes(w, "Time", d.ReplicationTime->Time);
    w.end();
  }
  if (d.Metrics) {
    w.start("Metrics");
    w.element("Status", d.Metrics->Status);
    if (d.Metrics->EventThreshold) put_minutes(w, "EventThreshold", *d.Metrics->EventThreshold);
    w.end();
  }
  w.end();
  if (rule.DeleteMarkerReplication) {
    w.start("DeleteMarkerReplication");
    put(w, "Status", rule.DeleteMarkerReplication->Status);
    w.end();
  }
  w.end();
}

Tag read_tag(FieldReader& r, pugi::xml_node n) {
  return Tag{r.required_text(n, "Key"), r.required_text(n, "Value")};
}

std::optional<ReplicationTimeValue> read_minutes(FieldReader& r, pugi::xml_node n) {
  if (!n) return std::nullopt;
  return ReplicationTimeValue{r.int32(n, "Minutes")};
}

std::string read_status(FieldReader& r, pugi::xml_node n) { return r.text(n, "Status"); }

ReplicationRule read_rule(FieldReader& r, pugi::xml_node n) {
  ReplicationRule rule;
  rule.ID = r.text(n, "ID");
  rule.Priority = r.int32(n, "Priority");
  rule.Prefix = r.optional_text(n, "Prefix");
  if (pugi::xml_node f = n.child("Filter")) {
    ReplicationRuleFilter filter;
    filter.Prefix = r.optional_text(f, "Prefix");
    if (pugi::xml_node t = f.child("Tag")) filter.Tag = read_tag(r, t);
    if (pugi::xml_node a = f.child("And")) {
      ReplicationRuleAndOperator op;
      op.Prefix = r.optional_text(a, "Prefix");
      for (pugi::xml_node t : xml::elements(a, "Tag")) op.Tags.push_back(read_tag(r, t));
      filter.And = std::move(op);
    }
    rule.Filter = std::move(filter);
  }
  rule.Status = r.required_text(n, "Status");
  if (pugi::xml_node s = n.child("SourceSelectionCriteria")) {
    SourceSelectionCriteria criteria;
    if (pugi::xml_node k = s.child("SseKmsEncryptedObjects")) {
      criteria.SseKmsEncryptedObjects = SseKmsEncryptedObjects{read_status(r, k)};
    }
    if (pugi::xml_node m = s.child("ReplicaModifications")) {
      criteria.ReplicaModifications = ReplicaModifications{read_status(r, m)};
    }
    rule.SourceSelectionCriteria = std::move(criteria);
  }
  if (pugi::xml_node e = n.child("ExistingObjectReplication")) {
    rule.ExistingObjectReplication = ExistingObjectReplication{read_status(r, e)};
  }
  pugi::xml_node d = r.required_child(n, "Destination");
  Destination& dest = rule.Destination;
  dest.Bucket = r.required_text(d, "Bucket");
  dest.Account = r.text(d, "Account");
  dest.StorageClass = r.text(d, "StorageClass");
  if (pugi::xml_node a = d.child("AccessControlTranslation")) {
    dest.AccessControlTranslation = AccessControlTranslation{r.text(a, "Owner")};
  }
  if (pugi::xml_node e = d.child("EncryptionConfiguration")) {
    dest.EncryptionConfiguration = EncryptionConfiguration{r.text(e, "ReplicaKmsKeyID")};
  }
  if (pugi::xml_node t = d.child("ReplicationTime")) {
    ReplicationTime rtc;
    rtc.Status = r.required_text(t, "Status");
    rtc.Time = read_minutes(r, r.required_child(t, "Time")).value_or(ReplicationTimeValue{});
    dest.ReplicationTime = std::move(rtc);
  }
  if (pugi::xml_node m = d.child("Metrics")) {
    dest.Metrics =
        Metrics{r.required_text(m, "Status"), read_minutes(r, m.child("EventThreshold"))};
  }
  if (pugi::xml_node dm = n.child("DeleteMarkerReplication")) {
    rule.DeleteMarkerReplication = DeleteMarkerReplication{read_status(r, dm)};
  }
  return rule;
}

Owner read_owner(FieldReader& r, pugi::xml_node n) {
  return Owner{r.text(n, "DisplayName"), r.text(n, "ID")};
}

}  // namespace

// ------------------------------------------------------------------ buckets

Result<HttpRequest> encode_ListBuckets(const ListBucketsRequest& request) {
  RestRequestBuilder b("GET", "/");
  if (request.MaxBuckets) b.query("max-buckets", std::to_string(*request.MaxBuckets));
  if (!request.ContinuationToken.empty()) b.query("continuation-token", request.ContinuationToken);
  if (!request.Prefix.empty()) b.query("prefix", request.Prefix);
  if (!request.BucketRegion.empty()) b.query("bucket-region", request.BucketRegion);
  return b.build();
}

Result<ListBucketsResult> decode_ListBuckets(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "ListBuckets", {"ListAllMyBucketsResult"});
  if (!root) return root.error();
  FieldReader r("ListBuckets");
  ListBucketsResult out;
  for (pugi::xml_node b : xml::elements(root->child("Buckets"), "Bucket")) {
    out.Buckets.push_back(Bucket{r.required_text(b, "Name"), r.timestamp(b, "CreationDate"),
                                 r.text(b, "BucketRegion")});
  }
  if (pugi::xml_node o = root->child("Owner")) out.Owner = read_owner(r, o);
  out.ContinuationToken = r.text(*root, "ContinuationToken");
  out.Prefix = r.text(*root, "Prefix");
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_CreateBucket(std::string_view region,
                                        const CreateBucketRequest& request) {
  RestRequestBuilder b = bucket_request("PUT", "/{Bucket}", request.Bucket);
  if (!request.ACL.empty()) b.header("x-amz-acl", request.ACL);
  if (request.ObjectLockEnabledForBucket) {
    b.header("x-amz-bucket-object-lock-enabled",
             *request.ObjectLockEnabledForBucket ? "true" : "false");
  }
  if (!request.ObjectOwnership.empty()) b.header("x-amz-object-ownership", request.ObjectOwnership);
  std::string constraint;
  if (request.CreateBucketConfiguration) {
    constraint = request.CreateBucketConfiguration->LocationConstraint;
  } else if (region != "us-east-1") {
    constraint = std::string(region);
  }
  if (constraint.empty()) return b.build();
  auto w = start_xml_body("CreateBucketConfiguration", kS3Namespace);
  w.element("LocationConstraint", constraint);
  return build_rest_xml_request(std::move(b), w.take());
}

Result<CreateBucketResult> decode_CreateBucket(const HttpResponse& response) {
  return CreateBucketResult{FieldReader::header(response, "Location")};
}

Result<HttpRequest> encode_DeleteBucket(const DeleteBucketRequest& request) {
  return bucket_request("DELETE", "/{Bucket}", request.Bucket).build();
}

Result<DeleteBucketResult> decode_DeleteBucket(const HttpResponse&) { return DeleteBucketResult{}; }

Result<HttpRequest> encode_HeadBucket(const HeadBucketRequest& request) {
  return bucket_request("HEAD", "/{Bucket}", request.Bucket).build();
}

Result<HeadBucketResult> decode_HeadBucket(const HttpResponse& response) {
  FieldReader r("HeadBucket");
  HeadBucketResult out;
  out.BucketRegion = FieldReader::header(response, "x-amz-bucket-region");
  out.BucketLocationType = FieldReader::header(response, "x-amz-bucket-location-type");
  out.BucketLocationName = FieldReader::header(response, "x-amz-bucket-location-name");
  out.AccessPointAlias = r.header_bool(response, "x-amz-access-point-alias");
  return restxml::finish(r, response, std::move(out));
}

Result<HttpRequest> encode_GetBucketLocation(const GetBucketLocationRequest& request) {
  return bucket_request("GET", "/{Bucket}?location", request.Bucket).build();
}

Result<GetBucketLocationResult> decode_GetBucketLocation(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "GetBucketLocation", {"LocationConstraint"});
  if (!root) return root.error();
  return GetBucketLocationResult{std::string(trim(root->child_value()))};
}

// ------------------------------------------------------------------ versioning

Result<HttpRequest> encode_PutBucketVersioning(const PutBucketVersioningRequest& request) {
  const VersioningConfiguration& c = request.VersioningConfiguration;
  if (c.Status.empty() && c.MFADelete.empty()) {
    return invalid_input("PutBucketVersioning: VersioningConfiguration needs Status or MFADelete");
  }
  RestRequestBuilder b = bucket_request("PUT", "/{Bucket}?versioning", request.Bucket);
  if (!request.MFA.empty()) b.header("x-amz-mfa", request.MFA);
  auto w = start_xml_body("VersioningConfiguration", kS3Namespace);
  put(w, "MfaDelete", c.MFADelete);
  put(w, "Status", c.Status);
  // S3 demands a checksum on this call; Content-MD5 is the one every endpoint accepts.
  return build_rest_xml_request(std::move(b), w.take(), /*content_md5=*/true);
}

Result<PutBucketVersioningResult> decode_PutBucketVersioning(const HttpResponse&) {
  return PutBucketVersioningResult{};
}

Result<HttpRequest> encode_GetBucketVersioning(const GetBucketVersioningRequest& request) {
  return bucket_request("GET", "/{Bucket}?versioning", request.Bucket).build();
}

Result<GetBucketVersioningResult> decode_GetBucketVersioning(const HttpResponse& response) {
  pugi::xml_document doc;
  // moto names the root after the operation; S3 itself answers <VersioningConfiguration>.
  auto root = restxml::load_result(doc, response, "GetBucketVersioning",
                                   {"VersioningConfiguration", "GetBucketVersioningResponse"});
  if (!root) return root.error();
  FieldReader r("GetBucketVersioning");
  return GetBucketVersioningResult{r.text(*root, "Status"), r.text(*root, "MfaDelete")};
}

// ------------------------------------------------------------------ replication

Result<HttpRequest> encode_PutBucketReplication(const PutBucketReplicationRequest& request) {
  const ReplicationConfiguration& c = request.ReplicationConfiguration;
  if (c.Role.empty()) {
    return invalid_input("PutBucketReplication: ReplicationConfiguration.Role is required");
  }
  if (c.Rules.empty()) {
    return invalid_input("PutBucketReplication: ReplicationConfiguration.Rules is empty");
  }
  for (std::size_t i = 0; i < c.Rules.size(); ++i) {
    if (c.Rules[i].Status.empty() || c.Rules[i].Destination.Bucket.empty()) {
      return invalid_input("PutBucketReplication: rule " + std::to_string(i + 1) +
                           " needs Status and Destination.Bucket");
    }
  }
  RestRequestBuilder b = bucket_request("PUT", "/{Bucket}?replication", request.Bucket);
  if (!request.Token.empty()) b.header("x-amz-bucket-object-lock-token", request.Token);
  auto w = start_xml_body("ReplicationConfiguration", kS3Namespace);
  w.element("Role", c.Role);
  for (const ReplicationRule& rule : c.Rules) write_rule(w, rule);
  return build_rest_xml_request(std::move(b), w.take(), /*content_md5=*/true);
}

Result<PutBucketReplicationResult> decode_PutBucketReplication(const HttpResponse&) {
  return PutBucketReplicationResult{};
}

Result<HttpRequest> encode_GetBucketReplication(const GetBucketReplicationRequest& request) {
  return bucket_request("GET", "/{Bucket}?replication", request.Bucket).build();
}

Result<GetBucketReplicationResult> decode_GetBucketReplication(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root =
      restxml::load_result(doc, response, "GetBucketReplication", {"ReplicationConfiguration"});
  if (!root) return root.error();
  FieldReader r("GetBucketReplication");
  GetBucketReplicationResult out;
  out.ReplicationConfiguration.Role = r.required_text(*root, "Role");
  for (pugi::xml_node rule : xml::elements(*root, "Rule")) {
    out.ReplicationConfiguration.Rules.push_back(read_rule(r, rule));
  }
  return restxml::finish(r, response, std::move(out));
}

// ------------------------------------------------------------------ encryption

Result<HttpRequest> encode_GetBucketEncryption(const GetBucketEncryptionRequest& request) {
  return bucket_request("GET", "/{Bucket}?encryption", request.Bucket).build();
}

Result<GetBucketEncryptionResult> decode_GetBucketEncryption(const HttpResponse& response) {
  pugi::xml_document doc;
  auto root = restxml::load_result(doc, response, "GetBucketEncryption",
                                   {"ServerSideEncryptionConfiguration"});
  if (!root) return root.error();
  FieldReader r("GetBucketEncryption");
  GetBucketEncryptionResult out;
  for (pugi::xml_node n : xml::elements(*root, "Rule")) {
    ServerSideEncryptionRule rule;
    if (pugi::xml_node d = n.child("ApplyServerSideEncryptionByDefault")) {
      rule.ApplyServerSideEncryptionByDefault = ServerSideEncryptionByDefault{
          r.required_text(d, "SSEAlgorithm"), r.text(d, "KMSMasterKeyID")};
    }
    rule.BucketKeyEnabled = r.boolean(n, "BucketKeyEnabled");
    out.ServerSideEncryptionConfiguration.Rules.push_back(std::move(rule));
  }
  return restxml::finish(r, response, std::move(out));
}

}  // namespace drh::aws
