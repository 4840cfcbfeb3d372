"""S3 through boto3 against drh serve: buckets in two regions, versioning, replication
returned as put, default encryption, objects and their versions, listings with paging,
path-style and virtual-hosted addressing, and the AWS error codes."""

import hashlib
import urllib.parse

import drh_conformance as dc


def replication_config(destination_bucket):
    return {
        "Role": "arn:aws:iam::123456789012:role/s3-replication",
        "Rules": [
            {
                "ID": "orders",
                "Priority": 10,
                "Filter": {"And": {"Prefix": "orders/", "Tags": [
                    {"Key": "tier", "Value": "gold"}, {"Key": "dr", "Value": "yes"}]}},
                "Status": "Enabled",
                "SourceSelectionCriteria": {"ReplicaModifications": {"Status": "Enabled"}},
                "Destination": {
                    "Bucket": "arn:aws:s3:::" + destination_bucket,
                    "StorageClass": "STANDARD_IA",
                    "ReplicationTime": {"Status": "Enabled", "Time": {"Minutes": 15}},
                    "Metrics": {"Status": "Enabled", "EventThreshold": {"Minutes": 15}},
                },
                "DeleteMarkerReplication": {"Status": "Disabled"},
            },
            {
                "ID": "everything-else",
                "Priority": 1,
                "Filter": {"Prefix": ""},
                "Status": "Enabled",
                "Destination": {"Bucket": "arn:aws:s3:::" + destination_bucket},
                "DeleteMarkerReplication": {"Status": "Enabled"},
            },
        ],
    }


