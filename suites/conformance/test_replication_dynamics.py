"""Replication over virtual time through boto3 against drh serve: a DynamoDB global table
write reaches the other region only after the replication latency, with ReplicationLatency
in the sending region; an S3 object goes PENDING then COMPLETED and its copy is a REPLICA
with the same version id; the AWS/S3 replication metrics appear in the source region.

These tests move the clock between a write and its checks, so they run on a private
server (a shared one may be advanced by other tests meanwhile)."""

import datetime

import drh_conformance as dc


class ReplicationDynamics(dc.ConformanceCase):
    @classmethod
    def setUpClass(cls):
        cls.url = dc.start_server("--clock", "manual").url

    def client(self, service, region):
        return dc.client(service, region, url=self.url)

    def advance(self, seconds):
        return dc.advance(seconds, url=self.url)

    def window(self):
        # The server's virtual time, read from its clock endpoint.
        status, body = dc.admin("GET", "/_drh/clock", url=self.url)
        self.assertEqual(status, 200, body)
        now = datetime.datetime.fromisoformat(body["now"].replace("Z", "+00:00"))
        return now - datetime.timedelta(hours=1), now + datetime.timedelta(minutes=1)

    def test_dynamodb_write_reaches_the_replica_after_the_latency(self):
        east = self.client("dynamodb", "us-east-1")
        west = self.client("dynamodb", "us-west-2")
        table = dc.unique("orders")
        east.create_table(TableName=table,
                          AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                          KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                          BillingMode="PAY_PER_REQUEST")
        self.advance(10)
        east.update_table(TableName=table, ReplicaUpdates=[{"Create": {"RegionName": "us-west-2"}}])
        self.advance(60)
        self.assertEqual(west.describe_table(TableName=table)["Table"]["TableStatus"], "ACTIVE")

        east.put_item(TableName=table, Item={"pk": {"S": "canary"}, "v": {"S": "1"}})
        self.assertNotIn("Item", west.get_item(TableName=table, Key={"pk": {"S": "canary"}}),
                         "replicated with no latency")
        self.advance(1)  # the default latency is 500 ms +/- 400 ms
        got = west.get_item(TableName=table, Key={"pk": {"S": "canary"}})
        self.assertEqual(got.get("Item", {}).get("v"), {"S": "1"})

        start, end = self.window()
        stats = self.client("cloudwatch", "us-east-1").get_metric_statistics(
            Namespace="AWS/DynamoDB", MetricName="ReplicationLatency",
            Dimensions=[{"Name": "TableName", "Value": table},
                        {"Name": "ReceivingRegion", "Value": "us-west-2"}],
            StartTime=start, EndTime=end, Period=60, Statistics=["Maximum", "SampleCount"])
        self.assertEqual(len(stats["Datapoints"]), 1, stats)
        point = stats["Datapoints"][0]
        self.assertEqual(point["SampleCount"], 1.0)
        self.assertGreater(point["Maximum"], 0.0)
        self.assertLess(point["Maximum"], 1000.0)
        self.assertEqual(point["Unit"], "Milliseconds")

    def test_s3_object_goes_pending_then_completed(self):
        east = self.client("s3", "us-east-1")
        west = self.client("s3", "us-west-2")
        src, dst = dc.unique("src"), dc.unique("dst")
        east.create_bucket(Bucket=src)
        west.create_bucket(Bucket=dst, CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
        for client, bucket in ((east, src), (west, dst)):
            client.put_bucket_versioning(Bucket=bucket,
                                         VersioningConfiguration={"Status": "Enabled"})
        east.put_bucket_replication(Bucket=src, ReplicationConfiguration={
            "Role": "arn:aws:iam::123456789012:role/s3-replication",
            "Rules": [{
                "ID": "rtc",
                "Priority": 1,
                "Filter": {"Prefix": ""},
                "Status": "Enabled",
                "Destination": {
                    "Bucket": "arn:aws:s3:::" + dst,
                    "ReplicationTime": {"Status": "Enabled", "Time": {"Minutes": 15}},
                    "Metrics": {"Status": "Enabled", "EventThreshold": {"Minutes": 15}},
                },
                "DeleteMarkerReplication": {"Status": "Enabled"},
            }],
        })
        put = east.put_object(Bucket=src, Key="orders/1.json", Body=b"{}",
                              Metadata={"owner": "dr"})
        head = east.head_object(Bucket=src, Key="orders/1.json")
        self.assertEqual(head["ReplicationStatus"], "PENDING")
        self.assertAwsError("404", west.head_object, Bucket=dst, Key="orders/1.json")

        self.advance(10)  # RTC: 5 s +/- 4 s
        self.assertEqual(east.head_object(Bucket=src, Key="orders/1.json")["ReplicationStatus"],
                         "COMPLETED")
        copy = west.head_object(Bucket=dst, Key="orders/1.json")
        self.assertEqual(copy["ReplicationStatus"], "REPLICA")
        self.assertEqual(copy["VersionId"], put["VersionId"])
        self.assertEqual(copy["Metadata"], {"owner": "dr"})

        self.advance(60)  # a metrics minute
        start, end = self.window()
        stats = self.client("cloudwatch", "us-east-1").get_metric_statistics(
            Namespace="AWS/S3", MetricName="OperationsPendingReplication",
            Dimensions=[{"Name": "SourceBucket", "Value": src},
                        {"Name": "DestinationBucket", "Value": dst},
                        {"Name": "RuleId", "Value": "rtc"}],
            StartTime=start, EndTime=end, Period=60, Statistics=["Maximum"])
        self.assertTrue(stats["Datapoints"], stats)
        latest = max(stats["Datapoints"], key=lambda p: p["Timestamp"])
        self.assertEqual(latest["Maximum"], 0.0)


if __name__ == "__main__":
    dc.main()
