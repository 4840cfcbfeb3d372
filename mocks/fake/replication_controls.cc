// The public test controls of include/drh/fake/replication.h, over the services' own setters.
#include "drh/fake/replication.h"

#include "dynamodb_service.h"
#include "s3_service.h"

namespace drh::fake {

namespace {

DynamoDbService& dynamodb(FakeCloud& cloud) {
  return cloud.core().get<DynamoDbService>("dynamodb");
}
S3Service& s3_of(FakeCloud& cloud) { return cloud.core().get<S3Service>("s3"); }

}  // namespace

void set_dynamodb_replication_latency(FakeCloud& cloud, Duration mean, Duration spread) {
  std::lock_guard lock(cloud.core().mutex);
  dynamodb(cloud).set_replication_latency(mean, spread);
}

void set_dynamodb_replication_retry_interval(FakeCloud& cloud, Duration interval) {
  std::lock_guard lock(cloud.core().mutex);
  dynamodb(cloud).set_replication_retry_interval(interval);
}

std::size_t dynamodb_pending_replication(FakeCloud& cloud, std::string_view table,
                                         std::string_view from, std::string_view to) {
  std::lock_guard lock(cloud.core().mutex);
  return dynamodb(cloud).pending_replication(table, from, to);
}

void set_s3_replication_latency(FakeCloud& cloud, bool rtc, Duration mean, Duration spread) {
  std::lock_guard lock(cloud.core().mutex);
  s3_of(cloud).set_replication_latency(rtc, mean, spread);
}

void set_s3_replication_retry_interval(FakeCloud& cloud, Duration interval) {
  std::lock_guard lock(cloud.core().mutex);
  s3_of(cloud).set_replication_retry_interval(interval);
}

void set_s3_replication_retry_window(FakeCloud& cloud, Duration window) {
  std::lock_guard lock(cloud.core().mutex);
  s3_of(cloud).set_replication_retry_window(window);
}

std::size_t s3_pending_replication(FakeCloud& cloud, std::string_view source_bucket,
                                   std::string_view destination_bucket) {
  std::lock_guard lock(cloud.core().mutex);
  return s3_of(cloud).pending_replication(source_bucket, destination_bucket);
}

}  // namespace drh::fake
