"""Aurora Global Database dynamics through boto3 against drh serve: the lag metrics the
secondary publishes into CloudWatch in its own Region every minute, a switchover that
waits for the secondary to catch up before it flips the writer, a failover with
AllowDataLoss that reports what it lost and brings the former primary back as a
secondary, and the Region a switchover must be called in.

The server is shared and its clock may be advanced by other tests at the same time, so
every check is of something that must have happened by then, never of a state that more
time would end."""

import datetime

import drh_conformance as dc

EAST, WEST = "us-east-1", "us-west-2"
PASSWORD = "conformance-pass-1"


def arn(region, cluster_id):
    return f"arn:aws:rds:{region}:{dc.ACCOUNT}:cluster:{cluster_id}"


class AuroraDynamics(dc.ConformanceCase):
    def setUp(self):
        super().setUp()
        self.east = dc.client("rds", EAST)
        self.west = dc.client("rds", WEST)

    def global_database(self):
        gid = dc.unique("lagdb")
        self.east.create_global_cluster(GlobalClusterIdentifier=gid, Engine="aurora-mysql")
        primary, secondary = gid + "-east", gid + "-west"
        self.east.create_db_cluster(DBClusterIdentifier=primary, Engine="aurora-mysql",
                                    GlobalClusterIdentifier=gid, MasterUsername="dradmin",
                                    MasterUserPassword=PASSWORD)
        self.west.create_db_cluster(DBClusterIdentifier=secondary, Engine="aurora-mysql",
                                    GlobalClusterIdentifier=gid)
        self.east.create_db_instance(DBInstanceIdentifier=primary + "-1", Engine="aurora-mysql",
                                     DBInstanceClass="db.r6g.large", DBClusterIdentifier=primary)
        self.west.create_db_instance(DBInstanceIdentifier=secondary + "-1", Engine="aurora-mysql",
                                     DBInstanceClass="db.r6g.large",
                                     DBClusterIdentifier=secondary)
        dc.advance(120)
        return gid, primary, secondary

    def now(self):
        status, clock = dc.admin("GET", "/_drh/clock")
        self.assertEqual(status, 200, clock)
        return datetime.datetime.fromtimestamp(clock["epoch_ms"] / 1000, tz=datetime.timezone.utc)

    def messages(self, client, cluster_id):
        events = client.describe_events(SourceType="db-cluster", SourceIdentifier=cluster_id,
                                        Duration=24 * 60)["Events"]
        return [e["Message"] for e in events]

    def test_lag_metrics_in_the_secondary_region(self):
        _, primary, secondary = self.global_database()
        dc.advance(180)
        west = dc.client("cloudwatch", WEST)
        east = dc.client("cloudwatch", EAST)
        end = self.now()
        for name in ("AuroraGlobalDBReplicationLag", "AuroraGlobalDBRPOLag"):
            for dims in ([{"Name": "DBClusterIdentifier", "Value": secondary}],
                         [{"Name": "DBClusterIdentifier", "Value": secondary},
                          {"Name": "SourceRegion", "Value": EAST}]):
                points = west.get_metric_statistics(
                    Namespace="AWS/RDS", MetricName=name, Dimensions=dims,
                    StartTime=end - datetime.timedelta(minutes=3), EndTime=end, Period=60,
                    Statistics=["Maximum", "SampleCount"])["Datapoints"]
                self.assertGreaterEqual(len(points), 2, (name, dims))
                for p in points:
                    self.assertEqual(p["Unit"], "Milliseconds")
                    self.assertEqual(p["SampleCount"], 1.0)
                    self.assertGreaterEqual(p["Maximum"], 0.0)
                    self.assertLess(p["Maximum"], 1000.0, "lag under a second by default")
            listed = west.list_metrics(Namespace="AWS/RDS", MetricName=name,
                                       Dimensions=[{"Name": "DBClusterIdentifier",
                                                    "Value": secondary}])["Metrics"]
            self.assertEqual(sorted(sorted(d["Name"] for d in m["Dimensions"]) for m in listed),
                             [["DBClusterIdentifier"], ["DBClusterIdentifier", "SourceRegion"]])
            # The primary publishes none, and nothing lands in its Region.
            for region_client, cluster in ((east, primary), (east, secondary), (west, primary)):
                none = region_client.list_metrics(
                    Namespace="AWS/RDS", MetricName=name,
                    Dimensions=[{"Name": "DBClusterIdentifier", "Value": cluster}])["Metrics"]
                self.assertEqual(none, [], (name, cluster))

    def test_switchover_synchronises_then_flips_the_writer(self):
        gid, primary, secondary = self.global_database()
        self.assertAwsError("InvalidParameterValue", dc.client("rds", "eu-west-1")
                            .switchover_global_cluster, GlobalClusterIdentifier=gid,
                            TargetDbClusterIdentifier=arn(WEST, secondary))
        started = self.east.switchover_global_cluster(
            GlobalClusterIdentifier=gid, TargetDbClusterIdentifier=arn(WEST, secondary))
        self.assertEqual(started["GlobalCluster"]["Status"], "switching-over")
        self.assertEqual(started["GlobalCluster"]["FailoverState"], {
            "Status": "switching-over", "FromDbClusterArn": arn(EAST, primary),
            "ToDbClusterArn": arn(WEST, secondary), "IsDataLossAllowed": False})
        dc.advance(90)
        g = self.west.describe_global_clusters(GlobalClusterIdentifier=gid)["GlobalClusters"][0]
        self.assertEqual(g["Status"], "available")
        self.assertNotIn("FailoverState", g)
        members = {m["DBClusterArn"]: m for m in g["GlobalClusterMembers"]}
        self.assertTrue(members[arn(WEST, secondary)]["IsWriter"])
        self.assertFalse(members[arn(EAST, primary)]["IsWriter"])
        self.assertEqual(members[arn(EAST, primary)]["SynchronizationStatus"], "connected")
        for client, cluster in ((self.east, primary), (self.west, secondary)):
            c = client.describe_db_clusters(DBClusterIdentifier=cluster)["DBClusters"][0]
            self.assertEqual(c["Status"], "available")
        messages = self.messages(self.west, secondary)
        applied = [m for m in messages if "has applied all" in m]
        self.assertEqual(len(applied), 1, messages)
        self.assertIn(f"Global switchover to DB cluster {secondary} in Region {WEST} completed.",
                      messages)
        self.assertLess(messages.index(applied[0]), messages.index(
            f"Global switchover to DB cluster {secondary} in Region {WEST} completed."))

    def test_failover_with_data_loss_reports_the_tail_and_the_old_primary_rejoins(self):
        gid, primary, secondary = self.global_database()
        started = self.west.failover_global_cluster(
            GlobalClusterIdentifier=gid, TargetDbClusterIdentifier=arn(WEST, secondary),
            AllowDataLoss=True)
        self.assertEqual(started["GlobalCluster"]["FailoverState"]["Status"], "failing-over")
        self.assertTrue(started["GlobalCluster"]["FailoverState"]["IsDataLossAllowed"])
        dc.advance(60)
        g = self.west.describe_global_clusters(GlobalClusterIdentifier=gid)["GlobalClusters"][0]
        members = {m["DBClusterArn"]: m for m in g["GlobalClusterMembers"]}
        self.assertTrue(members[arn(WEST, secondary)]["IsWriter"])
        self.assertFalse(members[arn(EAST, primary)]["IsWriter"])
        # us-east-1 is up: the former primary is back as a connected secondary.
        self.assertEqual(members[arn(EAST, primary)]["SynchronizationStatus"], "connected")
        west_messages = self.messages(self.west, secondary)
        self.assertIn(f"Global failover to DB cluster {secondary} allowed data loss: 0 commits "
                      f"(0.000 seconds of writes) on DB cluster {primary} had not been "
                      f"replicated and are lost.", west_messages)
        east_messages = self.messages(self.east, primary)
        self.assertTrue(any(m.startswith(f"DB cluster {primary} rejoined global cluster {gid} "
                                         f"as a secondary of DB cluster {secondary}")
                            for m in east_messages), east_messages)


if __name__ == "__main__":
    dc.main()
