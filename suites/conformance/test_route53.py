"""Route 53 through boto3 against drh serve: hosted zones, record sets with failover and
health checks, paging, TestDNSAnswer, tags, and the AWS error codes."""

import drh_conformance as dc


def a_record(name, ip, ttl=60, **extra):
    rr = {"Name": name, "Type": "A", "TTL": ttl, "ResourceRecords": [{"Value": ip}]}
    rr.update(extra)
    return rr


class Route53(dc.ConformanceCase):
    def setUp(self):
        super().setUp()
        self.r53 = dc.client("route53", "us-east-1")

    def zone(self, name=None):
        name = name or dc.unique("zone") + ".example.com"
        created = self.r53.create_hosted_zone(Name=name, CallerReference=dc.unique("ref"),
                                              HostedZoneConfig={"Comment": "conformance"})
        return created["HostedZone"]["Id"], name

    def check(self, **config):
        config.setdefault("Type", "HTTP")
        if config["Type"] in ("HTTP", "HTTPS", "TCP", "HTTP_STR_MATCH", "HTTPS_STR_MATCH"):
            config.setdefault("IPAddress", "192.0.2.10")
        created = self.r53.create_health_check(CallerReference=dc.unique("hc"),
                                               HealthCheckConfig=config)
        return created["HealthCheck"]

    def test_zone_round_trip_visible_from_two_regions(self):
        name = dc.unique("dr") + ".example.com"
        created = self.r53.create_hosted_zone(Name=name, CallerReference=dc.unique("ref"),
                                              HostedZoneConfig={"Comment": "drill zone"})
        self.assertEqual(created["ResponseMetadata"]["HTTPStatusCode"], 201)
        zone_id = created["HostedZone"]["Id"]
        self.assertTrue(zone_id.startswith("/hostedzone/Z"), zone_id)
        self.assertEqual(created["HostedZone"]["Name"], name + ".")
        self.assertEqual(created["HostedZone"]["Config"], {"Comment": "drill zone",
                                                           "PrivateZone": False})
        self.assertIn("/2013-04-01/hostedzone/", created["Location"])
        self.assertEqual(len(created["DelegationSet"]["NameServers"]), 4)
        self.assertEqual(created["ChangeInfo"]["Status"], "PENDING")

        change_id = created["ChangeInfo"]["Id"]
        self.assertEqual(self.r53.get_change(Id=change_id)["ChangeInfo"]["Status"], "PENDING")
        dc.advance(30)
        self.assertEqual(self.r53.get_change(Id=change_id)["ChangeInfo"]["Status"], "INSYNC")

        # Route 53 is global: the zone is the same from a client in another region.
        west = dc.client("route53", "us-west-2")
        got = west.get_hosted_zone(Id=zone_id)
        self.assertEqual(got["HostedZone"]["ResourceRecordSetCount"], 2)
        self.assertEqual(got["DelegationSet"]["NameServers"],
                         created["DelegationSet"]["NameServers"])
        ids = [z["Id"] for p in self.r53.get_paginator("list_hosted_zones").paginate(
            PaginationConfig={"PageSize": 2}) for z in p["HostedZones"]]
        self.assertIn(zone_id, ids)
        by_name = self.r53.list_hosted_zones_by_name(DNSName=name, MaxItems="1")
        self.assertEqual(by_name["HostedZones"][0]["Id"], zone_id)
        self.assertEqual(self.r53.get_hosted_zone_count()["HostedZoneCount"] >= 1, True)

    def test_failover_records_health_checks_and_test_dns_answer(self):
        zone_id, name = self.zone()
        primary = self.check(ResourcePath="/health", FailureThreshold=2)
        self.assertEqual(primary["HealthCheckVersion"], 1)
        self.assertEqual(primary["HealthCheckConfig"]["RequestInterval"], 30)
        self.assertEqual(primary["HealthCheckConfig"]["FailureThreshold"], 2)
        app = "app." + name
        change = self.r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={
            "Comment": "failover pair",
            "Changes": [
                {"Action": "CREATE", "ResourceRecordSet": a_record(
                    app, "10.0.0.1", SetIdentifier="primary", Failover="PRIMARY",
                    HealthCheckId=primary["Id"])},
                {"Action": "CREATE", "ResourceRecordSet": a_record(
                    app, "10.1.0.1", SetIdentifier="secondary", Failover="SECONDARY")},
                {"Action": "CREATE", "ResourceRecordSet": {
                    "Name": "www." + name, "Type": "A", "AliasTarget": {
                        "HostedZoneId": zone_id, "DNSName": app, "EvaluateTargetHealth": True}}},
            ]})
        self.assertEqual(change["ChangeInfo"]["Comment"], "failover pair")

        sets = [rr for p in self.r53.get_paginator("list_resource_record_sets").paginate(
            HostedZoneId=zone_id, PaginationConfig={"PageSize": 2}) for rr in p["ResourceRecordSets"]]
        self.assertEqual([(rr["Name"], rr["Type"], rr.get("SetIdentifier")) for rr in sets], [
            (name + ".", "NS", None), (name + ".", "SOA", None),
            (app + ".", "A", "primary"), (app + ".", "A", "secondary"),
            ("www." + name + ".", "A", None)])
        self.assertEqual(sets[2]["HealthCheckId"], primary["Id"])
        self.assertEqual(sets[4]["AliasTarget"]["EvaluateTargetHealth"], True)

        def answer(record):
            out = self.r53.test_dns_answer(HostedZoneId=zone_id, RecordName=record, RecordType="A")
            return out["RecordData"], out["ResponseCode"]

        self.assertEqual(answer(app), (["10.0.0.1"], "NOERROR"))
        self.assertEqual(answer("www." + name), (["10.0.0.1"], "NOERROR"))
        status = self.r53.get_health_check_status(HealthCheckId=primary["Id"])
        self.assertTrue(all(o["StatusReport"]["Status"].startswith("Success")
                            for o in status["HealthCheckObservations"]))

        # Inverting the primary's check is how a drill fails it over.
        updated = self.r53.update_health_check(HealthCheckId=primary["Id"], HealthCheckVersion=1,
                                               Inverted=True)
        self.assertEqual(updated["HealthCheck"]["HealthCheckVersion"], 2)
        self.assertEqual(answer(app), (["10.1.0.1"], "NOERROR"))
        self.assertEqual(answer("www." + name), (["10.1.0.1"], "NOERROR"))
        self.assertEqual(answer("nothing." + name), ([], "NXDOMAIN"))
        self.assertAwsError("HealthCheckVersionMismatch", self.r53.update_health_check,
                            HealthCheckId=primary["Id"], HealthCheckVersion=1, Disabled=True)

    def test_health_check_types_paging_and_tags(self):
        made = [
            self.check(Type="HTTPS_STR_MATCH", SearchString="ok", FullyQualifiedDomainName="x.example.com"),
            self.check(Type="TCP", Port=5432, RequestInterval=10),
        ]
        made.append(self.check(Type="CALCULATED", HealthThreshold=1,
                               ChildHealthChecks=[made[0]["Id"], made[1]["Id"]]))
        made.append(self.check(Type="CLOUDWATCH_METRIC", AlarmIdentifier={
            "Region": "us-east-1", "Name": "replication-lag"}, InsufficientDataHealthStatus="Healthy"))
        self.assertEqual(made[0]["HealthCheckConfig"]["Port"], 443)
        self.assertEqual(made[0]["HealthCheckConfig"]["EnableSNI"], True)
        self.assertEqual(made[1]["HealthCheckConfig"]["RequestInterval"], 10)
        for hc in made:
            got = self.r53.get_health_check(HealthCheckId=hc["Id"])["HealthCheck"]
            self.assertEqual(got, hc)
        ids = [h["Id"] for p in self.r53.get_paginator("list_health_checks").paginate(
            PaginationConfig={"PageSize": 2}) for h in p["HealthChecks"]]
        for hc in made:
            self.assertIn(hc["Id"], ids)

        self.r53.change_tags_for_resource(ResourceType="healthcheck", ResourceId=made[0]["Id"],
                                          AddTags=[{"Key": "Name", "Value": "primary-db"}])
        tags = self.r53.list_tags_for_resource(ResourceType="healthcheck", ResourceId=made[0]["Id"])
        self.assertEqual(tags["ResourceTagSet"]["Tags"], [{"Key": "Name", "Value": "primary-db"}])

        self.assertAwsError("HealthCheckInUse", self.r53.delete_health_check,
                            HealthCheckId=made[0]["Id"])
        self.r53.delete_health_check(HealthCheckId=made[2]["Id"])
        self.r53.delete_health_check(HealthCheckId=made[0]["Id"])
        self.assertAwsError("NoSuchHealthCheck", self.r53.get_health_check,
                            HealthCheckId=made[0]["Id"])

    def test_error_codes(self):
        zone_id, name = self.zone()
        self.assertAwsError("NoSuchHostedZone", self.r53.get_hosted_zone, Id="ZNOSUCHZONE00")
        self.assertAwsError("NoSuchChange", self.r53.get_change, Id="CNOSUCHCHANGE0")
        ref = dc.unique("dup")
        self.r53.create_hosted_zone(Name=dc.unique("a") + ".example.org", CallerReference=ref)
        err = self.assertAwsError("HostedZoneAlreadyExists", self.r53.create_hosted_zone,
                                  Name=dc.unique("b") + ".example.org", CallerReference=ref)
        self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], 409)

        record = a_record("www." + name, "192.0.2.1")
        self.r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={
            "Changes": [{"Action": "CREATE", "ResourceRecordSet": record}]})
        err = self.assertAwsError("InvalidChangeBatch", self.r53.change_resource_record_sets,
                                  HostedZoneId=zone_id, ChangeBatch={"Changes": [
                                      {"Action": "CREATE", "ResourceRecordSet": record}]})
        self.assertIn("but it already exists", err.response["Error"]["Message"])
        self.assertAwsError("InvalidInput", self.r53.change_resource_record_sets,
                            HostedZoneId=zone_id, ChangeBatch={"Changes": [{
                                "Action": "CREATE", "ResourceRecordSet": a_record(
                                    "db." + name, "10.0.0.1", Failover="PRIMARY")}]})
        self.assertAwsError("HostedZoneNotEmpty", self.r53.delete_hosted_zone, Id=zone_id)
        self.r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={
            "Changes": [{"Action": "DELETE", "ResourceRecordSet": record}]})
        self.assertEqual(self.r53.delete_hosted_zone(Id=zone_id)["ChangeInfo"]["Status"], "PENDING")

        check_ref = dc.unique("hc")
        config = {"Type": "HTTP", "IPAddress": "192.0.2.20", "ResourcePath": "/"}
        first = self.r53.create_health_check(CallerReference=check_ref, HealthCheckConfig=config)
        again = self.r53.create_health_check(CallerReference=check_ref, HealthCheckConfig=config)
        self.assertEqual(first["HealthCheck"]["Id"], again["HealthCheck"]["Id"])
        self.assertAwsError("HealthCheckAlreadyExists", self.r53.create_health_check,
                            CallerReference=check_ref,
                            HealthCheckConfig=dict(config, ResourcePath="/other"))

    def test_unserved_operation_is_named(self):
        err = self.assertAwsError("NotImplemented", self.r53.get_checker_ip_ranges)
        self.assertIn("GetCheckerIpRanges", err.response["Error"]["Message"])


if __name__ == "__main__":
    dc.main()
