"""DynamoDB through boto3 against drh serve: tables in two regions over virtual time,
items of every type, condition expressions, Query/Scan paging, UpdateItem, global table
replicas (2019.11.21), point-in-time recovery, TTL, tags, and the AWS error codes."""

import drh_conformance as dc

EAST = "us-east-1"
WEST = "us-west-2"


class DynamoDb(dc.ConformanceCase):
    def setUp(self):
        super().setUp()
        self.east = dc.client("dynamodb", EAST)
        self.west = dc.client("dynamodb", WEST)

    def table(self, client, **extra):
        name = dc.unique("tbl")
        params = dict(
            TableName=name,
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                       {"AttributeName": "sk", "KeyType": "RANGE"}],
            BillingMode="PAY_PER_REQUEST",
        )
        params.update(extra)
        created = client.create_table(**params)["TableDescription"]
        self.assertEqual(created["TableStatus"], "CREATING")
        return name

    def active_table(self, client, **extra):
        name = self.table(client, **extra)
        dc.advance(10)
        return name

    def test_tables_in_two_regions(self):
        east = self.table(self.east, StreamSpecification={
            "StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
            SSESpecification={"Enabled": True, "SSEType": "KMS"},
            DeletionProtectionEnabled=True, Tags=[{"Key": "team", "Value": "dr"}])
        west = self.table(self.west)
        dc.advance(10)
        d = self.east.describe_table(TableName=east)["Table"]
        self.assertEqual(d["TableStatus"], "ACTIVE")
        self.assertEqual(d["TableArn"], f"arn:aws:dynamodb:{EAST}:{dc.ACCOUNT}:table/{east}")
        self.assertEqual(d["KeySchema"][0], {"AttributeName": "pk", "KeyType": "HASH"})
        self.assertEqual(d["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertEqual(d["StreamSpecification"]["StreamViewType"], "NEW_AND_OLD_IMAGES")
        self.assertTrue(d["LatestStreamArn"].startswith(d["TableArn"] + "/stream/"))
        self.assertEqual(d["SSEDescription"]["Status"], "ENABLED")
        self.assertTrue(d["DeletionProtectionEnabled"])
        w = self.west.describe_table(TableName=west)["Table"]
        self.assertTrue(w["TableArn"].startswith(f"arn:aws:dynamodb:{WEST}:"))
        self.assertIn(west, self.west.list_tables()["TableNames"])
        self.assertNotIn(west, self.east.list_tables()["TableNames"])
        self.east.get_waiter("table_exists").wait(TableName=east,
                                                  WaiterConfig={"Delay": 1, "MaxAttempts": 2})

    def test_list_tables_pages(self):
        names = sorted(self.table(self.east) for _ in range(5))
        seen = []
        for page in self.east.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 2}):
            seen.extend(page["TableNames"])
        for n in names:
            self.assertIn(n, seen)
        self.assertEqual(seen, sorted(seen))

    def test_errors(self):
        self.assertAwsError("ResourceNotFoundException", self.east.describe_table,
                            TableName="does-not-exist")
        self.assertAwsError("TableNotFoundException", self.east.describe_continuous_backups,
                            TableName="does-not-exist")
        err = self.assertAwsError("ValidationException", self.east.create_table,
                                  TableName=dc.unique("bad"),
                                  AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                                  KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                             {"AttributeName": "sk", "KeyType": "RANGE"}],
                                  BillingMode="PAY_PER_REQUEST")
        self.assertIn("Some index key attributes are not defined", err.response["Error"]["Message"])
        name = self.table(self.east)
        self.assertAwsError("ResourceInUseException", self.east.delete_table, TableName=name)
        self.assertAwsError("ResourceNotFoundException", self.east.put_item, TableName=name,
                            Item={"pk": {"S": "a"}, "sk": {"N": "1"}})
        status, headers, body = dc.raw_request(
            "dynamodb", EAST, "POST", "/", body=b"{}",
            headers={"X-Amz-Target": "DynamoDB_20120810.DescribeLimits",
                     "Content-Type": "application/x-amz-json-1.0"})
        self.assertEqual(status, 400)
        self.assertIn(b"UnknownOperationException", body)

    def test_items_of_every_type_and_conditions(self):
        name = self.active_table(self.east)
        item = {
            "pk": {"S": "all"}, "sk": {"N": "1"},
            "s": {"S": "text"}, "n": {"N": "1.50"}, "b": {"B": b"\x00\x01"},
            "t": {"BOOL": True}, "z": {"NULL": True},
            "m": {"M": {"l": {"L": [{"N": "1"}, {"S": "x"}]}}},
            "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]}, "bs": {"BS": [b"x", b"y"]},
        }
        self.east.put_item(TableName=name, Item=item, ConditionExpression="attribute_not_exists(pk)")
        got = self.east.get_item(TableName=name, Key={"pk": {"S": "all"}, "sk": {"N": "1"}},
                                 ConsistentRead=True)["Item"]
        self.assertEqual(got["n"], {"N": "1.5"})
        self.assertEqual(got["b"], {"B": b"\x00\x01"})
        self.assertEqual(got["m"], item["m"])
        self.assertEqual(sorted(got["bs"]["BS"]), [b"x", b"y"])
        err = self.assertAwsError("ConditionalCheckFailedException", self.east.put_item,
                                  TableName=name, Item=item,
                                  ConditionExpression="attribute_not_exists(pk)")
        self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        old = self.east.put_item(TableName=name, Item={"pk": {"S": "all"}, "sk": {"N": "1"}},
                                 ConditionExpression="#n > :v AND begins_with(s, :p)",
                                 ExpressionAttributeNames={"#n": "n"},
                                 ExpressionAttributeValues={":v": {"N": "1"}, ":p": {"S": "te"}},
                                 ReturnValues="ALL_OLD")
        self.assertEqual(old["Attributes"]["s"], {"S": "text"})
        err = self.assertAwsError("ValidationException", self.east.put_item, TableName=name,
                                  Item={"pk": {"S": "x"}, "sk": {"N": "1"}},
                                  ConditionExpression="status = :s",
                                  ExpressionAttributeValues={":s": {"S": "x"}})
        self.assertIn("reserved keyword; reserved keyword: status", err.response["Error"]["Message"])
        deleted = self.east.delete_item(TableName=name, Key={"pk": {"S": "all"}, "sk": {"N": "1"}},
                                        ReturnValues="ALL_OLD")
        self.assertEqual(deleted["Attributes"]["pk"], {"S": "all"})

    def test_query_scan_and_update(self):
        name = self.active_table(self.east)
        table = dc.client("dynamodb", EAST)
        for i in range(1, 8):
            table.put_item(TableName=name, Item={"pk": {"S": "q"}, "sk": {"N": str(i)},
                                                 "v": {"N": str(i * 10)}})
        pages = list(self.east.get_paginator("query").paginate(
            TableName=name, KeyConditionExpression="pk = :p AND sk >= :lo",
            ExpressionAttributeValues={":p": {"S": "q"}, ":lo": {"N": "2"}},
            ScanIndexForward=False, PaginationConfig={"PageSize": 2}))
        items = [i for p in pages for i in p["Items"]]
        self.assertGreaterEqual(len(pages), 3)
        self.assertEqual([i["sk"]["N"] for i in items], ["7", "6", "5", "4", "3", "2"])
        scanned = list(self.east.get_paginator("scan").paginate(
            TableName=name, FilterExpression="v > :x",
            ExpressionAttributeValues={":x": {"N": "30"}}, PaginationConfig={"PageSize": 3}))
        self.assertEqual(sum(p["Count"] for p in scanned), 4)
        updated = self.east.update_item(
            TableName=name, Key={"pk": {"S": "q"}, "sk": {"N": "1"}},
            UpdateExpression="SET v = v + :d, note = :n REMOVE gone",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeValues={":d": {"N": "5"}, ":n": {"S": "hi"}},
            ReturnValues="ALL_NEW")
        self.assertEqual(updated["Attributes"]["v"], {"N": "15"})
        self.assertAwsError("ValidationException", self.east.query, TableName=name,
                            KeyConditionExpression="sk = :a",
                            ExpressionAttributeValues={":a": {"N": "1"}})

    def test_global_table_replica(self):
        name = self.active_table(self.east)
        self.east.put_item(TableName=name, Item={"pk": {"S": "seed"}, "sk": {"N": "1"}})
        d = self.east.update_table(TableName=name,
                                   ReplicaUpdates=[{"Create": {"RegionName": WEST}}])["TableDescription"]
        self.assertEqual(d["TableStatus"], "UPDATING")
        self.assertEqual(d["GlobalTableVersion"], "2019.11.21")
        self.assertEqual(d["Replicas"], [{"RegionName": WEST, "ReplicaStatus": "CREATING"}])
        self.assertEqual(self.west.describe_table(TableName=name)["Table"]["TableStatus"], "CREATING")
        dc.advance(60)
        e = self.east.describe_table(TableName=name)["Table"]
        w = self.west.describe_table(TableName=name)["Table"]
        self.assertEqual(e["TableStatus"], "ACTIVE")
        self.assertEqual(e["Replicas"][0]["ReplicaStatus"], "ACTIVE")
        self.assertEqual(w["Replicas"], [{"RegionName": EAST, "ReplicaStatus": "ACTIVE"}])
        self.assertIn("Item", self.west.get_item(TableName=name,
                                                 Key={"pk": {"S": "seed"}, "sk": {"N": "1"}}))
        self.assertAwsError("ValidationException", self.west.update_table, TableName=name,
                            StreamSpecification={"StreamEnabled": False})
        self.east.update_table(TableName=name, ReplicaUpdates=[{"Delete": {"RegionName": WEST}}])
        dc.advance(30)
        self.assertAwsError("ResourceNotFoundException", self.west.describe_table, TableName=name)
        self.assertNotIn("Replicas", self.east.describe_table(TableName=name)["Table"])

    def test_backups_ttl_tags_and_delete(self):
        name = self.active_table(self.east)
        arn = f"arn:aws:dynamodb:{EAST}:{dc.ACCOUNT}:table/{name}"
        pitr = self.east.update_continuous_backups(
            TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        desc = pitr["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        self.assertEqual(desc["PointInTimeRecoveryStatus"], "ENABLED")
        self.assertIn("EarliestRestorableDateTime", desc)
        self.east.update_time_to_live(TableName=name, TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "expires"})
        ttl = self.east.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        self.assertEqual(ttl, {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"})
        self.east.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}])
        self.assertEqual(self.east.list_tags_of_resource(ResourceArn=arn)["Tags"],
                         [{"Key": "a", "Value": "1"}])
        self.assertEqual(self.east.delete_table(TableName=name)["TableDescription"]["TableStatus"],
                         "DELETING")
        dc.advance(5)
        self.assertAwsError("ResourceNotFoundException", self.east.describe_table, TableName=name)


if __name__ == "__main__":
    dc.main()