class S3(dc.ConformanceCase):
    def setUp(self):
        super().setUp()
        self.east = dc.client("s3", "us-east-1")
        self.west = dc.client("s3", "us-west-2")

    def bucket(self, client, region, versioned=False):
        name = dc.unique("bkt")
        if region == "us-east-1":
            client.create_bucket(Bucket=name)
        else:
            client.create_bucket(Bucket=name,
                                 CreateBucketConfiguration={"LocationConstraint": region})
        if versioned:
            client.put_bucket_versioning(Bucket=name,
                                         VersioningConfiguration={"Status": "Enabled"})
        return name

    def test_buckets_in_two_regions(self):
        east = self.bucket(self.east, "us-east-1")
        west = self.bucket(self.west, "us-west-2")
        self.assertIsNone(self.east.get_bucket_location(Bucket=east)["LocationConstraint"])
        self.assertEqual(self.east.get_bucket_location(Bucket=west)["LocationConstraint"],
                         "us-west-2")
        head = self.west.head_bucket(Bucket=west)
        self.assertEqual(head["ResponseMetadata"]["HTTPHeaders"]["x-amz-bucket-region"],
                         "us-west-2")
        listed = {b["Name"]: b for b in self.west.list_buckets()["Buckets"]}
        self.assertEqual(listed[east]["BucketRegion"], "us-east-1")
        self.assertEqual(listed[west]["BucketRegion"], "us-west-2")
        pages = list(self.east.get_paginator("list_buckets").paginate(
            PaginationConfig={"PageSize": 1}))
        self.assertGreaterEqual(len(pages), 2)
        # A client in the wrong region is redirected (301 + x-amz-bucket-region) and boto3
        # follows to the bucket's region.
        self.assertEqual(self.east.get_bucket_versioning(Bucket=west)["ResponseMetadata"]
                         ["HTTPStatusCode"], 200)
        enc = self.west.get_bucket_encryption(Bucket=west)["ServerSideEncryptionConfiguration"]
        self.assertEqual(enc["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"],
                         "AES256")
        self.west.delete_bucket(Bucket=west)
        self.assertAwsError("404", self.west.head_bucket, Bucket=west)

    def test_bucket_error_codes(self):
        mine = self.bucket(self.west, "us-west-2")
        err = self.assertAwsError("BucketAlreadyOwnedByYou", self.west.create_bucket, Bucket=mine,
                                  CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
        self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], 409)
        self.assertAwsError("InvalidBucketName", self.east.create_bucket, Bucket="Bad_Bucket")
        self.assertAwsError("IllegalLocationConstraintException", self.west.create_bucket,
                            Bucket=dc.unique("bkt"),
                            CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        err = self.assertAwsError("NoSuchBucket", self.east.get_bucket_versioning,
                                  Bucket=dc.unique("absent"))
        self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], 404)
        self.west.put_object(Bucket=mine, Key="k", Body=b"x")
        self.assertAwsError("BucketNotEmpty", self.west.delete_bucket, Bucket=mine)
        self.assertAwsError("NoSuchKey", self.west.get_object, Bucket=mine, Key="missing")
        self.assertAwsError("404", self.west.head_object, Bucket=mine, Key="missing")
        self.assertAwsError("ReplicationConfigurationNotFoundError",
                            self.west.get_bucket_replication, Bucket=mine)
        self.assertAwsError("NotImplemented", self.west.get_bucket_policy, Bucket=mine)

    def test_replication_is_returned_as_put(self):
        source = self.bucket(self.east, "us-east-1", versioned=True)
        destination = self.bucket(self.west, "us-west-2")
        config = replication_config(destination)
        err = self.assertAwsError("InvalidRequest", self.east.put_bucket_replication,
                                  Bucket=source, ReplicationConfiguration=config)
        self.assertIn("versioning", err.response["Error"]["Message"])
        self.west.put_bucket_versioning(Bucket=destination,
                                        VersioningConfiguration={"Status": "Enabled"})
        self.east.put_bucket_replication(Bucket=source, ReplicationConfiguration=config)
        got = self.east.get_bucket_replication(Bucket=source)["ReplicationConfiguration"]
        self.assertEqual(got, config)
        self.assertEqual(self.east.get_bucket_versioning(Bucket=source)["Status"], "Enabled")
        self.east.delete_bucket_replication(Bucket=source)
        self.assertAwsError("ReplicationConfigurationNotFoundError",
                            self.east.get_bucket_replication, Bucket=source)

    def test_objects_versions_and_listings(self):
        bucket = self.bucket(self.west, "us-west-2", versioned=True)
        body = bytes(range(256)) * 4
        put = self.west.put_object(Bucket=bucket, Key="data/blob.bin", Body=body,
                                   ContentType="application/octet-stream",
                                   Metadata={"origin": "conformance"})
        self.assertEqual(put["ETag"], '"%s"' % hashlib.md5(body).hexdigest())
        first_version = put["VersionId"]
        got = self.west.get_object(Bucket=bucket, Key="data/blob.bin")
        self.assertEqual(got["Body"].read(), body)
        self.assertEqual(got["Metadata"], {"origin": "conformance"})
        self.assertEqual(got["VersionId"], first_version)
        part = self.west.get_object(Bucket=bucket, Key="data/blob.bin", Range="bytes=10-19")
        self.assertEqual(part["Body"].read(), body[10:20])
        self.assertEqual(part["ContentRange"], "bytes 10-19/1024")
        head = self.west.head_object(Bucket=bucket, Key="data/blob.bin")
        self.assertEqual(head["ContentLength"], 1024)

        second = self.west.put_object(Bucket=bucket, Key="data/blob.bin", Body=b"v2")
        self.assertNotEqual(second["VersionId"], first_version)
        old = self.west.get_object(Bucket=bucket, Key="data/blob.bin", VersionId=first_version)
        self.assertEqual(old["Body"].read(), body)
        deleted = self.west.delete_object(Bucket=bucket, Key="data/blob.bin")
        self.assertTrue(deleted["DeleteMarker"])
        self.assertAwsError("NoSuchKey", self.west.get_object, Bucket=bucket, Key="data/blob.bin")
        self.assertAwsError("NoSuchVersion", self.west.get_object, Bucket=bucket,
                            Key="data/blob.bin", VersionId="A" * 32)

        for i in range(7):
            self.west.put_object(Bucket=bucket, Key=f"orders/{i:03d} x+y.json", Body=b"{}")
        keys = [o["Key"] for p in self.west.get_paginator("list_objects_v2").paginate(
            Bucket=bucket, Prefix="orders/", PaginationConfig={"PageSize": 2}) for o in p["Contents"]]
        self.assertEqual(keys, [f"orders/{i:03d} x+y.json" for i in range(7)])
        top = self.west.list_objects_v2(Bucket=bucket, Delimiter="/")
        self.assertEqual([p["Prefix"] for p in top["CommonPrefixes"]], ["orders/"])
        self.assertNotIn("Contents", top)  # data/blob.bin's latest version is a delete marker
        v1 = self.west.list_objects(Bucket=bucket, Prefix="orders/", MaxKeys=3)
        self.assertTrue(v1["IsTruncated"])
        self.assertEqual(len(v1["Contents"]), 3)

        pages = list(self.west.get_paginator("list_object_versions").paginate(
            Bucket=bucket, Prefix="data/", PaginationConfig={"PageSize": 1}))
        self.assertEqual(len(pages), 3)
        versions = [v for p in pages for v in p.get("Versions", [])]
        markers = [m for p in pages for m in p.get("DeleteMarkers", [])]
        self.assertEqual(len(versions), 2)
        self.assertEqual(len(markers), 1)
        self.assertTrue(markers[0]["IsLatest"])

        removed = self.west.delete_objects(Bucket=bucket, Delete={"Objects": [
            {"Key": f"orders/{i:03d} x+y.json"} for i in range(7)]})
        self.assertEqual(len(removed["Deleted"]), 7)
        self.assertNotIn("Contents", self.west.list_objects_v2(Bucket=bucket, Prefix="orders/"))

    def test_virtual_hosted_addressing(self):
        bucket = self.bucket(self.east, "us-east-1")
        self.east.put_object(Bucket=bucket, Key="dir/hello world.txt", Body=b"hi")
        port = urllib.parse.urlparse(dc.endpoint()).port
        for host in (f"{bucket}.localhost:{port}", f"{bucket}.s3.us-east-1.amazonaws.com",
                     f"{bucket}.s3.amazonaws.com"):
            status, headers, body = dc.raw_request("s3", "us-east-1", "GET",
                                                   "/dir/hello%20world.txt", host=host)
            self.assertEqual((status, body), (200, b"hi"), host)
            status, headers, body = dc.raw_request("s3", "us-east-1", "GET", "/?list-type=2",
                                                   host=host)
            self.assertEqual(status, 200, body)
            dc.check_raw("s3", "ListObjectsV2", status, headers, body)
            self.assertIn(b"<Key>dir/hello world.txt</Key>", body)
        status, headers, body = dc.raw_request("s3", "us-east-1", "GET", "/?versioning",
                                               host=f"{bucket}.localhost:{port}")
        dc.check_raw("s3", "GetBucketVersioning", status, headers, body)
        self.assertEqual(status, 200)


if __name__ == "__main__":
    dc.main()
