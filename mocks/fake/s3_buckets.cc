// S3 bucket operations: create (location constraints as AWS checks them), delete, head,
// location, versioning, replication (validated as AWS validates it, returned as put) and
// default encryption.
#include <algorithm>
#include <set>

#include "drh/core/encoding.h"
#include "s3_service.h"
#include "wire.h"

namespace drh::fake {

using namespace s3;

namespace {

// "EU" is the historical constraint for eu-west-1; any other constraint is a region name.
std::string region_of_constraint(std::string_view constraint) {
  if (constraint.empty()) return "us-east-1";
  if (constraint == "EU") return "eu-west-1";
  return std::string(constraint);
}

}  // namespace

HttpResponse S3Service::create_bucket(Ctx& c) {
  if (!valid_bucket_name(c.bucket)) {
    c.error_elements = {{"BucketName", c.bucket}};
    fail(400, "InvalidBucketName", "The specified bucket is not valid.");
  }
  std::string constraint;
  if (!c.call.body().empty()) {
    tree::Node cfg = parse_body(c, "CreateBucketConfiguration", kCreateBucketConfiguration);
    if (cfg.has("Location") || cfg.has("Bucket")) {
      fail(501, "NotImplemented",
           "drharness's fake does not serve directory buckets (Location, Bucket in "
           "CreateBucketConfiguration)");
    }
    if (cfg.has("Tags")) {
      fail(501, "NotImplemented", "drharness's fake does not keep bucket tags given at creation");
    }
    constraint = std::string(cfg.value("LocationConstraint"));
  }
  // S3 wants no constraint at all for us-east-1, and refuses it spelled out.
  if (constraint == "us-east-1") {
    fail(400, "InvalidLocationConstraint", "The specified location-constraint is not valid");
  }
  const std::string region = region_of_constraint(constraint);
  if (!core_.region_exists(region)) {
    fail(400, "InvalidLocationConstraint", "The specified location-constraint is not valid");
  }
  // Requests to the global endpoint (signed for us-east-1) may create a bucket anywhere;
  // a regional endpoint creates buckets in its own region only.
  if (c.call.region != "us-east-1" && region != c.call.region) {
    fail(400, "IllegalLocationConstraintException",
         "The " + (constraint.empty() ? std::string("unspecified") : constraint) +
             " location constraint is incompatible for the region specific endpoint this "
             "request was sent to.");
  }
  if (auto it = buckets_.find(c.bucket); it != buckets_.end()) {
    // For legacy compatibility us-east-1 answers 200 when you re-create your own bucket.
    if (it->second.region == "us-east-1" && region == "us-east-1" && c.call.region == "us-east-1") {
      HttpResponse r = empty_response(c.call, 200);
      r.headers.add("Location", "/" + c.bucket);
      return r;
    }
    c.error_elements = {{"BucketName", c.bucket}};
    fail(409, "BucketAlreadyOwnedByYou",
         "Your previous request to create the named bucket succeeded and you already own it.");
  }
  Bucket b;
  b.name = c.bucket;
  b.region = region;
  b.location_constraint = constraint;
  b.created = core_.clock.now();
  if (auto lock = c.header("x-amz-bucket-object-lock-enabled"); lock && iequals(*lock, "true")) {
    // Object Lock turns versioning on for good.
    b.object_lock = true;
    b.versioning = "Enabled";
  }
  buckets_.emplace(b.name, std::move(b));
  HttpResponse r = empty_response(c.call, 200);
  r.headers.add("Location", region == "us-east-1" ? "/" + c.bucket
                                                  : "http://" + c.bucket + ".s3.amazonaws.com/");
  return r;
}

HttpResponse S3Service::delete_bucket(Ctx& c) {
  Bucket& b = bucket_or_throw(c);
  if (!b.objects.empty()) {
    c.error_elements = {{"BucketName", b.name}};
    fail(409, "BucketNotEmpty",
         b.versioning.empty()
             ? "The bucket you tried to delete is not empty"
             : "The bucket you tried to delete is not empty. You must delete all versions in "
               "the bucket.");
  }
  const std::string name = b.name;
  buckets_.erase(name);
  return empty_response(c.call, 204);
}

HttpResponse S3Service::head_bucket(Ctx& c) {
  const Bucket& b = bucket_or_throw(c);
  HttpResponse r = empty_response(c.call, 200);
  r.headers.add("x-amz-bucket-region", b.region);
  r.headers.add("x-amz-access-point-alias", "false");
  return r;
}

HttpResponse S3Service::get_bucket_location(Ctx& c) {
  // Answered from any region: this is how clients find a bucket's region.
  const Bucket& b = bucket_or_throw(c, /*any_region=*/true);
  return rest_xml_response(c.call, [&](xml::XmlWriter& w) {
    w.start("LocationConstraint").xmlns(kXmlns);
    if (!b.location_constraint.empty()) w.text(b.location_constraint);
    w.end();
  });
}

HttpResponse S3Service::put_bucket_versioning(Ctx& c) {
  Bucket& b = bucket_or_throw(c);
  tree::Node cfg = parse_body(c, "VersioningConfiguration", kVersioningConfiguration);
  check_content_md5(c, c.call.body());
  const std::string status(cfg.value("Status"));
  if (auto mfa = cfg.text_of("MfaDelete")) {
    if (!c.header("x-amz-mfa")) {
      fail(400, "InvalidRequest",
           "Changing MfaDelete needs the x-amz-mfa header (the serial number and code of "
           "the root account's MFA device)");
    }
    b.mfa_delete = std::string(*mfa);
  }
  if (!status.empty() && status != b.versioning) {
    if (status == "Suspended" && b.object_lock) {
      fail(409, "InvalidBucketState",
           "An Object Lock configuration is present on this bucket, so the versioning state "
           "cannot be changed.");
    }
    if (status == "Suspended" && b.replication) {
      fail(409, "InvalidBucketState",
           "A replication configuration is present on this bucket, so the versioning state "
           "cannot be changed.");
    }
    b.versioning = status;
  }
  return empty_response(c.call, 200);
}

HttpResponse S3Service::get_bucket_versioning(Ctx& c) {
  const Bucket& b = bucket_or_throw(c);
  return xml_reply(c, "VersioningConfiguration", [&](xml::XmlWriter& w) {
    if (!b.versioning.empty()) w.element("Status", b.versioning);
    if (!b.mfa_delete.empty()) w.element("MfaDelete", b.mfa_delete);
  });
}

HttpResponse S3Service::put_bucket_replication(Ctx& c) {
  Bucket& b = bucket_or_throw(c);
  require_integrity_header(c);
  tree::Node cfg = parse_body(c, "ReplicationConfiguration", kReplicationConfiguration);
  if (b.versioning != "Enabled") {
    fail(400, "InvalidRequest",
         "Versioning must be 'Enabled' on the bucket to apply a replication configuration");
  }
  std::size_t rules = 0;
  std::set<std::string> ids;
  std::set<std::pair<std::string, std::string>> priorities;  // (destination, priority)
  for (tree::Node& rule : cfg.children) {
    if (rule.name != "Rule") continue;
    if (++rules > 1000) {
      fail(400, "InvalidArgument", "A replication configuration can hold at most 1000 rules");
    }
    if (!rule.has("ID")) {
      // S3 names a rule that came without an ID.
      rule.set("ID", new_version_id().substr(0, 24));
      tree::canonicalize(rule, *kReplicationConfiguration.find("Rule")->schema);
    }
    const std::string id(rule.value("ID"));
    if (id.size() > 255) fail(400, "InvalidArgument", "Rule ID is longer than 255 characters");
    if (!ids.insert(id).second) {
      fail(400, "InvalidArgument", "Rule ID '" + id + "' is used by more than one rule");
    }
    const tree::Node* filter = rule.child("Filter");
    if (filter != nullptr && rule.has("Prefix")) {
      fail(400, "MalformedXML",
           "The XML you provided was not well-formed or did not validate against our "
           "published schema (a rule has both Prefix and Filter)");
    }
    if (filter != nullptr) {
      if (filter->children.size() > 1) {
        fail(400, "MalformedXML",
             "The XML you provided was not well-formed or did not validate against our "
             "published schema (Filter holds exactly one of Prefix, Tag, And)");
      }
      if (!rule.has("DeleteMarkerReplication")) {
        fail(400, "InvalidRequest",
             "DeleteMarkerReplication must be specified for this version of Cross Region "
             "Replication configuration schema.");
      }
      if (!rule.has("Priority")) {
        fail(400, "InvalidRequest",
             "Priority must be specified for this version of Cross Region Replication "
             "configuration schema.");
      }
      const bool tag_filter =
          filter->has("Tag") || (filter->has("And") && filter->child("And")->has("Tag"));
      if (tag_filter && rule.child("DeleteMarkerReplication")->value("Status") == "Enabled") {
        fail(400, "InvalidRequest",
             "Delete marker replication is not supported if any Tag filter is specified.");
      }
    }
    const tree::Node& dest = *rule.child("Destination");
    const std::string arn(dest.value("Bucket"));
    if (!arn.starts_with("arn:aws:s3:::") || arn.size() == 13) {
      fail(400, "InvalidArgument", "Invalid destination bucket ARN: " + arn);
    }
    const std::string dest_name = arn.substr(13);
    if (auto p = rule.text_of("Priority")) {
      if (!priorities.insert({dest_name, std::string(*p)}).second) {
        fail(400, "InvalidRequest",
             "Found rules with the same Priority " + std::string(*p) +
                 " for the same destination bucket");
      }
    }
    if (dest_name == b.name) {
      fail(400, "InvalidRequest", "Destination bucket cannot be the same as the source bucket.");
    }
    const std::string account(dest.value("Account", core_.options.account_id));
    if (account == core_.options.account_id) {
      // Another account's buckets are out of the fake's sight; its own are checked.
      auto d = buckets_.find(dest_name);
      if (d == buckets_.end()) fail(400, "InvalidRequest", "Destination bucket must exist.");
      if (d->second.versioning != "Enabled") {
        fail(400, "InvalidRequest", "Destination bucket must have versioning enabled.");
      }
    }
    if (const tree::Node* rtc = dest.child("ReplicationTime")) {
      if (rtc->child("Time")->value("Minutes") != "15") {
        fail(400, "InvalidArgument",
             "ReplicationTime Time Minutes must be 15 (the only value S3 Replication Time "
             "Control accepts)");
      }
      const tree::Node* metrics = dest.child("Metrics");
      if (metrics == nullptr ||
          (rtc->value("Status") == "Enabled" && metrics->value("Status") != "Enabled")) {
        fail(400, "InvalidRequest",
             "Replication Time Control must be specified together with Metrics, enabled "
             "when Replication Time Control is enabled");
      }
    }
    if (const tree::Node* metrics = dest.child("Metrics")) {
      if (const tree::Node* t = metrics->child("EventThreshold");
          t != nullptr && t->value("Minutes") != "15") {
        fail(400, "InvalidArgument", "Metrics EventThreshold Minutes must be 15");
      }
    }
  }
  b.replication = std::move(cfg);
  ensure_metrics_task();
  return empty_response(c.call, 200);
}

HttpResponse S3Service::get_bucket_replication(Ctx& c) {
  const Bucket& b = bucket_or_throw(c);
  if (!b.replication) {
    c.error_elements = {{"BucketName", b.name}};
    fail(404, "ReplicationConfigurationNotFoundError",
         "The replication configuration was not found");
  }
  return xml_reply(c, "ReplicationConfiguration",
                   [&](xml::XmlWriter& w) { tree::write_children(w, *b.replication); });
}

HttpResponse S3Service::delete_bucket_replication(Ctx& c) {
  Bucket& b = bucket_or_throw(c);
  b.replication.reset();
  return empty_response(c.call, 204);
}

HttpResponse S3Service::put_bucket_encryption(Ctx& c) {
  Bucket& b = bucket_or_throw(c);
  require_integrity_header(c);
  tree::Node cfg =
      parse_body(c, "ServerSideEncryptionConfiguration", kServerSideEncryptionConfiguration);
  for (const tree::Node& rule : cfg.children) {
    const tree::Node* by_default = rule.child("ApplyServerSideEncryptionByDefault");
    if (by_default == nullptr) continue;
    if (by_default->has("KMSMasterKeyID") &&
        !by_default->value("SSEAlgorithm").starts_with("aws:kms")) {
      fail(400, "InvalidArgument",
           "a KMSMasterKeyID is allowed only when SSEAlgorithm is aws:kms or aws:kms:dsse");
    }
  }
  b.encryption = std::move(cfg);
  return empty_response(c.call, 200);
}

HttpResponse S3Service::get_bucket_encryption(Ctx& c) {
  const Bucket& b = bucket_or_throw(c);
  return xml_reply(c, "ServerSideEncryptionConfiguration", [&](xml::XmlWriter& w) {
    if (b.encryption) {
      tree::write_children(w, *b.encryption);
      return;
    }
    // Every bucket has SSE-S3 by default (AWS, since January 2023).
    w.start("Rule")
        .start("ApplyServerSideEncryptionByDefault")
        .element("SSEAlgorithm", "AES256")
        .end()
        .element("BucketKeyEnabled", false)
        .end();
  });
}

HttpResponse S3Service::delete_bucket_encryption(Ctx& c) {
  Bucket& b = bucket_or_throw(c);
  b.encryption.reset();  // back to the SSE-S3 default, as on AWS
  return empty_response(c.call, 204);
}

}  // namespace drh::fake
