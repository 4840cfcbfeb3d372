"""CloudWatch through boto3 (JSON 1.0) and hand-signed Query requests against drh serve:
alarms in two regions (INSUFFICIENT_DATA at creation, state changes, history, SNS
actions), metric data, statistics, paging, and the error codes of both protocols."""

import datetime
import urllib.parse
from xml.etree import ElementTree as ET

import botocore.session

import drh_conformance as dc
import shape_check

EAST = "us-east-1"
WEST = "us-west-2"
NS = "Drh/Conformance"


def query_check(operation, status, body):
    """Shape-checks a Query-protocol answer against botocore's CloudWatch model.

    botocore resolves CloudWatch to its JSON protocol, so the Query form is checked here
    with the same checker, told the protocol is query."""
    model = botocore.session.get_session().get_service_model("cloudwatch").operation_model(operation)
    problems = []
    if status >= 300:
        return problems
    root = ET.fromstring(body)
    checker = shape_check.ShapeChecker("query")
    if shape_check._tag(root) != operation + "Response":
        problems.append(f"root <{shape_check._tag(root)}>")
    shape = model.output_shape
    for child in root:
        tag = shape_check._tag(child)
        if tag == operation + "Result" and shape is not None:
            checker.xml_structure(shape, child, operation)
        elif tag != "ResponseMetadata":
            problems.append(f"unexpected <{tag}>")
    return problems + checker.problems


def query(region, params):
    body = urllib.parse.urlencode({"Version": "2010-08-01", **params}).encode()
    return dc.raw_request("cloudwatch", region, "POST", "/", body=body, signing_name="monitoring",
                          headers={"Content-Type": "application/x-www-form-urlencoded"})


def alarm(name, **extra):
    params = dict(AlarmName=name, MetricName="ReplicationLatency", Namespace="AWS/DynamoDB",
                  Statistic="Average", Dimensions=[{"Name": "TableName", "Value": "orders"}],
                  Period=60, EvaluationPeriods=3, DatapointsToAlarm=2, Threshold=1000.0,
                  ComparisonOperator="GreaterThanThreshold", TreatMissingData="missing")
    params.update(extra)
    return params


