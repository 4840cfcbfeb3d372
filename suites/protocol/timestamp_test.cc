#include "drh/protocol/timestamp.h"

#include <gtest/gtest.h>

namespace drh {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// 2015-08-30T12:36:00Z, the SigV4 test-suite date.
const TimePoint kT = TimePoint{} + seconds(1440938160);

TEST(Iso8601, ParsesTheCommonForms) {
  EXPECT_EQ(parse_iso8601("2015-08-30T12:36:00Z").value(), kT);
  EXPECT_EQ(parse_iso8601("2015-08-30T12:36:00.000Z").value(), kT);
  EXPECT_EQ(parse_iso8601("2015-08-30T12:36:00.250Z").value(), kT + milliseconds(250));
  EXPECT_EQ(parse_iso8601("2015-08-30T12:36:00.123456789Z").value(),
            kT + std::chrono::nanoseconds(123456789));
  EXPECT_EQ(parse_iso8601("2015-08-30t12:36:00z").value(), kT);
  EXPECT_EQ(parse_iso8601("2015-08-30T12:36:00").value(), kT);  // no zone: UTC
  EXPECT_EQ(parse_iso8601("20150830T123600Z").value(), kT);     // x-amz-date form
  EXPECT_EQ(parse_iso8601("  2015-08-30T12:36:00Z\n").value(), kT);
}

TEST(Iso8601, AppliesOffsets) {
  EXPECT_EQ(parse_iso8601("2015-08-30T14:36:00+02:00").value(), kT);
  EXPECT_EQ(parse_iso8601("2015-08-30T07:06:00-0530").value(), kT);
  EXPECT_EQ(parse_iso8601("2015-08-31T00:36:00+12").value(), kT);
}

TEST(Iso8601, RejectsBadText) {
  for (const char* bad :
       {"", "2015", "2015-13-01T00:00:00Z", "2015-02-29T00:00:00Z", "2015-08-30T25:00:00Z",
        "2015-08-30T12:61:00Z", "2015-08-30T12:36:00ZZ", "2015-08-30T12:36:00+2:00",
        "2015-08-30X12:36:00Z", "2015-08-30T12:36:00.Z", "yesterday", "2015-8-30T12:36:00Z"}) {
    auto r = parse_iso8601(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kDecode);
    EXPECT_EQ(r.error().code, "InvalidTimestamp");
    EXPECT_NE(r.error().message.find(std::string("'") + bad + "'"), std::string::npos)
        << r.error().message;
  }
  EXPECT_TRUE(parse_iso8601("2016-02-29T00:00:00Z").ok());  // leap year
}

TEST(Iso8601, ErrorKindFollowsTheCaller) {
  auto r = parse_iso8601("nope", ErrorKind::kInvalidInput);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
}

TEST(Iso8601, OutOfRangeYearsFail) {
  auto r = parse_iso8601("9999-12-31T23:59:59Z");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("out of range"), std::string::npos);
  EXPECT_TRUE(parse_iso8601("1970-01-01T00:00:00Z").ok());
  EXPECT_EQ(parse_iso8601("1969-12-31T23:59:59Z").value(), TimePoint{} - seconds(1));
}

TEST(Rfc822, ParsesHttpDates) {
  EXPECT_EQ(parse_rfc822("Sun, 30 Aug 2015 12:36:00 GMT").value(), kT);
  EXPECT_EQ(parse_rfc822("30 Aug 2015 12:36:00 GMT").value(), kT);
  EXPECT_EQ(parse_rfc822("Sun, 30 Aug 2015 12:36:00 UTC").value(), kT);
  EXPECT_EQ(parse_rfc822("Sun, 30 Aug 2015 14:36:00 +0200").value(), kT);
  EXPECT_EQ(parse_rfc822("Sun,  30 aug 2015 12:36:00 gmt").value(), kT);
  EXPECT_EQ(parse_rfc822("Sun, 30 Aug 2015 12:36:00.5 GMT").value(), kT + milliseconds(500));
}

