"""Monitoring over time through boto3 against drh serve (manual clock): a replication-lag
alarm evaluated on schedule goes to ALARM, its SNS notification is readable at
GET /_drh/sns/messages and is POSTed to an http subscription on loopback, which confirmed
itself with the Token of the SubscriptionConfirmation message drh serve POSTed first; and a
Route 53 health check on a real HTTP or HTTPS endpoint on loopback follows what it answers."""

import datetime
import http.server
import json
import os
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.parse

import drh_conformance as dc

REGION = "us-east-1"


class Hook(http.server.BaseHTTPRequestHandler):
    """An SNS http endpoint: records each POST (headers and JSON body)."""

    received = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode()
        Hook.received.append((dict(self.headers), json.loads(body)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_):
        pass


class Health(http.server.BaseHTTPRequestHandler):
    """A service under test: GET /health answers `status` with a body naming its colour."""

    status = 200
    hits = 0

    def do_GET(self):
        Health.hits += 1
        body = b'{"status":"green"}' if Health.status == 200 else b'{"status":"red"}'
        self.send_response(Health.status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_):
        pass


def wait_for(predicate, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        got = predicate()
        if got:
            return got
        time.sleep(0.05)
    return None


def server_now():
    status, body = dc.admin("GET", "/_drh/clock")
    assert status == 200, body
    return datetime.datetime.fromtimestamp(body["epoch_ms"] / 1000, tz=datetime.timezone.utc)


class MonitoringDynamics(dc.ConformanceCase):
    def setUp(self):
        super().setUp()
        self.cw = dc.client("cloudwatch", REGION)
        self.sns = dc.client("sns", REGION)
        self.hook = http.server.HTTPServer(("127.0.0.1", 0), Hook)
        threading.Thread(target=self.hook.serve_forever, daemon=True).start()
        Hook.received = []

    def tearDown(self):
        self.hook.shutdown()
        self.hook.server_close()
        super().tearDown()

    def messages(self, topic):
        status, body = dc.admin("GET", "/_drh/sns/messages?topic=" + urllib.parse.quote(topic, safe=""))
        self.assertEqual(status, 200, body)
        return body["messages"]

    def test_lag_alarm_notifies_the_topic_and_a_loopback_http_endpoint(self):
        topic = self.sns.create_topic(Name=dc.unique("dr-pager"))["TopicArn"]
        queue = self.sns.subscribe(TopicArn=topic, Protocol="sqs",
                                   Endpoint=f"arn:aws:sqs:{REGION}:{dc.ACCOUNT}:pager",
                                   ReturnSubscriptionArn=True)["SubscriptionArn"]
        url = f"http://127.0.0.1:{self.hook.server_address[1]}/sns"
        pending = self.sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=url)
        self.assertEqual(pending["SubscriptionArn"], "pending confirmation")

        # drh serve POSTs the SubscriptionConfirmation; the endpoint confirms with its Token.
        got = wait_for(lambda: [r for r in Hook.received
                                if r[1].get("Type") == "SubscriptionConfirmation"])
        self.assertTrue(got, "no SubscriptionConfirmation reached the endpoint")
        headers, confirmation = got[0]
        self.assertEqual(headers.get("x-amz-sns-message-type"), "SubscriptionConfirmation")
        self.assertEqual(confirmation["TopicArn"], topic)
        self.assertIn("Action=ConfirmSubscription", confirmation["SubscribeURL"])
        hook_sub = self.sns.confirm_subscription(TopicArn=topic,
                                                 Token=confirmation["Token"])["SubscriptionArn"]

        name = dc.unique("orders-replication-lag")
        namespace = dc.unique("DR/Aurora")
        self.cw.put_metric_alarm(
            AlarmName=name, AlarmDescription="Aurora secondary lags", AlarmActions=[topic],
            MetricName="AuroraGlobalDBReplicationLag", Namespace=namespace, Statistic="Average",
            Dimensions=[{"Name": "DBClusterIdentifier", "Value": "orders-west"}], Period=60,
            EvaluationPeriods=1, Threshold=500, ComparisonOperator="GreaterThanThreshold",
            Unit="Milliseconds")
        self.cw.put_metric_data(Namespace=namespace, MetricData=[{
            "MetricName": "AuroraGlobalDBReplicationLag", "Unit": "Milliseconds", "Value": 800,
            "Timestamp": server_now(),
            "Dimensions": [{"Name": "DBClusterIdentifier", "Value": "orders-west"}]}])
        dc.advance(60)  # the period holding the datapoint closes and is evaluated

        alarm = self.cw.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]
        history = self.cw.describe_alarm_history(AlarmName=name, HistoryItemType="StateUpdate")
        summaries = [h["HistorySummary"] for h in history["AlarmHistoryItems"]]
        self.assertIn("Alarm updated from INSUFFICIENT_DATA to ALARM", summaries)
        self.assertIn(alarm["StateValue"], ("ALARM", "INSUFFICIENT_DATA"))  # others move time

        notes = [m for m in self.messages(topic) if m["type"] == "Notification"]
        by_sub = {m["subscriptionArn"]: m for m in notes}
        self.assertIn(queue, by_sub)
        self.assertIn(hook_sub, by_sub)
        recorded = by_sub[queue]
        self.assertEqual(recorded["protocol"], "sqs")
        self.assertEqual(recorded["subject"], f'ALARM: "{name}" in US East (N. Virginia)')
        message = json.loads(recorded["message"])
        self.assertEqual(message["AlarmName"], name)
        self.assertEqual(message["NewStateValue"], "ALARM")
        self.assertEqual(message["OldStateValue"], "INSUFFICIENT_DATA")
        self.assertEqual(message["Region"], "US East (N. Virginia)")
        self.assertEqual(message["Trigger"]["Statistic"], "AVERAGE")
        self.assertEqual(message["Trigger"]["Dimensions"],
                         [{"value": "orders-west", "name": "DBClusterIdentifier"}])
        self.assertEqual(message["Trigger"]["Threshold"], 500.0)

        # The http endpoint gets the notification POSTed with SNS's envelope and headers.
        got = wait_for(lambda: [r for r in Hook.received if r[1].get("Type") == "Notification"])
        self.assertTrue(got, "no Notification reached the endpoint")
        headers, envelope = got[0]
        self.assertEqual(headers.get("x-amz-sns-message-type"), "Notification")
        self.assertEqual(headers.get("x-amz-sns-topic-arn"), topic)
        self.assertEqual(headers.get("x-amz-sns-subscription-arn"), hook_sub)
        self.assertEqual(envelope["TopicArn"], topic)
        self.assertEqual(envelope["Subject"], recorded["subject"])
        self.assertEqual(json.loads(envelope["Message"])["AlarmName"], name)
        delivered = wait_for(lambda: [m for m in self.messages(topic)
                                      if m["subscriptionArn"] == hook_sub
                                      and m["type"] == "Notification"
                                      and m["status"] == "delivered"])
        self.assertTrue(delivered, self.messages(topic))
        self.assertEqual(delivered[0]["httpStatus"], 200)

    def test_health_check_probes_a_real_http_endpoint_on_loopback(self):
        Health.status = 200
        server = http.server.HTTPServer(("127.0.0.1", 0), Health)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            r53 = dc.client("route53", REGION)
            check = r53.create_health_check(CallerReference=dc.unique("live"), HealthCheckConfig={
                "Type": "HTTP_STR_MATCH", "IPAddress": "127.0.0.1", "Port": server.server_address[1],
                "ResourcePath": "/health", "SearchString": "green", "RequestInterval": 10,
                "FailureThreshold": 1})["HealthCheck"]["Id"]

            def reports():
                dc.advance(10)  # every checker probes once, with drh serve's latest result
                status = r53.get_health_check_status(HealthCheckId=check)
                return {o["StatusReport"]["Status"] for o in status["HealthCheckObservations"]}

            seen = wait_for(lambda: Health.hits and reports() == {"Success: HTTP Status Code 200, OK"})
            self.assertTrue(seen, reports())
            Health.status = 503
            failing = "Failure: HTTP Status Code 503, Service Unavailable"
            seen = wait_for(lambda: reports() == {failing})
            self.assertTrue(seen, reports())
        finally:
            server.shutdown()
            server.server_close()

    def test_health_check_probes_a_real_https_endpoint_on_loopback(self):
        # Route 53 sends SNI (EnableSNI) and does not validate the certificate: a self-signed
        # one made now for another name must pass.
        with tempfile.TemporaryDirectory() as tmp:
            cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                            "-out", cert, "-days", "1", "-subj", "/CN=self-signed.invalid"],
                           check=True, capture_output=True)
            tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls.load_cert_chain(cert, key)
            sni = []
            tls.sni_callback = lambda sock, name, ctx: sni.append(name)
            Health.status, Health.hits = 200, 0
            server = http.server.HTTPServer(("127.0.0.1", 0), Health)
            server.socket = tls.wrap_socket(server.socket, server_side=True)
            plain = http.server.HTTPServer(("127.0.0.1", 0), Health)
            for s in (server, plain):
                threading.Thread(target=s.serve_forever, daemon=True).start()
            try:
                r53 = dc.client("route53", REGION)

                def check(port, fqdn):
                    return r53.create_health_check(CallerReference=dc.unique("tls"), HealthCheckConfig={
                        "Type": "HTTPS", "IPAddress": "127.0.0.1", "Port": port,
                        "FullyQualifiedDomainName": fqdn, "ResourcePath": "/health", "EnableSNI": True,
                        "RequestInterval": 10, "FailureThreshold": 1})["HealthCheck"]["Id"]

                def reports(check_id):
                    dc.advance(10)  # every checker probes once, with drh serve's latest result
                    status = r53.get_health_check_status(HealthCheckId=check_id)
                    return {o["StatusReport"]["Status"] for o in status["HealthCheckObservations"]}

                tls_check = check(server.server_address[1], "health.drh.test")
                ok = "Success: HTTP Status Code 200, OK"
                seen = wait_for(lambda: Health.hits and reports(tls_check) == {ok})
                self.assertTrue(seen, reports(tls_check))
                self.assertIn("health.drh.test", sni)
                Health.status = 503
                failing = "Failure: HTTP Status Code 503, Service Unavailable"
                seen = wait_for(lambda: reports(tls_check) == {failing})
                self.assertTrue(seen, reports(tls_check))

                # An HTTPS check on an endpoint that does not speak TLS fails at the handshake.
                plain_check = check(plain.server_address[1], "plain.drh.test")
                seen = wait_for(lambda: all(r.startswith("Failure: TLS handshake failed")
                                            for r in reports(plain_check)))
                self.assertTrue(seen, reports(plain_check))
            finally:
                for s in (server, plain):
                    s.shutdown()
                    s.server_close()

    def test_unknown_admin_topic_filter_answers_an_empty_list(self):
        self.assertEqual(self.messages(f"arn:aws:sns:{REGION}:{dc.ACCOUNT}:nothing-here"), [])


if __name__ == "__main__":
    dc.main()
