"""RDS (Aurora) through boto3 against drh serve: a global database across two regions,
instances and writers, identifier filters and Marker paging, a failover and a switchover
on the server's clock, events, and the AWS error codes with their HTTP statuses."""

import drh_conformance as dc

EAST, WEST = "us-east-1", "us-west-2"
PASSWORD = "conformance-pass-1"


def arn(region, cluster_id):
    return f"arn:aws:rds:{region}:{dc.ACCOUNT}:cluster:{cluster_id}"


class Rds(dc.ConformanceCase):
    def setUp(self):
        super().setUp()
        self.east = dc.client("rds", EAST)
        self.west = dc.client("rds", WEST)

    def global_database(self):
        """A global cluster with an available primary (east) and secondary (west)."""
        gid = dc.unique("orders")
        self.east.create_global_cluster(GlobalClusterIdentifier=gid, Engine="aurora-postgresql",
                                        EngineVersion="15.4", DatabaseName="orders")
        primary, secondary = gid + "-primary", gid + "-secondary"
        self.east.create_db_cluster(DBClusterIdentifier=primary, Engine="aurora-postgresql",
                                    GlobalClusterIdentifier=gid, MasterUsername="dradmin",
                                    MasterUserPassword=PASSWORD, StorageEncrypted=True,
                                    ServerlessV2ScalingConfiguration={"MinCapacity": 0.5,
                                                                      "MaxCapacity": 8})
        self.west.create_db_cluster(DBClusterIdentifier=secondary, Engine="aurora-postgresql",
                                    GlobalClusterIdentifier=gid)
        self.east.create_db_instance(DBInstanceIdentifier=primary + "-1",
                                     DBInstanceClass="db.serverless", Engine="aurora-postgresql",
                                     DBClusterIdentifier=primary)
        self.west.create_db_instance(DBInstanceIdentifier=secondary + "-1",
                                     DBInstanceClass="db.r6g.large", Engine="aurora-postgresql",
                                     DBClusterIdentifier=secondary)
        dc.advance(120)
        return gid, primary, secondary

    def test_global_database_round_trip_in_two_regions(self):
        gid, primary, secondary = self.global_database()
        for client in (self.east, self.west):
            g = client.describe_global_clusters(GlobalClusterIdentifier=gid)["GlobalClusters"][0]
            self.assertEqual(g["Status"], "available")
            self.assertEqual(g["GlobalClusterArn"], f"arn:aws:rds::{dc.ACCOUNT}:global-cluster:{gid}")
            self.assertEqual(g["EngineVersion"], "15.4")
            members = {m["DBClusterArn"]: m for m in g["GlobalClusterMembers"]}
            self.assertTrue(members[arn(EAST, primary)]["IsWriter"])
            self.assertEqual(members[arn(EAST, primary)]["Readers"], [arn(WEST, secondary)])
            self.assertFalse(members[arn(WEST, secondary)]["IsWriter"])
            self.assertNotIn("FailoverState", g)

        p = self.east.describe_db_clusters(DBClusterIdentifier=primary)["DBClusters"][0]
        self.assertEqual(p["Status"], "available")
        self.assertEqual(p["DBClusterArn"], arn(EAST, primary))
        self.assertEqual(p["MasterUsername"], "dradmin")
        self.assertEqual(p["Port"], 5432)
        self.assertTrue(p["StorageEncrypted"])
        self.assertEqual(p["ServerlessV2ScalingConfiguration"], {"MinCapacity": 0.5,
                                                                 "MaxCapacity": 8.0})
        self.assertRegex(p["Endpoint"], rf"^{primary}\.cluster-[a-z0-9]{{12}}\.{EAST}\.rds\.amazonaws\.com$")
        self.assertEqual([(m["DBInstanceIdentifier"], m["IsClusterWriter"])
                          for m in p["DBClusterMembers"]], [(primary + "-1", True)])
        s = self.west.describe_db_clusters(DBClusterIdentifier=secondary)["DBClusters"][0]
        self.assertNotIn("MasterUsername", s)
        self.assertEqual(s["DatabaseName"], "orders")
        self.assertEqual([m["IsClusterWriter"] for m in s["DBClusterMembers"]], [False])
        inst = self.west.describe_db_instances(DBInstanceIdentifier=secondary + "-1")["DBInstances"][0]
        self.assertEqual(inst["DBInstanceStatus"], "available")
        self.assertEqual(inst["DBClusterIdentifier"], secondary)
        self.assertEqual(inst["Endpoint"]["Port"], 5432)
        self.assertEqual(inst["DBInstanceArn"], f"arn:aws:rds:{WEST}:{dc.ACCOUNT}:db:{secondary}-1")

    def test_failover_and_switchover(self):
        gid, primary, secondary = self.global_database()
        e = self.assertAwsError("InvalidGlobalClusterStateFault", self.west.failover_global_cluster,
                                GlobalClusterIdentifier=gid,
                                TargetDbClusterIdentifier=arn(EAST, primary), AllowDataLoss=True)
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertAwsError("DBClusterNotFoundFault", self.west.failover_global_cluster,
                            GlobalClusterIdentifier=gid,
                            TargetDbClusterIdentifier=arn(WEST, "no-such-cluster"),
                            AllowDataLoss=True)
        self.assertAwsError("InvalidParameterCombination", self.west.failover_global_cluster,
                            GlobalClusterIdentifier=gid,
                            TargetDbClusterIdentifier=arn(WEST, secondary),
                            AllowDataLoss=True, Switchover=True)

        started = self.west.failover_global_cluster(GlobalClusterIdentifier=gid,
                                                    TargetDbClusterIdentifier=arn(WEST, secondary),
                                                    AllowDataLoss=True)["GlobalCluster"]
        self.assertEqual(started["FailoverState"], {
            "Status": "failing-over", "FromDbClusterArn": arn(EAST, primary),
            "ToDbClusterArn": arn(WEST, secondary), "IsDataLossAllowed": True})
        dc.advance(60)
        g = self.east.describe_global_clusters(GlobalClusterIdentifier=gid)["GlobalClusters"][0]
        self.assertNotIn("FailoverState", g)
        writers = [m["DBClusterArn"] for m in g["GlobalClusterMembers"] if m["IsWriter"]]
        self.assertEqual(writers, [arn(WEST, secondary)])

        switch = self.east.switchover_global_cluster(
            GlobalClusterIdentifier=gid, TargetDbClusterIdentifier=arn(EAST, primary))
        self.assertEqual(switch["GlobalCluster"]["FailoverState"]["Status"], "switching-over")
        self.assertFalse(switch["GlobalCluster"]["FailoverState"]["IsDataLossAllowed"])
        dc.advance(90)
        g = self.west.describe_global_clusters(GlobalClusterIdentifier=gid)["GlobalClusters"][0]
        writers = [m["DBClusterArn"] for m in g["GlobalClusterMembers"] if m["IsWriter"]]
        self.assertEqual(writers, [arn(EAST, primary)])

        events = self.west.describe_events(SourceType="db-cluster", SourceIdentifier=secondary,
                                           EventCategories=["global-failover"])["Events"]
        messages = [ev["Message"] for ev in events]
        self.assertIn(f"Global failover to DB cluster {secondary} in Region {WEST} started.",
                      messages)
        self.assertIn(f"Global switchover to DB cluster {primary} in Region {EAST} completed.",
                      messages)
        self.assertTrue(all(ev["SourceArn"] == arn(WEST, secondary) for ev in events))

    def test_detach_and_delete_in_order(self):
        gid, primary, secondary = self.global_database()
        self.assertAwsError("InvalidDBClusterStateFault", self.west.delete_db_cluster,
                            DBClusterIdentifier=secondary, SkipFinalSnapshot=True)
        self.assertAwsError("InvalidGlobalClusterStateFault", self.east.delete_global_cluster,
                            GlobalClusterIdentifier=gid)
        self.west.delete_db_instance(DBInstanceIdentifier=secondary + "-1")
        self.assertAwsError("InvalidDBClusterStateFault", self.west.delete_db_cluster,
                            DBClusterIdentifier=secondary, SkipFinalSnapshot=True)
        removed = self.west.remove_from_global_cluster(GlobalClusterIdentifier=gid,
                                                       DbClusterIdentifier=arn(WEST, secondary))
        self.assertEqual(len(removed["GlobalCluster"]["GlobalClusterMembers"]), 1)
        deleting = self.west.delete_db_cluster(DBClusterIdentifier=secondary,
                                               SkipFinalSnapshot=True)["DBCluster"]
        self.assertEqual(deleting["Status"], "deleting")
        self.east.delete_db_instance(DBInstanceIdentifier=primary + "-1")
        self.east.delete_db_cluster(DBClusterIdentifier=primary, SkipFinalSnapshot=True)
        self.east.delete_global_cluster(GlobalClusterIdentifier=gid)
        dc.advance(120)
        e = self.assertAwsError("DBClusterNotFoundFault", self.west.describe_db_clusters,
                                DBClusterIdentifier=secondary)
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 404)
        e = self.assertAwsError("GlobalClusterNotFoundFault", self.east.describe_global_clusters,
                                GlobalClusterIdentifier=gid)
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 404)
        e = self.assertAwsError("DBInstanceNotFound", self.east.describe_db_instances,
                                DBInstanceIdentifier=primary + "-1")
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 404)

    def test_filters_and_marker_paging(self):
        prefix = dc.unique("page")
        made = []
        for i in range(45):
            cid = f"{prefix}-{i:02d}"
            engine = "aurora-mysql" if i % 3 == 0 else "aurora-postgresql"
            self.west.create_db_cluster(DBClusterIdentifier=cid, Engine=engine,
                                        MasterUsername="app", MasterUserPassword=PASSWORD)
            made.append(cid)
        pages = list(self.west.get_paginator("describe_db_clusters").paginate(
            PaginationConfig={"PageSize": 20}))
        self.assertGreaterEqual(len(pages), 3)
        seen = [c["DBClusterIdentifier"] for p in pages for c in p["DBClusters"]
                if c["DBClusterIdentifier"].startswith(prefix + "-")]
        self.assertEqual(seen, made)  # each once, in identifier order
        mine = [made[0], arn(WEST, made[1]), made[3]]
        by_id = self.west.describe_db_clusters(
            Filters=[{"Name": "db-cluster-id", "Values": mine},
                     {"Name": "engine", "Values": ["aurora-mysql"]}])["DBClusters"]
        self.assertEqual([c["DBClusterIdentifier"] for c in by_id], [made[0], made[3]])
        self.assertAwsError("InvalidParameterValue", self.west.describe_db_clusters, MaxRecords=5)
        self.assertAwsError("InvalidParameterValue", self.west.describe_db_clusters,
                            Filters=[{"Name": "no-such-filter", "Values": ["x"]}])

    def test_error_codes(self):
        cid = dc.unique("dup")
        self.east.create_db_cluster(DBClusterIdentifier=cid, Engine="aurora-mysql",
                                    MasterUsername="app", MasterUserPassword=PASSWORD)
        e = self.assertAwsError("DBClusterAlreadyExistsFault", self.east.create_db_cluster,
                                DBClusterIdentifier=cid, Engine="aurora-mysql",
                                MasterUsername="app", MasterUserPassword=PASSWORD)
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        gid = dc.unique("gdup")
        self.east.create_global_cluster(GlobalClusterIdentifier=gid, Engine="aurora-mysql")
        self.assertAwsError("GlobalClusterAlreadyExistsFault", self.west.create_global_cluster,
                            GlobalClusterIdentifier=gid, Engine="aurora-mysql")
        self.assertAwsError("GlobalClusterNotFoundFault", self.east.create_db_cluster,
                            DBClusterIdentifier=dc.unique("orphan"), Engine="aurora-mysql",
                            GlobalClusterIdentifier=dc.unique("ghost"),
                            MasterUsername="app", MasterUserPassword=PASSWORD)
        self.assertAwsError("InvalidParameterValue", self.east.create_db_cluster,
                            DBClusterIdentifier="9-bad", Engine="aurora-mysql",
                            MasterUsername="app", MasterUserPassword=PASSWORD)
        self.assertAwsError("InvalidParameterCombination", self.east.describe_events,
                            SourceIdentifier=cid)

    def test_unknown_action_is_invalid_action(self):
        status, headers, body = dc.raw_request(
            "rds", EAST, "POST", "/", body=b"Action=ModifyDBCluster&Version=2014-10-31",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>InvalidAction</Code>", body)


if __name__ == "__main__":
    dc.main()
