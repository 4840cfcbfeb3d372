"""aws-cli against drh serve, as a user would point it: --endpoint-url."""

import json
import os
import shutil
import subprocess
import unittest

import drh_conformance as dc


def aws(*args):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=dc.ACCESS_KEY, AWS_SECRET_ACCESS_KEY=dc.SECRET_KEY,
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
    return subprocess.run(["aws", "--endpoint-url", dc.endpoint(), "--output", "json", *args],
                          capture_output=True, text=True, env=env, timeout=120)


@unittest.skipUnless(shutil.which("aws") or os.environ.get("CI") == "true",
                     "aws-cli is not installed")
class AwsCli(dc.ConformanceCase):
    def test_rds_describe_global_clusters(self):
        name = dc.unique("cli-global")
        created = aws("rds", "create-global-cluster", "--global-cluster-identifier", name,
                      "--engine", "aurora-postgresql", "--engine-version", "15.4")
        self.assertEqual(created.returncode, 0, created.stderr)
        listed = aws("rds", "describe-global-clusters", "--global-cluster-identifier", name)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        clusters = json.loads(listed.stdout)["GlobalClusters"]
        self.assertEqual([c["GlobalClusterIdentifier"] for c in clusters], [name])

    def test_sts_get_caller_identity(self):
        out = aws("sts", "get-caller-identity")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(json.loads(out.stdout)["Account"], dc.ACCOUNT)

    def test_missing_cluster_is_reported_with_its_code(self):
        out = aws("rds", "describe-db-clusters", "--db-cluster-identifier", dc.unique("absent"))
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("DBClusterNotFoundFault", out.stderr)


if __name__ == "__main__":
    dc.main()
