"""EC2 through boto3 against drh serve: VPCs, subnets, route tables and security groups in
two regions, cross-region VPC peering on the server's clock with routes that turn
blackhole, filters, paging and the AWS error codes."""

import os

import drh_conformance as dc

EAST, WEST = "us-east-1", "us-west-2"


def cidr(offset):
    """A /16 in 10.x that other runs sharing the server are unlikely to use."""
    return f"10.{(os.getpid() * 7 + offset) % 200 + 20}.0.0/16"


def tags(resource_type, name):
    return [{"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}]}]


def tag(resource, key):
    return {t["Key"]: t["Value"] for t in resource.get("Tags", [])}.get(key)


class Ec2(dc.ConformanceCase):
    def setUp(self):
        super().setUp()
        self.east = dc.client("ec2", EAST)
        self.west = dc.client("ec2", WEST)

    def vpc(self, client, block, name):
        created = client.create_vpc(CidrBlock=block, TagSpecifications=tags("vpc", name))
        return created["Vpc"]

    def main_table(self, client, vpc_id):
        tables = client.describe_route_tables(Filters=[
            {"Name": "vpc-id", "Values": [vpc_id]},
            {"Name": "association.main", "Values": ["true"]}])["RouteTables"]
        self.assertEqual(len(tables), 1)
        return tables[0]

    def test_network_round_trip_in_two_regions(self):
        for client, offset, region in ((self.east, 0, EAST), (self.west, 1, WEST)):
            name = dc.unique("net")
            block = cidr(offset)
            vpc = self.vpc(client, block, name)
            self.assertTrue(vpc["VpcId"].startswith("vpc-"))
            self.assertEqual(vpc["State"], "pending")
            self.assertEqual(vpc["CidrBlock"], block)
            self.assertFalse(vpc["IsDefault"])
            self.assertEqual(tag(vpc, "Name"), name)
            dc.advance(5)
            got = client.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [name]}])["Vpcs"]
            self.assertEqual([v["VpcId"] for v in got], [vpc["VpcId"]])
            self.assertEqual(got[0]["State"], "available")
            self.assertEqual(got[0]["CidrBlockAssociationSet"][0]["CidrBlockState"]["State"],
                             "associated")

            zone = region + "b"
            subnet = client.create_subnet(VpcId=vpc["VpcId"], CidrBlock=block.replace(".0.0/16", ".1.0/24"),
                                          AvailabilityZone=zone,
                                          TagSpecifications=tags("subnet", name))["Subnet"]
            self.assertEqual(subnet["AvailabilityZone"], zone)
            self.assertEqual(subnet["AvailableIpAddressCount"], 251)
            self.assertEqual(subnet["SubnetArn"],
                             f"arn:aws:ec2:{region}:{dc.ACCOUNT}:subnet/{subnet['SubnetId']}")
            listed = client.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])
            self.assertEqual([s["SubnetId"] for s in listed["Subnets"]], [subnet["SubnetId"]])

            main = self.main_table(client, vpc["VpcId"])
            self.assertEqual(main["Routes"][0]["GatewayId"], "local")
            self.assertEqual(main["Routes"][0]["DestinationCidrBlock"], block)
            table = client.create_route_table(VpcId=vpc["VpcId"],
                                              TagSpecifications=tags("route-table", name))
            rtb = table["RouteTable"]["RouteTableId"]
            self.assertTrue(table["ClientToken"])  # boto3 sends one
            self.assertTrue(client.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0",
                                                NatGatewayId="nat-0123456789abcdef0")["Return"])
            assoc = client.associate_route_table(RouteTableId=rtb, SubnetId=subnet["SubnetId"])
            self.assertEqual(assoc["AssociationState"]["State"], "associated")
            found = client.describe_route_tables(Filters=[
                {"Name": "association.subnet-id", "Values": [subnet["SubnetId"]]}])["RouteTables"]
            self.assertEqual([t["RouteTableId"] for t in found], [rtb])
            routes = {r["DestinationCidrBlock"]: r for r in found[0]["Routes"]}
            self.assertEqual(routes["0.0.0.0/0"]["NatGatewayId"], "nat-0123456789abcdef0")
            self.assertEqual(routes["0.0.0.0/0"]["State"], "active")
            self.assertEqual(routes["0.0.0.0/0"]["Origin"], "CreateRoute")

            groups = client.describe_security_groups(Filters=[
                {"Name": "vpc-id", "Values": [vpc["VpcId"]]},
                {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]
            self.assertEqual(len(groups), 1)
            sg = client.create_security_group(GroupName=name, Description="aurora",
                                              VpcId=vpc["VpcId"])
            client.authorize_security_group_ingress(GroupId=sg["GroupId"], IpPermissions=[{
                "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "peer region"}]}])
            described = client.describe_security_groups(GroupIds=[sg["GroupId"]])
            perm = described["SecurityGroups"][0]["IpPermissions"][0]
            self.assertEqual((perm["IpProtocol"], perm["FromPort"], perm["ToPort"]),
                             ("tcp", 5432, 5432))
            self.assertEqual(perm["IpRanges"], [{"CidrIp": "10.0.0.0/8",
                                                 "Description": "peer region"}])

            # Tear down in AWS's order.
            client.delete_security_group(GroupId=sg["GroupId"])
            client.disassociate_route_table(AssociationId=assoc["AssociationId"])
            client.delete_route_table(RouteTableId=rtb)
            client.delete_subnet(SubnetId=subnet["SubnetId"])
            client.delete_vpc(VpcId=vpc["VpcId"])
            self.assertAwsError("InvalidVpcID.NotFound", client.describe_vpcs,
                                VpcIds=[vpc["VpcId"]])

    def test_default_vpc_zones_and_regions(self):
        for client, region in ((self.east, EAST), (self.west, WEST)):
            vpcs = client.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])
            self.assertEqual(len(vpcs["Vpcs"]), 1)
            self.assertEqual(vpcs["Vpcs"][0]["CidrBlock"], "172.31.0.0/16")
            zones = client.describe_availability_zones()["AvailabilityZones"]
            self.assertEqual([z["ZoneName"] for z in zones],
                             [region + "a", region + "b", region + "c"])
            self.assertEqual(zones[0]["State"], "available")
            self.assertEqual(zones[0]["RegionName"], region)
        regions = self.east.describe_regions(RegionNames=[WEST])["Regions"]
        self.assertEqual(regions, [{"RegionName": WEST, "Endpoint": f"ec2.{WEST}.amazonaws.com",
                                    "OptInStatus": "opt-in-not-required"}])

    def test_cross_region_peering_and_blackhole_routes(self):
        name = dc.unique("dr")
        east_vpc = self.vpc(self.east, cidr(2), name)["VpcId"]
        west_vpc = self.vpc(self.west, cidr(3), name)["VpcId"]
        created = self.east.create_vpc_peering_connection(
            VpcId=east_vpc, PeerVpcId=west_vpc, PeerRegion=WEST,
            TagSpecifications=tags("vpc-peering-connection", name))["VpcPeeringConnection"]
        pcx = created["VpcPeeringConnectionId"]
        self.assertEqual(created["Status"]["Code"], "initiating-request")
        self.assertEqual(created["AccepterVpcInfo"]["Region"], WEST)
        self.assertEqual(created["RequesterVpcInfo"]["CidrBlock"], cidr(2))
        self.assertIn("ExpirationTime", created)

        dc.advance(10)
        west_view = self.west.describe_vpc_peering_connections(
            VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]
        self.assertEqual(west_view["Status"]["Code"], "pending-acceptance")
        self.assertAwsError("OperationNotPermitted", self.east.accept_vpc_peering_connection,
                            VpcPeeringConnectionId=pcx)
        accepted = self.west.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
        self.assertEqual(accepted["VpcPeeringConnection"]["Status"]["Code"], "provisioning")
        dc.advance(10)
        for client in (self.east, self.west):
            got = client.describe_vpc_peering_connections(Filters=[
                {"Name": "status-code", "Values": ["active"]},
                {"Name": "requester-vpc-info.vpc-id", "Values": [east_vpc]},
                {"Name": "accepter-vpc-info.vpc-id", "Values": [west_vpc]}])
            self.assertEqual([p["VpcPeeringConnectionId"] for p in got["VpcPeeringConnections"]],
                             [pcx])
            self.assertEqual(tag(got["VpcPeeringConnections"][0], "Name"), name)
            self.assertEqual(got["VpcPeeringConnections"][0]["AccepterVpcInfo"]["CidrBlock"],
                             cidr(3))

        east_rtb = self.main_table(self.east, east_vpc)["RouteTableId"]
        west_rtb = self.main_table(self.west, west_vpc)["RouteTableId"]
        self.east.create_route(RouteTableId=east_rtb, DestinationCidrBlock=cidr(3),
                               VpcPeeringConnectionId=pcx)
        self.west.create_route(RouteTableId=west_rtb, DestinationCidrBlock=cidr(2),
                               VpcPeeringConnectionId=pcx)
        self.assertAwsError("RouteAlreadyExists", self.east.create_route, RouteTableId=east_rtb,
                            DestinationCidrBlock=cidr(3), VpcPeeringConnectionId=pcx)

        def peer_route_state(client, rtb):
            table = client.describe_route_tables(RouteTableIds=[rtb])["RouteTables"][0]
            return [r["State"] for r in table["Routes"] if r.get("VpcPeeringConnectionId") == pcx]

        self.assertEqual(peer_route_state(self.east, east_rtb), ["active"])
        self.assertEqual(peer_route_state(self.west, west_rtb), ["active"])
        self.assertTrue(self.east.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)["Return"])
        self.assertEqual(self.west.describe_vpc_peering_connections(
            VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]["Status"]["Code"], "deleted")
        self.assertEqual(peer_route_state(self.east, east_rtb), ["blackhole"])
        self.assertEqual(peer_route_state(self.west, west_rtb), ["blackhole"])
        self.assertAwsError("InvalidRoute.NotFound", self.east.delete_route,
                            RouteTableId=east_rtb, DestinationCidrBlock="10.250.0.0/16")

    def test_overlapping_peering_fails(self):
        name = dc.unique("overlap")
        a = self.vpc(self.east, cidr(4), name)["VpcId"]
        b = self.vpc(self.west, cidr(4), name)["VpcId"]
        pcx = self.east.create_vpc_peering_connection(
            VpcId=a, PeerVpcId=b, PeerRegion=WEST)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        dc.advance(10)
        status = self.west.describe_vpc_peering_connections(
            VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]["Status"]
        self.assertEqual(status["Code"], "failed")
        self.assertAwsError("InvalidStateTransition", self.west.accept_vpc_peering_connection,
                            VpcPeeringConnectionId=pcx)

    def test_paging_with_next_token(self):
        name = dc.unique("paged")
        made = {self.vpc(self.west, f"10.{i}.7.0/24", name)["VpcId"] for i in range(12)}
        paginator = self.west.get_paginator("describe_vpcs")
        pages = list(paginator.paginate(Filters=[{"Name": "tag:Name", "Values": [name]}],
                                        PaginationConfig={"PageSize": 5}))
        self.assertEqual(len(pages), 3)
        seen = [v["VpcId"] for p in pages for v in p["Vpcs"]]
        self.assertEqual(sorted(seen), sorted(made))
        self.assertAwsError("InvalidPaginationToken", self.west.describe_vpcs,
                            NextToken="bogus", MaxResults=5)
        # boto3 refuses MaxResults below 5 itself, so send it by hand to see the server's answer.
        status, _, body = dc.raw_request(
            "ec2", "us-west-2", "POST", "/",
            body=b"Action=DescribeVpcs&Version=2016-11-15&MaxResults=2",
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>InvalidParameterValue</Code>", body)

    def test_error_codes(self):
        e = self.assertAwsError("InvalidVpcID.NotFound", self.east.describe_vpcs,
                                VpcIds=["vpc-0123456789abcdef0"])
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertAwsError("InvalidVpcID.Malformed", self.east.describe_vpcs, VpcIds=["orders"])
        self.assertAwsError("InvalidSubnetID.NotFound", self.east.describe_subnets,
                            SubnetIds=["subnet-0123456789abcdef0"])
        self.assertAwsError("InvalidRouteTableID.NotFound", self.east.describe_route_tables,
                            RouteTableIds=["rtb-0123456789abcdef0"])
        self.assertAwsError("InvalidVpcPeeringConnectionID.NotFound",
                            self.east.describe_vpc_peering_connections,
                            VpcPeeringConnectionIds=["pcx-0123456789abcdef0"])
        self.assertAwsError("InvalidParameterValue", self.east.create_vpc, CidrBlock="10.0.0.0/33")
        self.assertAwsError("InvalidParameterValue", self.east.describe_vpcs,
                            Filters=[{"Name": "no-such-filter", "Values": ["x"]}])
        e = self.assertAwsError("DryRunOperation", self.east.create_vpc, CidrBlock=cidr(5),
                                DryRun=True)
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 412)

    def test_unknown_action_is_invalid_action(self):
        status, headers, body = dc.raw_request(
            "ec2", EAST, "POST", "/", body=b"Action=RunInstances&Version=2016-11-15",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>InvalidAction</Code>", body)


if __name__ == "__main__":
    dc.main()
