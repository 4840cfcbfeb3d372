"""`drh serve --state FILE`: a two-region DR world built with boto3 survives a restart.

Each test runs its own server (not the shared one): it builds resources of every
service, stops the server with SIGTERM (state saved), starts a new one on the same file
and reads everything back; pending transitions keep their virtual due time. A state file
that is not a saved state stops the server with a clear error and is left as it was."""

import json
import os
import signal
import subprocess
import tempfile

import drh_conformance as dc

EAST = "us-east-1"
WEST = "us-west-2"
ROLE = f"arn:aws:iam::{dc.ACCOUNT}:role/drh-lambda"


def zip_package():
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buf.getvalue()


class StateFile(dc.ConformanceCase):
    def setUp(self):
        super().setUp()
        self.dir = tempfile.TemporaryDirectory(prefix="drh-state-")
        self.path = os.path.join(self.dir.name, "world.json")

    def tearDown(self):
        self.dir.cleanup()
        super().tearDown()

    def start(self):
        return dc.start_server("--clock", "manual", "--state", self.path)

    def c(self, server, service, region=EAST):
        return dc.client(service, region, url=server.url)

    def build_world(self, s):
        """Creates one resource of each kind; returns what to expect after the restart."""
        ec2e, ec2w = self.c(s, "ec2"), self.c(s, "ec2", WEST)
        vpc_e = ec2e.create_vpc(CidrBlock="10.10.0.0/16")["Vpc"]["VpcId"]
        vpc_w = ec2w.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
        pcx = ec2e.create_vpc_peering_connection(VpcId=vpc_e, PeerVpcId=vpc_w, PeerRegion=WEST)[
            "VpcPeeringConnection"]["VpcPeeringConnectionId"]
        dc.advance(10, s.url)
        ec2w.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
        dc.advance(10, s.url)

        rdse, rdsw = self.c(s, "rds"), self.c(s, "rds", WEST)
        rdse.create_global_cluster(GlobalClusterIdentifier="orders-global",
                                   Engine="aurora-postgresql", EngineVersion="15.4")
        for client, cid in ((rdse, "orders-east"), (rdsw, "orders-west")):
            extra = {"MasterUsername": "dbadmin", "MasterUserPassword": "state-test-pw-1"} \
                if client is rdse else {}
            client.create_db_cluster(DBClusterIdentifier=cid, Engine="aurora-postgresql",
                                     EngineVersion="15.4",
                                     GlobalClusterIdentifier="orders-global", **extra)

        ddb = self.c(s, "dynamodb")
        ddb.create_table(TableName="orders", BillingMode="PAY_PER_REQUEST",
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
        dc.advance(30, s.url)
        ddb.put_item(TableName="orders", Item={"pk": {"S": "order-1"}, "total": {"N": "42.5"},
                                               "blob": {"B": b"\x00\xff"}})

        s3 = self.c(s, "s3")
        s3.create_bucket(Bucket="state-primary")
        s3.put_bucket_versioning(Bucket="state-primary",
                                 VersioningConfiguration={"Status": "Enabled"})
        version = s3.put_object(Bucket="state-primary", Key="data/a.bin",
                                Body=b"\x00binary\xff")["VersionId"]

        cw = self.c(s, "cloudwatch")
        cw.put_metric_alarm(AlarmName="orders-lag", Namespace="AWS/RDS",
                            MetricName="AuroraGlobalDBReplicationLag", Statistic="Average",
                            Dimensions=[{"Name": "DBClusterIdentifier", "Value": "orders-west"}],
                            Period=60, EvaluationPeriods=3, Threshold=500,
                            ComparisonOperator="GreaterThanThreshold")

        sns = self.c(s, "sns")
        topic = sns.create_topic(Name="dr-alerts")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="oncall@example.com")

        lam = self.c(s, "lambda", WEST)
        lam.create_function(FunctionName="health", Runtime="python3.12", Role=ROLE,
                            Handler="drh.health", Code={"ZipFile": zip_package()})

        # Last, so the record change is still PENDING (nothing advances the clock after it).
        r53 = self.c(s, "route53")
        zone = r53.create_hosted_zone(Name="state.example.com", CallerReference="state-zone")[
            "HostedZone"]["Id"]
        hc = r53.create_health_check(CallerReference="state-hc", HealthCheckConfig={
            "Type": "HTTPS", "FullyQualifiedDomainName": "primary.state.example.com",
            "ResourcePath": "/health", "RequestInterval": 10, "FailureThreshold": 3})[
            "HealthCheck"]["Id"]
        change = r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
            {"Action": "CREATE", "ResourceRecordSet": {
                "Name": "app.state.example.com", "Type": "A", "TTL": 60,
                "SetIdentifier": "primary", "Failover": "PRIMARY", "HealthCheckId": hc,
                "ResourceRecords": [{"Value": "10.10.0.10"}]}},
            {"Action": "CREATE", "ResourceRecordSet": {
                "Name": "app.state.example.com", "Type": "A", "TTL": 60,
                "SetIdentifier": "secondary", "Failover": "SECONDARY",
                "ResourceRecords": [{"Value": "10.20.0.10"}]}}]})["ChangeInfo"]
        self.assertEqual(change["Status"], "PENDING")

        return {"vpc_e": vpc_e, "vpc_w": vpc_w, "pcx": pcx, "zone": zone, "hc": hc,
                "change": change["Id"], "version": version, "topic": topic}

    def check_world(self, s, want):
        ec2e, ec2w = self.c(s, "ec2"), self.c(s, "ec2", WEST)
        self.assertEqual([v["CidrBlock"] for v in ec2e.describe_vpcs(VpcIds=[want["vpc_e"]])["Vpcs"]],
                         ["10.10.0.0/16"])
        self.assertEqual(ec2w.describe_vpcs(VpcIds=[want["vpc_w"]])["Vpcs"][0]["VpcId"], want["vpc_w"])
        peering = ec2w.describe_vpc_peering_connections(
            VpcPeeringConnectionIds=[want["pcx"]])["VpcPeeringConnections"][0]
        self.assertEqual(peering["Status"]["Code"], "active")

        members = self.c(s, "rds", WEST).describe_global_clusters(
            GlobalClusterIdentifier="orders-global")["GlobalClusters"][0]["GlobalClusterMembers"]
        writers = {m["DBClusterArn"].rsplit(":", 1)[1]: m["IsWriter"] for m in members}
        self.assertEqual(writers, {"orders-east": True, "orders-west": False})

        r53 = self.c(s, "route53")
        names = [(r["Name"], r.get("Failover")) for r in r53.list_resource_record_sets(
            HostedZoneId=want["zone"])["ResourceRecordSets"] if r["Type"] == "A"]
        self.assertEqual(sorted(names), [("app.state.example.com.", "PRIMARY"),
                                         ("app.state.example.com.", "SECONDARY")])
        self.assertEqual(r53.get_health_check(HealthCheckId=want["hc"])["HealthCheck"][
            "HealthCheckConfig"]["RequestInterval"], 10)

        item = self.c(s, "dynamodb").get_item(TableName="orders", Key={"pk": {"S": "order-1"}},
                                              ConsistentRead=True)["Item"]
        self.assertEqual(item["total"], {"N": "42.5"})
        self.assertEqual(item["blob"], {"B": b"\x00\xff"})

        got = self.c(s, "s3").get_object(Bucket="state-primary", Key="data/a.bin")
        self.assertEqual(got["Body"].read(), b"\x00binary\xff")
        self.assertEqual(got["VersionId"], want["version"])

        alarm = self.c(s, "cloudwatch").describe_alarms(AlarmNames=["orders-lag"])[
            "MetricAlarms"][0]
        self.assertEqual((alarm["Threshold"], alarm["EvaluationPeriods"]), (500.0, 3))

        subs = self.c(s, "sns").list_subscriptions_by_topic(TopicArn=want["topic"])[
            "Subscriptions"]
        self.assertEqual([x["Endpoint"] for x in subs], ["oncall@example.com"])

        fn = self.c(s, "lambda", WEST).get_function(FunctionName="health")["Configuration"]
        self.assertEqual(fn["Handler"], "drh.health")

    def test_world_survives_restart(self):
        first = self.start()
        want = self.build_world(first)
        _, clock_before = dc.admin("GET", "/_drh/clock", url=first.url)
        self.assertEqual(first.stop(signal.SIGTERM), 0)
        with open(self.path) as f:
            saved = json.load(f)  # the file is JSON a person can read
        self.assertIsInstance(saved, dict)

        second = self.start()
        _, clock_after = dc.admin("GET", "/_drh/clock", url=second.url)
        self.assertEqual(clock_after, clock_before)  # virtual time carries over
        self.check_world(second, want)

        # The record change was PENDING when saved; it still completes on schedule.
        r53 = self.c(second, "route53")
        self.assertEqual(r53.get_change(Id=want["change"])["ChangeInfo"]["Status"], "PENDING")
        dc.advance(60, second.url)
        self.assertEqual(r53.get_change(Id=want["change"])["ChangeInfo"]["Status"], "INSYNC")
        self.assertEqual(second.stop(signal.SIGTERM), 0)

        # A third start sees what the second one changed (INSYNC), not the first's file.
        third = self.start()
        self.assertEqual(self.c(third, "route53").get_change(Id=want["change"])["ChangeInfo"][
            "Status"], "INSYNC")
        self.check_world(third, want)

    def test_reset_is_saved_too(self):
        first = self.start()
        self.c(first, "sns").create_topic(Name="gone-after-reset")
        status, _ = dc.admin("POST", "/_drh/reset", url=first.url)
        self.assertEqual(status, 200)
        first.stop(signal.SIGTERM)
        second = self.start()
        self.assertEqual(self.c(second, "sns").list_topics()["Topics"], [])

    def test_bad_state_file_stops_the_server_and_is_kept(self):
        for content in ("{not json", '["a list"]', '{"services": 7}'):
            with self.subTest(content=content):
                with open(self.path, "w") as f:
                    f.write(content)
                done = subprocess.run([dc.drh_binary(), "serve", "--port", "0", "--state",
                                       self.path], capture_output=True, text=True, timeout=30)
                self.assertNotEqual(done.returncode, 0)
                self.assertIn(self.path, done.stdout + done.stderr)  # names the file
                with open(self.path) as f:
                    self.assertEqual(f.read(), content)  # nothing lost or overwritten


if __name__ == "__main__":
    dc.main()
