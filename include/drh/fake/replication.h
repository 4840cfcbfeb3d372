// Test controls for the fake's replication model (DynamoDB global tables, S3 replication):
// the timings it draws from and what is still in flight. Not AWS APIs; the defaults and
// their AWS sources are in docs/fake-model.md.
#pragma once

#include <cstddef>
#include <string_view>

#include "drh/core/clock.h"

namespace drh::fake {

class FakeCloud;

/// DynamoDB global tables: a replicated write lands `mean` +/- `spread` (uniform, from the
/// clock's seeded generator) after it was committed. Default 500 ms +/- 400 ms.
void set_dynamodb_replication_latency(FakeCloud& cloud, Duration mean, Duration spread);
/// How often a blocked DynamoDB replication link (fault, replica not ACTIVE yet) retries.
void set_dynamodb_replication_retry_interval(FakeCloud& cloud, Duration interval);
/// Writes of `table` committed in `from` and not yet applied in `to`.
std::size_t dynamodb_pending_replication(FakeCloud& cloud, std::string_view table,
                                         std::string_view from, std::string_view to);

/// S3 replication: a copy lands `mean` +/- `spread` after the source version was written,
/// for rules with Replication Time Control (`rtc`) or for the others.
void set_s3_replication_latency(FakeCloud& cloud, bool rtc, Duration mean, Duration spread);
/// How often a blocked S3 replication link retries.
void set_s3_replication_retry_interval(FakeCloud& cloud, Duration interval);
/// How long an S3 replication operation whose destination region is unreachable stays
/// PENDING before it is FAILED.
void set_s3_replication_retry_window(FakeCloud& cloud, Duration window);
/// Operations queued from `source_bucket` (to `destination_bucket`, or to any when empty).
std::size_t s3_pending_replication(FakeCloud& cloud, std::string_view source_bucket,
                                   std::string_view destination_bucket = {});

}  // namespace drh::fake
