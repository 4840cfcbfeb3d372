"""SNS through boto3 against drh serve: topics in two regions, attributes, paging,
subscriptions (pending confirmation for email/http(s)), publishing, tags, and the error
codes."""

import json

import drh_conformance as dc

EAST = "us-east-1"
WEST = "us-west-2"


class Sns(dc.ConformanceCase):
    def setUp(self):
        super().setUp()
        self.east = dc.client("sns", EAST)
        self.west = dc.client("sns", WEST)

    def test_topics_in_two_regions(self):
        name = dc.unique("alerts")
        east = self.east.create_topic(Name=name, Attributes={"DisplayName": "DR"},
                                      Tags=[{"Key": "team", "Value": "dr"}])["TopicArn"]
        west = self.west.create_topic(Name=name)["TopicArn"]
        self.assertEqual(east, f"arn:aws:sns:{EAST}:{dc.ACCOUNT}:{name}")
        self.assertEqual(west, f"arn:aws:sns:{WEST}:{dc.ACCOUNT}:{name}")
        self.assertEqual(self.east.create_topic(Name=name, Attributes={"DisplayName": "DR"})["TopicArn"],
                         east)
        attrs = self.east.get_topic_attributes(TopicArn=east)["Attributes"]
        self.assertEqual(attrs["TopicArn"], east)
        self.assertEqual(attrs["Owner"], dc.ACCOUNT)
        self.assertEqual(attrs["DisplayName"], "DR")
        self.assertEqual(attrs["SubscriptionsConfirmed"], "0")
        self.assertEqual(json.loads(attrs["Policy"])["Statement"][0]["Resource"], east)
        self.east.set_topic_attributes(TopicArn=east, AttributeName="DisplayName",
                                       AttributeValue="Renamed")
        self.assertEqual(self.east.get_topic_attributes(TopicArn=east)["Attributes"]["DisplayName"],
                         "Renamed")
        self.assertEqual(self.east.list_tags_for_resource(ResourceArn=east)["Tags"],
                         [{"Key": "team", "Value": "dr"}])
        arns = [t["TopicArn"] for p in self.west.get_paginator("list_topics").paginate()
                for t in p["Topics"]]
        self.assertIn(west, arns)
        self.assertNotIn(east, arns)

    def test_list_topics_pages(self):
        prefix = dc.unique("many")
        made = {self.east.create_topic(Name=f"{prefix}-{i:03d}")["TopicArn"] for i in range(210)}
        pages = list(self.east.get_paginator("list_topics").paginate())
        self.assertGreaterEqual(len(pages), 3)
        seen = {t["TopicArn"] for p in pages for t in p["Topics"]}
        self.assertTrue(made <= seen)

    def test_subscriptions(self):
        topic = self.east.create_topic(Name=dc.unique("subs"))["TopicArn"]
        pending = self.east.subscribe(TopicArn=topic, Protocol="email",
                                      Endpoint="oncall@example.com")
        self.assertEqual(pending["SubscriptionArn"], "pending confirmation")
        queue = self.east.subscribe(TopicArn=topic, Protocol="sqs",
                                    Endpoint=f"arn:aws:sqs:{EAST}:{dc.ACCOUNT}:dr-queue",
                                    Attributes={"RawMessageDelivery": "true"})
        self.assertTrue(queue["SubscriptionArn"].startswith(topic + ":"))
        subs = self.east.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        self.assertEqual(sorted(s["SubscriptionArn"] for s in subs),
                         sorted(["PendingConfirmation", queue["SubscriptionArn"]]))
        attrs = self.east.get_subscription_attributes(
            SubscriptionArn=queue["SubscriptionArn"])["Attributes"]
        self.assertEqual(attrs["RawMessageDelivery"], "true")
        self.assertEqual(attrs["TopicArn"], topic)
        topic_attrs = self.east.get_topic_attributes(TopicArn=topic)["Attributes"]
        self.assertEqual((topic_attrs["SubscriptionsConfirmed"], topic_attrs["SubscriptionsPending"]),
                         ("1", "1"))
        self.east.unsubscribe(SubscriptionArn=queue["SubscriptionArn"])
        self.assertAwsError("NotFound", self.east.unsubscribe,
                            SubscriptionArn=queue["SubscriptionArn"])
        all_subs = [s for p in self.east.get_paginator("list_subscriptions").paginate()
                    for s in p["Subscriptions"]]
        self.assertTrue(any(s["TopicArn"] == topic for s in all_subs))
        self.assertAwsError("InvalidParameter", self.east.subscribe, TopicArn=topic,
                            Protocol="email", Endpoint="not-an-email")

    def test_publish_and_errors(self):
        topic = self.east.create_topic(Name=dc.unique("pub"))["TopicArn"]
        out = self.east.publish(TopicArn=topic, Subject="DR drill", Message="failover started",
                                MessageAttributes={"phase": {"DataType": "String",
                                                             "StringValue": "detect"}})
        self.assertEqual(len(out["MessageId"]), 36)
        missing = f"arn:aws:sns:{EAST}:{dc.ACCOUNT}:{dc.unique('none')}"
        err = self.assertAwsError("NotFound", self.east.publish, TopicArn=missing, Message="m")
        self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], 404)
        self.assertAwsError("NotFound", self.east.get_topic_attributes, TopicArn=missing)
        self.assertAwsError("InvalidParameter", self.east.publish, TopicArn=topic, Message="m",
                            MessageStructure="json")
        self.assertAwsError("InvalidParameter", self.east.create_topic, Name="bad name")
        fifo = self.east.create_topic(Name=dc.unique("ordered") + ".fifo",
                                      Attributes={"FifoTopic": "true",
                                                  "ContentBasedDeduplication": "true"})["TopicArn"]
        first = self.east.publish(TopicArn=fifo, Message="a", MessageGroupId="g")
        self.assertEqual(len(first["SequenceNumber"]), 20)
        self.east.delete_topic(TopicArn=topic)
        self.east.delete_topic(TopicArn=topic)  # idempotent
        self.assertAwsError("NotFound", self.east.get_topic_attributes, TopicArn=topic)


if __name__ == "__main__":
    dc.main()
