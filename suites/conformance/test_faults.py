"""Fault injection over drh serve's admin endpoints, seen by boto3.

Faults are injected with POST /_drh/faults, listed with GET, removed with DELETE, and
timed on the server's manual clock (dc.advance). The server is shared with the other
scripts: every fault here is scoped to regions they do not use (ap-southeast-1,
eu-central-1) and removed in tearDown.
"""

import time

from botocore.exceptions import ClientError

import drh_conformance as dc

ASIA = "ap-southeast-1"
EUROPE = "eu-central-1"


class Faults(dc.ConformanceCase):
    def setUp(self):
        super().setUp()
        self.ids = []

    def tearDown(self):
        for fault_id in self.ids:
            dc.admin("DELETE", f"/_drh/faults/{fault_id}")
        super().tearDown()

    def inject(self, *faults):
        body = faults[0] if len(faults) == 1 else list(faults)
        status, reply = dc.admin("POST", "/_drh/faults", body)
        self.assertEqual(status, 201, reply)
        self.ids.extend(reply["ids"])
        return reply["ids"]

    def listed(self, fault_id):
        status, reply = dc.admin("GET", "/_drh/faults")
        self.assertEqual(status, 200, reply)
        return next((f for f in reply["faults"] if f["id"] == fault_id), None)

    def client_error(self, fn, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            fn(**kwargs)
        return ctx.exception.response

    def test_injected_throttling_is_retried_by_boto3_and_ends_with_its_duration(self):
        ddb = dc.client("dynamodb", ASIA)
        ddb.list_tables()
        # No duration: other scripts move the shared clock meanwhile, and a fault that
        # expired under them would make this flaky. The duration is checked below.
        [fault_id] = self.inject({"kind": "api-error", "service": "dynamodb",
                                  "operation": "ListTables", "region": ASIA,
                                  "code": "ThrottlingException", "status": 400})
        error = self.client_error(ddb.list_tables)
        self.assertEqual(error["Error"]["Code"], "ThrottlingException")
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 400)
        # boto3's standard retry mode (retries max_attempts 2 in dc.client) retried the
        # throttled call twice, then gave up with it.
        self.assertEqual(error["ResponseMetadata"]["RetryAttempts"], 2, error)
        self.assertTrue(error["ResponseMetadata"]["MaxAttemptsReached"], error)
        # Other operations and regions are untouched.
        missing = self.client_error(ddb.describe_table, TableName=dc.unique("no-such-table"))
        self.assertEqual(missing["Error"]["Code"], "ResourceNotFoundException")
        dc.client("dynamodb", EUROPE).list_tables()

        listed = self.listed(fault_id)
        self.assertIsNotNone(listed)
        self.assertEqual(listed["kind"], "api-error")
        self.assertEqual(listed["code"], "ThrottlingException")
        self.assertEqual(listed["hits"], 3)
        self.assertIsNone(listed.get("remaining_seconds"))  # until removed

        status, _ = dc.admin("DELETE", f"/_drh/faults/{fault_id}")
        self.assertEqual(status, 200)
        ddb.list_tables()

        # With a duration it ends by itself (other scripts' clock moves only end it sooner).
        [timed] = self.inject({"kind": "api-error", "service": "dynamodb",
                               "operation": "ListTables", "region": ASIA,
                               "code": "ThrottlingException", "status": 400,
                               "duration_seconds": 60})
        listed = self.listed(timed)
        if listed is not None:
            self.assertGreater(listed["remaining_seconds"], 0)
            self.assertLessEqual(listed["remaining_seconds"], 60)
        dc.advance(60)
        ddb.list_tables()  # the fault ended with its duration
        self.assertIsNone(self.listed(timed))

    def test_server_errors_in_each_protocol_look_like_aws(self):
        self.inject({"kind": "api-error", "service": "sns", "region": ASIA,
                     "code": "InternalFailure", "status": 500},
                    {"kind": "api-error", "service": "ec2", "region": ASIA,
                     "operation": "DescribeVpcs", "code": "RequestLimitExceeded"},
                    {"kind": "api-error", "service": "s3", "region": ASIA,
                     "operation": "ListBuckets", "status": 503})
        sns = self.client_error(dc.client("sns", ASIA).list_topics)
        self.assertEqual(sns["Error"]["Code"], "InternalFailure")
        self.assertEqual(sns["ResponseMetadata"]["HTTPStatusCode"], 500)
        ec2 = self.client_error(dc.client("ec2", ASIA).describe_vpcs)
        self.assertEqual(ec2["Error"]["Code"], "RequestLimitExceeded")
        self.assertEqual(ec2["ResponseMetadata"]["HTTPStatusCode"], 503)
        s3 = self.client_error(dc.client("s3", ASIA).list_buckets)
        self.assertEqual(s3["Error"]["Code"], "ServiceUnavailable")
        self.assertEqual(s3["ResponseMetadata"]["RetryAttempts"], 2, s3)

    def test_region_outage_fails_the_region_and_delete_ends_it(self):
        [fault_id] = self.inject({"kind": "region-outage", "region": ASIA})
        for service, call in (("sns", "list_topics"), ("ec2", "describe_vpcs"),
                              ("dynamodb", "list_tables"), ("rds", "describe_db_clusters")):
            error = self.client_error(getattr(dc.client(service, ASIA), call))
            self.assertEqual(error["Error"]["Code"], "ServiceUnavailable", (service, error))
            self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 503, service)
        dc.client("sns", EUROPE).list_topics()  # another region serves
        dc.client("route53", ASIA).list_hosted_zones()  # global: not in the outage

        listed = self.listed(fault_id)
        self.assertIsNone(listed["remaining_seconds"])
        self.assertIsNone(listed["until"])
        status, reply = dc.admin("DELETE", f"/_drh/faults/{fault_id}")
        self.assertEqual(status, 200, reply)
        dc.client("sns", ASIA).list_topics()
        status, reply = dc.admin("DELETE", f"/_drh/faults/{fault_id}")
        self.assertEqual(status, 404, reply)
        self.assertIn(fault_id, reply["message"])

    def test_latency_moves_the_manual_clock(self):
        self.inject({"kind": "latency", "service": "sns", "region": ASIA, "latency_ms": 1500})
        sns = dc.client("sns", ASIA)
        before = dc.admin("GET", "/_drh/clock")[1]["epoch_ms"]
        started = time.monotonic()
        sns.list_topics()
        after = dc.admin("GET", "/_drh/clock")[1]["epoch_ms"]
        self.assertGreaterEqual(after - before, 1500)
        self.assertLess(time.monotonic() - started, 1.0, "a manual clock must not really wait")

    def test_partition_blackholes_the_peering_route_until_it_ends(self):
        asia, europe = dc.client("ec2", ASIA), dc.client("ec2", EUROPE)
        a = asia.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
        b = europe.create_vpc(CidrBlock="10.41.0.0/16")["Vpc"]["VpcId"]
        pcx = asia.create_vpc_peering_connection(VpcId=a, PeerVpcId=b, PeerRegion=EUROPE)
        pcx_id = pcx["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        dc.advance(10)
        europe.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)
        dc.advance(30)
        rtb = asia.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [a]}])
        rtb_id = rtb["RouteTables"][0]["RouteTableId"]
        asia.create_route(RouteTableId=rtb_id, DestinationCidrBlock="10.41.0.0/16",
                          VpcPeeringConnectionId=pcx_id)

        def state():
            tables = asia.describe_route_tables(RouteTableIds=[rtb_id])["RouteTables"]
            return next(r["State"] for r in tables[0]["Routes"]
                        if r.get("VpcPeeringConnectionId") == pcx_id)

        self.assertEqual(state(), "active")
        self.inject({"kind": "partition", "region": ASIA, "peer_region": EUROPE,
                     "duration_seconds": 300})
        self.assertEqual(state(), "blackhole")
        europe.describe_vpcs(VpcIds=[b])  # each side still serves its own callers
        dc.advance(300)
        self.assertEqual(state(), "active")

    def test_bad_bodies_get_400_naming_the_field(self):
        cases = [
            ("not json", "body"),
            ({"kind": "meteor", "region": ASIA}, "kind"),
            ({"kind": "region-outage"}, "region"),
            ({"kind": "api-error", "probability": 2}, "probability"),
            ({"kind": "api-error", "status": 200}, "status"),
            ({"kind": "api-error", "regoin": ASIA}, "regoin"),
            ({"kind": "latency", "latency_ms": "slow"}, "latency_ms"),
            ([{"kind": "region-outage", "region": ASIA}, {"kind": "partition", "region": ASIA}],
             "faults[1].peer_region"),
        ]
        for body, field in cases:
            if isinstance(body, str):
                status, reply = self.raw_post(body)
            else:
                status, reply = dc.admin("POST", "/_drh/faults", body)
            if status == 201:
                self.ids.extend(reply["ids"])
            self.assertEqual(status, 400, (body, reply))
            self.assertEqual(reply["error"], "InvalidInput")
            self.assertTrue(reply["message"].startswith(field + ":"), (body, reply))
        # Nothing of the half-bad list was injected.
        dc.client("sns", ASIA).list_topics()
        status, reply = dc.admin("DELETE", "/_drh/faults/fault-does-not-exist")
        self.assertEqual(status, 404, reply)

    def raw_post(self, text):
        import json
        import urllib.error
        import urllib.request

        req = urllib.request.Request(dc.endpoint() + "/_drh/faults", data=text.encode(),
                                     method="POST")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())


if __name__ == "__main__":
    dc.main()