class CloudWatch(dc.ConformanceCase):
    def setUp(self):
        super().setUp()
        self.east = dc.client("cloudwatch", EAST)
        self.west = dc.client("cloudwatch", WEST)

    def test_alarms_in_two_regions(self):
        name = dc.unique("lag")
        self.east.put_metric_alarm(**alarm(name, Tags=[{"Key": "team", "Value": "dr"}]))
        self.west.put_metric_alarm(**alarm(name))
        for client, region in ((self.east, EAST), (self.west, WEST)):
            a = client.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]
            self.assertEqual(a["AlarmArn"], f"arn:aws:cloudwatch:{region}:{dc.ACCOUNT}:alarm:{name}")
            self.assertEqual(a["StateValue"], "INSUFFICIENT_DATA")
            self.assertEqual(a["StateReason"], "Unchecked: Initial alarm creation")
            self.assertIsInstance(a["StateUpdatedTimestamp"], datetime.datetime)
            self.assertEqual(a["Threshold"], 1000.0)
            self.assertEqual(a["Dimensions"], [{"Name": "TableName", "Value": "orders"}])
        arn = f"arn:aws:cloudwatch:{EAST}:{dc.ACCOUNT}:alarm:{name}"
        self.assertEqual(self.east.list_tags_for_resource(ResourceARN=arn)["Tags"],
                         [{"Key": "team", "Value": "dr"}])
        self.east.get_waiter("alarm_exists").wait(AlarmNames=[name])

    def test_validation_and_errors(self):
        self.assertAwsError("InvalidParameterCombination", self.east.put_metric_alarm,
                            **alarm(dc.unique("a"), ExtendedStatistic="p99"))
        self.assertAwsError("InvalidParameterValue", self.east.put_metric_alarm,
                            **alarm(dc.unique("a"), Period=45))
        err = self.assertAwsError("ResourceNotFound", self.east.set_alarm_state,
                                  AlarmName="no-such-alarm", StateValue="OK", StateReason="x")
        self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], 404)
        self.assertAwsError("InvalidNextToken", self.east.describe_alarms, NextToken="garbage")
        self.assertAwsError("InvalidParameterValue", self.east.put_metric_data, Namespace="AWS/EC2",
                            MetricData=[{"MetricName": "x", "Value": 1}])

    def test_state_history_and_sns_action(self):
        sns = dc.client("sns", EAST)
        topic = sns.create_topic(Name=dc.unique("pager"))["TopicArn"]
        name = dc.unique("drill")
        self.east.put_metric_alarm(**alarm(name, AlarmActions=[topic]))
        self.east.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="drill",
                                  StateReasonData='{"drill": true}')
        a = self.east.describe_alarms(AlarmNames=[name], StateValue="ALARM")["MetricAlarms"]
        self.assertEqual(len(a), 1)
        self.assertEqual(a[0]["StateReasonData"], '{"drill": true}')
        history = [h for page in self.east.get_paginator("describe_alarm_history").paginate(
                       AlarmName=name, PaginationConfig={"PageSize": 1})
                   for h in page["AlarmHistoryItems"]]
        types = sorted(h["HistoryItemType"] for h in history)
        self.assertEqual(types, ["Action", "ConfigurationUpdate", "StateUpdate"])
        action = [h for h in history if h["HistoryItemType"] == "Action"][0]
        self.assertTrue(action["HistorySummary"].startswith("Successfully executed action"))
        self.east.delete_alarms(AlarmNames=[name, "never-existed"])
        self.assertEqual(self.east.describe_alarms(AlarmNames=[name])["MetricAlarms"], [])

    def test_describe_alarms_pages(self):
        prefix = dc.unique("page")
        for i in range(5):
            self.east.put_metric_alarm(**alarm(f"{prefix}-{i}"))
        pages = list(self.east.get_paginator("describe_alarms").paginate(
            AlarmNamePrefix=prefix, PaginationConfig={"PageSize": 2}))
        self.assertEqual(len(pages), 3)
        self.assertEqual([a["AlarmName"] for p in pages for a in p["MetricAlarms"]],
                         [f"{prefix}-{i}" for i in range(5)])

    def test_metric_data_and_statistics(self):
        metric = dc.unique("Latency")
        status, clock = dc.admin("GET", "/_drh/clock")  # the server's virtual time
        self.assertEqual(status, 200, clock)
        now = datetime.datetime.fromtimestamp(clock["epoch_ms"] / 1000, tz=datetime.timezone.utc)
        start = now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=10)
        self.east.put_metric_data(Namespace=NS, MetricData=[
            {"MetricName": metric, "Dimensions": [{"Name": "Table", "Value": "orders"}],
             "Timestamp": start + datetime.timedelta(minutes=i, seconds=5), "Value": float(i + 1),
             "Unit": "Milliseconds"} for i in range(10)])
        stats = self.east.get_metric_statistics(
            Namespace=NS, MetricName=metric, Dimensions=[{"Name": "Table", "Value": "orders"}],
            StartTime=start, EndTime=start + datetime.timedelta(minutes=10), Period=300,
            Statistics=["Average", "Maximum", "SampleCount"], ExtendedStatistics=["p50"])
        points = sorted(stats["Datapoints"], key=lambda d: d["Timestamp"])
        self.assertEqual(len(points), 2)
        self.assertEqual(points[0]["Average"], 3.0)
        self.assertEqual(points[0]["SampleCount"], 5.0)
        self.assertEqual(points[0]["ExtendedStatistics"], {"p50": 3.0})
        self.assertEqual(points[0]["Unit"], "Milliseconds")
        data = self.east.get_metric_data(
            MetricDataQueries=[{"Id": "m", "MetricStat": {"Metric": {
                "Namespace": NS, "MetricName": metric,
                "Dimensions": [{"Name": "Table", "Value": "orders"}]},
                "Period": 60, "Stat": "Maximum"}}],
            StartTime=start, EndTime=start + datetime.timedelta(minutes=10))
        result = data["MetricDataResults"][0]
        self.assertEqual(result["Values"][0], 10.0)  # newest first
        self.assertEqual(result["StatusCode"], "Complete")
        pages = list(self.east.get_paginator("get_metric_data").paginate(
            MetricDataQueries=[{"Id": "m", "MetricStat": {"Metric": {
                "Namespace": NS, "MetricName": metric,
                "Dimensions": [{"Name": "Table", "Value": "orders"}]},
                "Period": 60, "Stat": "Sum"}}],
            StartTime=start, EndTime=start + datetime.timedelta(minutes=10), MaxDatapoints=4))
        self.assertEqual(len(pages), 3)
        listed = self.east.list_metrics(Namespace=NS, MetricName=metric)["Metrics"]
        self.assertEqual(listed, [{"Namespace": NS, "MetricName": metric,
                                   "Dimensions": [{"Name": "Table", "Value": "orders"}]}])
        self.assertEqual(self.west.list_metrics(Namespace=NS, MetricName=metric)["Metrics"], [])

    def test_query_protocol(self):
        name = dc.unique("query")
        status, headers, body = query(EAST, {
            "Action": "PutMetricAlarm", "AlarmName": name, "MetricName": "CPUUtilization",
            "Namespace": "AWS/EC2", "Statistic": "Maximum", "Period": "300",
            "EvaluationPeriods": "1", "Threshold": "80", "Dimensions.member.1.Name": "InstanceId",
            "Dimensions.member.1.Value": "i-0abc",
            "ComparisonOperator": "GreaterThanOrEqualToThreshold"})
        self.assertEqual(status, 200, body)
        self.assertEqual(query_check("PutMetricAlarm", status, body), [])
        status, headers, body = query(EAST, {"Action": "DescribeAlarms",
                                             "AlarmNames.member.1": name})
        self.assertEqual(status, 200, body)
        self.assertEqual(query_check("DescribeAlarms", status, body), [])
        root = ET.fromstring(body)
        ns = {"cw": "http://monitoring.amazonaws.com/doc/2010-08-01/"}
        state = root.find("cw:DescribeAlarmsResult/cw:MetricAlarms/cw:member/cw:StateValue", ns)
        self.assertEqual(state.text, "INSUFFICIENT_DATA")
        # The alarm made through Query is the one boto3 (JSON) sees.
        self.assertEqual(self.east.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]["Period"], 300)
        status, headers, body = query(EAST, {"Action": "SetAlarmState", "AlarmName": "none",
                                             "StateValue": "OK", "StateReason": "x"})
        self.assertEqual(status, 404)
        self.assertIn(b"<Code>ResourceNotFound</Code>", body)
        status, headers, body = query(EAST, {"Action": "GetMetricStatistics", "Namespace": NS,
                                             "MetricName": "none", "StartTime": "2025-12-31T00:00:00Z",
                                             "EndTime": "2025-12-31T01:00:00Z", "Period": "60",
                                             "Statistics.member.1": "Sum"})
        self.assertEqual(status, 200, body)
        self.assertEqual(query_check("GetMetricStatistics", status, body), [])
        status, headers, body = query(EAST, {"Action": "PutDashboard", "DashboardName": "x"})
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>InvalidAction</Code>", body)


if __name__ == "__main__":
    dc.main()
