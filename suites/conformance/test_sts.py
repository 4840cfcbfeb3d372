"""STS through boto3 against drh serve."""

import drh_conformance as dc


class Sts(dc.ConformanceCase):
    def test_caller_identity_in_two_regions(self):
        for region in ("us-east-1", "us-west-2"):
            identity = dc.client("sts", region).get_caller_identity()
            self.assertEqual(identity["Account"], dc.ACCOUNT)
            self.assertTrue(identity["Arn"].startswith(f"arn:aws:iam::{dc.ACCOUNT}:"))

    def test_unknown_action_is_an_error_code(self):
        status, headers, body = dc.raw_request(
            "sts", "us-east-1", "POST", "/", body=b"Action=NoSuchThing&Version=2011-06-15",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>InvalidAction</Code>", body)


if __name__ == "__main__":
    dc.main()
