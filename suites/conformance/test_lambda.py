"""Lambda through boto3 against drh serve: functions in two regions (Pending, then Active
on the server's clock), configuration, paging, invocation through the built-in handlers,
deletion, tags, and the error codes."""

import base64
import io
import json
import zipfile

import drh_conformance as dc

EAST = "us-east-1"
WEST = "us-west-2"
ROLE = f"arn:aws:iam::{dc.ACCOUNT}:role/drh-lambda"


def package():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buf.getvalue()


class Lambda(dc.ConformanceCase):
    def setUp(self):
        super().setUp()
        self.east = dc.client("lambda", EAST)
        self.west = dc.client("lambda", WEST)

    def function(self, client, handler="drh.echo", **extra):
        name = dc.unique("fn")
        params = dict(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler=handler,
                      Code={"ZipFile": package()}, Environment={"Variables": {"STAGE": "dr"}},
                      Tags={"team": "dr"})
        params.update(extra)
        created = client.create_function(**params)
        self.assertEqual(created["State"], "Pending")
        return name, created

    def test_functions_in_two_regions(self):
        name, created = self.function(self.east)
        self.assertEqual(created["FunctionArn"], f"arn:aws:lambda:{EAST}:{dc.ACCOUNT}:function:{name}")
        self.assertEqual(created["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual(created["Version"], "$LATEST")
        self.assertEqual(created["Environment"], {"Variables": {"STAGE": "dr"}})
        self.assertEqual(created["CodeSize"], len(package()))
        west_name, west = self.function(self.west, handler="drh.health")
        self.assertTrue(west["FunctionArn"].startswith(f"arn:aws:lambda:{WEST}:"))
        dc.advance(2)
        got = self.east.get_function(FunctionName=name)
        self.assertEqual(got["Configuration"]["State"], "Active")
        self.assertEqual(got["Configuration"]["LastUpdateStatus"], "Successful")
        self.assertEqual(got["Code"]["RepositoryType"], "S3")
        self.assertEqual(got["Tags"], {"team": "dr"})
        self.east.get_waiter("function_active_v2").wait(FunctionName=name)
        config = self.east.get_function_configuration(FunctionName=created["FunctionArn"])
        self.assertEqual(config["FunctionName"], name)
        self.assertAwsError("ResourceNotFoundException", self.east.get_function,
                            FunctionName=west_name)

    def test_invoke_built_in_handlers(self):
        health, _ = self.function(self.west, handler="drh.health")
        echo, _ = self.function(self.west, handler="drh.echo")
        failing, _ = self.function(self.west, handler="drh.fail")
        self.assertAwsError("ResourceConflictException", self.west.invoke, FunctionName=health)
        dc.advance(2)
        out = self.west.invoke(FunctionName=health, LogType="Tail")
        self.assertEqual(out["StatusCode"], 200)
        self.assertEqual(json.loads(out["Payload"].read()),
                         {"statusCode": 200, "region": WEST, "healthy": True})
        self.assertEqual(out["ExecutedVersion"], "$LATEST")
        self.assertIn("START RequestId:", base64.b64decode(out["LogResult"]).decode())
        out = self.west.invoke(FunctionName=echo, Payload=json.dumps({"drill": True}))
        self.assertEqual(json.loads(out["Payload"].read()), {"drill": True})
        out = self.west.invoke(FunctionName=failing, Payload=json.dumps({"message": "boom"}))
        self.assertEqual(out["FunctionError"], "Unhandled")
        self.assertEqual(json.loads(out["Payload"].read())["errorMessage"], "boom")
        self.assertEqual(self.west.invoke(FunctionName=echo, InvocationType="Event")["StatusCode"], 202)
        self.assertEqual(self.west.invoke(FunctionName=echo, InvocationType="DryRun")["StatusCode"], 204)
        err = self.assertAwsError("ResourceNotFoundException", self.west.invoke,
                                  FunctionName=dc.unique("missing"))
        self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], 404)

    def test_list_delete_tags_and_errors(self):
        names = sorted(self.function(self.east)[0] for _ in range(5))
        pages = list(self.east.get_paginator("list_functions").paginate(
            PaginationConfig={"PageSize": 2}))
        self.assertGreaterEqual(len(pages), 3)
        listed = [f["FunctionName"] for p in pages for f in p["Functions"]]
        for n in names:
            self.assertIn(n, listed)
        arn = f"arn:aws:lambda:{EAST}:{dc.ACCOUNT}:function:{names[0]}"
        self.east.tag_resource(Resource=arn, Tags={"cost": "dr"})
        self.assertEqual(self.east.list_tags(Resource=arn)["Tags"], {"team": "dr", "cost": "dr"})
        self.east.untag_resource(Resource=arn, TagKeys=["team"])
        self.assertEqual(self.east.list_tags(Resource=arn)["Tags"], {"cost": "dr"})
        err = self.assertAwsError("ResourceConflictException", self.east.create_function,
                                  FunctionName=names[0], Runtime="python3.12", Role=ROLE,
                                  Handler="drh.echo", Code={"ZipFile": package()})
        self.assertEqual(err.response["ResponseMetadata"]["HTTPStatusCode"], 409)
        self.assertAwsError("InvalidParameterValueException", self.east.create_function,
                            FunctionName=dc.unique("fn"), Runtime="python3.12", Role=ROLE,
                            Handler="drh.echo", Code={"ZipFile": b"not a zip"})
        deleted = self.east.delete_function(FunctionName=names[0])
        self.assertEqual(deleted["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertAwsError("ResourceNotFoundException", self.east.delete_function,
                            FunctionName=names[0])


if __name__ == "__main__":
    dc.main()
