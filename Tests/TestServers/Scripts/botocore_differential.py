"""Differential check of our S3 requests against botocore.

Reads a JSON list of cases (made by AWSTests/BotocoreDifferentialTests.swift), and for each:
  1. builds the same operation with a botocore S3 client (nothing is sent: a before-send hook
     captures the request) and compares the URL (path exactly, query as a set of encoded pairs)
     and, for DeleteObjects, the keys in the XML body;
  2. signs our unsigned request with botocore's S3SigV4Auth at the same time and compares the
     Authorization header with ours.
Prints one JSON object: {"checked": N, "mismatches": [...]}.
"""
import base64
import datetime
import json
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import botocore.auth
import botocore.session
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials


class Captured(Exception):
    def __init__(self, request):
        self.request = request


def capture(request, **kwargs):
    raise Captured(request)


_clients = {}


def client_for(case):
    key = (case["region"], case["endpoint"], case["addressing"])
    if key not in _clients:
        session = botocore.session.get_session()
        client = session.create_client(
            "s3",
            region_name=case["region"],
            endpoint_url=case["endpoint"],
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret",
            config=Config(
                s3={"addressing_style": case["addressing"], "us_east_1_regional_endpoint": "regional"},
                request_checksum_calculation="when_required",
                retries={"max_attempts": 1},
            ),
        )
        client.meta.events.register("before-send.s3.*", capture)
        _clients[key] = client
    return _clients[key]


def botocore_request(case):
    client = client_for(case)
    params = dict(case["params"])
    operation = case["operation"]
    if operation == "PutObject":
        params["Body"] = base64.b64decode(case["body"])
    if operation == "DeleteObjects":
        params = {
            "Bucket": params["Bucket"],
            "Delete": {"Objects": [{"Key": k} for k in params["Keys"]], "Quiet": params["Quiet"]},
        }
    method = {
        "ListObjectsV2": client.list_objects_v2,
        "GetObject": client.get_object,
        "PutObject": client.put_object,
        "DeleteObjects": client.delete_objects,
    }[operation]
    try:
        method(**params)
    except Captured as captured:
        return captured.request
    raise RuntimeError("request was not captured")


def query_pairs(url):
    query = urlsplit(url).query
    return sorted(pair if "=" in pair else pair + "=" for pair in query.split("&") if pair)


def deleted_keys(body):
    root = ET.fromstring(body)
    ns = {"s3": "http://s3.amazonaws.com/doc/2006-03-01/"}
    keys = [e.text or "" for e in root.findall("s3:Object/s3:Key", ns)]
    quiet = root.find("s3:Quiet", ns)
    return keys, (quiet.text if quiet is not None else None)


def check(case):
    problems = []
    theirs = botocore_request(case)
    ours_url = urlsplit(case["url"])
    their_url = urlsplit(theirs.url)
    if (ours_url.scheme, ours_url.netloc, ours_url.path) != (their_url.scheme, their_url.netloc, their_url.path):
        problems.append({"what": "url", "ours": case["url"], "botocore": theirs.url})
    if query_pairs(case["url"]) != query_pairs(theirs.url):
        problems.append({"what": "query", "ours": query_pairs(case["url"]), "botocore": query_pairs(theirs.url)})
    body = base64.b64decode(case["body"])
    if case["operation"] == "DeleteObjects":
        if deleted_keys(body) != deleted_keys(theirs.body):
            problems.append({"what": "delete body", "ours": body.decode(), "botocore": theirs.body.decode()})

    timestamp = datetime.datetime.fromtimestamp(case["timestamp"], tz=datetime.timezone.utc).replace(tzinfo=None)
    botocore.auth.get_current_datetime = lambda: timestamp
    request = AWSRequest(method=case["method"], url=case["url"], headers=dict(case["headers"]), data=body)
    credentials = Credentials(case["accessKey"], case["secretKey"], case["token"])
    botocore.auth.S3SigV4Auth(credentials, "s3", case["region"]).add_auth(request)
    if request.headers["Authorization"] != case["authorization"]:
        problems.append({"what": "authorization", "ours": case["authorization"],
                         "botocore": request.headers["Authorization"]})
    return problems


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        cases = json.load(file)
    mismatches = []
    for index, case in enumerate(cases):
        for problem in check(case):
            problem["case"] = index
            mismatches.append(problem)
    print(json.dumps({"checked": len(cases), "mismatches": mismatches[:20], "mismatchCount": len(mismatches)}))


if __name__ == "__main__":
    main()