TEST(Rfc822, RejectsBadText) {
  for (const char* bad : {"", "Sun, 30 Foo 2015 12:36:00 GMT", "Sun, 30 Aug 15 12:36:00 GMT",
                          "Sun, 31 Sep 2015 12:36:00 GMT", "Sun, 30 Aug 2015 12:36 GMT",
                          "Sun, 30 Aug 2015 12:36:00 PST", "Xyz, 30 Aug 2015 12:36:00 GMT",
                          "Sun 30 Aug 2015 12:36:00 GMT", "Sun, 30 Aug 2015 12:36:00 GMT x"}) {
    auto r = parse_rfc822(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
}

TEST(EpochSeconds, ParsesIntegersFractionsAndExponents) {
  EXPECT_EQ(parse_epoch_seconds("1440938160").value(), kT);
  EXPECT_EQ(parse_epoch_seconds("1440938160.25").value(), kT + milliseconds(250));
  EXPECT_EQ(parse_epoch_seconds("1440938160.000000001").value(), kT + std::chrono::nanoseconds(1));
  EXPECT_EQ(parse_epoch_seconds("1.44093816025E9").value(), kT + milliseconds(250));
  EXPECT_EQ(parse_epoch_seconds("-1.5").value(), TimePoint{} - milliseconds(1500));
  EXPECT_EQ(parse_epoch_seconds("0").value(), TimePoint{});
  EXPECT_EQ(epoch_seconds_to_time(1440938160.25).value(), kT + milliseconds(250));
}

TEST(EpochSeconds, RejectsBadText) {
  for (const char* bad : {"", "abc", "12a", "1.2.3", "--1", ".", "1e", "99999999999999999999"}) {
    EXPECT_FALSE(parse_epoch_seconds(bad).ok()) << bad;
  }
  EXPECT_FALSE(epoch_seconds_to_time(1e300).ok());
  EXPECT_FALSE(epoch_seconds_to_time(std::numeric_limits<double>::quiet_NaN()).ok());
}

TEST(AnyTimestamp, RecognisesEachFormat) {
  EXPECT_EQ(parse_any_timestamp("2015-08-30T12:36:00Z").value(), kT);
  EXPECT_EQ(parse_any_timestamp("Sun, 30 Aug 2015 12:36:00 GMT").value(), kT);
  EXPECT_EQ(parse_any_timestamp("30 Aug 2015 12:36:00 GMT").value(), kT);
  EXPECT_EQ(parse_any_timestamp("1440938160").value(), kT);
  EXPECT_EQ(parse_any_timestamp("20150830T123600Z").value(), kT);
  auto r = parse_any_timestamp("soon");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("'soon'"), std::string::npos);
  EXPECT_FALSE(parse_any_timestamp("12:00").ok());
}

TEST(FormatTimestamp, WritesEachFormat) {
  EXPECT_EQ(format_timestamp(kT, TimestampFormat::kIso8601), "2015-08-30T12:36:00Z");
  EXPECT_EQ(format_timestamp(kT + milliseconds(250), TimestampFormat::kIso8601),
            "2015-08-30T12:36:00.250Z");
  EXPECT_EQ(format_timestamp(kT + std::chrono::microseconds(1), TimestampFormat::kIso8601),
            "2015-08-30T12:36:00.000001Z");
  EXPECT_EQ(format_timestamp(kT, TimestampFormat::kRfc822), "Sun, 30 Aug 2015 12:36:00 GMT");
  EXPECT_EQ(format_timestamp(kT, TimestampFormat::kEpochSeconds), "1440938160");
  EXPECT_EQ(format_timestamp(kT + milliseconds(250), TimestampFormat::kEpochSeconds),
            "1440938160.25");
  EXPECT_EQ(format_timestamp(TimePoint{} - milliseconds(500), TimestampFormat::kEpochSeconds),
            "-0.5");
  EXPECT_EQ(format_timestamp(TimePoint{} - seconds(1), TimestampFormat::kIso8601),
            "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_iso8601_millis(kT), "2015-08-30T12:36:00.000Z");
  EXPECT_EQ(format_iso8601_millis(kT + milliseconds(7)), "2015-08-30T12:36:00.007Z");
}

TEST(FormatTimestamp, RoundTripsThroughEveryFormat) {
  for (TimePoint t : {kT, kT + milliseconds(1), TimePoint{} - milliseconds(1500),
                      TimePoint{} + seconds(4102444799) /* 2099-12-31 */,
                      TimePoint{} + seconds(951782400) /* 2000-02-29 */}) {
    EXPECT_EQ(parse_iso8601(format_timestamp(t, TimestampFormat::kIso8601)).value(), t);
    EXPECT_EQ(parse_epoch_seconds(format_timestamp(t, TimestampFormat::kEpochSeconds)).value(), t);
    auto whole = std::chrono::floor<seconds>(t);
    EXPECT_EQ(parse_rfc822(format_timestamp(t, TimestampFormat::kRfc822)).value(), whole);
  }
}

}  // namespace
}  // namespace drh
