"""drh serve itself: admin endpoints, the manual clock, limits, signature checks."""

import json
import signal
import urllib.request

import drh_conformance as dc


class Serve(dc.ConformanceCase):
    def test_health_reports_account_and_clock(self):
        status, body = dc.admin("GET", "/_drh/health")
        self.assertEqual(status, 200)
        self.assertEqual(body["status"], "ok")
        self.assertEqual(body["account"], dc.ACCOUNT)
        self.assertEqual(body["clock"]["mode"], "manual")

    def test_manual_clock_advances_only_when_told(self):
        _, before = dc.admin("GET", "/_drh/clock")
        after = dc.advance(90)
        self.assertEqual(after["epoch_ms"] - before["epoch_ms"], 90_000)
        status, body = dc.admin("POST", "/_drh/clock/advance", {"seconds": -1})
        self.assertEqual(status, 400)
        self.assertEqual(body["error"], "InvalidInput")

    def test_unknown_admin_endpoint_names_the_known_ones(self):
        status, body = dc.admin("GET", "/_drh/nothing")
        self.assertEqual(status, 404)
        self.assertIn("/_drh/health", body["message"])

    def test_real_clock_refuses_manual_advance(self):
        server = dc.start_server()  # real clock by default
        status, body = dc.admin("POST", "/_drh/clock/advance", {"seconds": 5}, url=server.url)
        self.assertEqual(status, 409)
        self.assertEqual(body["error"], "ClockNotManual")

    def test_oversized_request_is_413(self):
        server = dc.start_server("--max-body-mb", "1")
        req = urllib.request.Request(server.url + "/", data=b"x" * (2 * 1024 * 1024),
                                     method="POST")
        try:
            urllib.request.urlopen(req, timeout=30)
            self.fail("expected 413")
        except urllib.error.HTTPError as e:
            self.assertEqual(e.code, 413)
        except (ConnectionResetError, BrokenPipeError, urllib.error.URLError):
            # The server may close before the client finishes sending 2 MiB; the limit
            # held either way. Check it still serves.
            pass
        status, _ = dc.admin("GET", "/_drh/health", url=server.url)
        self.assertEqual(status, 200)

    def test_verify_signatures_accepts_good_and_rejects_bad(self):
        server = dc.start_server("--verify-signatures", "--access-key",
                                 f"{dc.ACCESS_KEY}:{dc.SECRET_KEY}")
        sts = dc.client("sts", url=server.url)
        self.assertEqual(sts.get_caller_identity()["Account"], dc.ACCOUNT)

        import boto3
        from botocore.config import Config
        from botocore.exceptions import ClientError

        wrong = boto3.client("sts", region_name="us-east-1", endpoint_url=server.url,
                             aws_access_key_id=dc.ACCESS_KEY,
                             aws_secret_access_key="not-the-secret",
                             config=Config(retries={"max_attempts": 1}))
        with self.assertRaises(ClientError) as ctx:
            wrong.get_caller_identity()
        self.assertEqual(ctx.exception.response["Error"]["Code"], "SignatureDoesNotMatch")
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 403)

        unknown = boto3.client("sts", region_name="us-east-1", endpoint_url=server.url,
                               aws_access_key_id="AKIAUNKNOWNKEY000000",
                               aws_secret_access_key=dc.SECRET_KEY,
                               config=Config(retries={"max_attempts": 1}))
        with self.assertRaises(ClientError) as ctx:
            unknown.get_caller_identity()
        self.assertEqual(ctx.exception.response["Error"]["Code"], "InvalidClientTokenId")

        status, headers, body = dc.raw_request("sts", "us-east-1", "POST", "/",
                                               body=b"Action=GetCallerIdentity&Version=2011-06-15",
                                               headers={"Content-Type": "application/x-www-form-urlencoded"},
                                               url=server.url, sign=False)
        self.assertEqual(status, 403)
        self.assertIn(b"MissingAuthenticationToken", body)

    def test_sigterm_stops_gracefully(self):
        server = dc.start_server()
        self.assertEqual(dc.client("sts", url=server.url).get_caller_identity()["Account"],
                         dc.ACCOUNT)
        self.assertEqual(server.stop(signal.SIGTERM), 0)
        self.assertIn("stopped after", server.output())


if __name__ == "__main__":
    dc.main()
