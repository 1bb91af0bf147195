"""Drives the emulator's Invoke API with boto3, unchanged but for endpoint_url; prints what it observed as JSON."""
import base64
import json
import sys

import boto3
import botocore.exceptions

from lambda_client import lambda_client

port = int(sys.argv[1])
client = lambda_client(port, {"mode": "legacy", "max_attempts": 4})
observed = {}

response = client.invoke(FunctionName="echo", Payload=json.dumps({"from": "boto3"}), LogType="Tail")
observed["ok"] = {
    "status": response["StatusCode"],
    "payload": json.loads(response["Payload"].read()),
    "version": response["ExecutedVersion"],
    "requestId": response["ResponseMetadata"]["RequestId"],
    "log": base64.b64decode(response["LogResult"]).decode(),
    "functionError": response.get("FunctionError"),
}

context = base64.b64encode(json.dumps({"custom": {"user": "u1"}}).encode()).decode()
response = client.invoke(FunctionName="info", ClientContext=context)
observed["info"] = json.loads(response["Payload"].read())

response = client.invoke(FunctionName="slow", Payload=json.dumps({"seconds": 5}))
observed["timeout"] = {
    "status": response["StatusCode"],
    "functionError": response.get("FunctionError"),
    "payload": json.loads(response["Payload"].read()),
    "requestId": response["ResponseMetadata"]["RequestId"],
}

response = client.invoke(FunctionName="echo", InvocationType="Event", Payload=b"{}")
observed["event"] = {"status": response["StatusCode"], "payload": response["Payload"].read().decode()}
response = client.invoke(FunctionName="echo", InvocationType="DryRun", Payload=b"{}")
observed["dryRun"] = {"status": response["StatusCode"]}

stream = client.invoke_with_response_stream(FunctionName="echo", Payload=json.dumps({"streamed": True}), LogType="Tail")
events = list(stream["EventStream"])
observed["stream"] = {
    "status": stream["StatusCode"],
    "version": stream["ExecutedVersion"],
    "payload": b"".join(e["PayloadChunk"]["Payload"] for e in events if "PayloadChunk" in e).decode(),
    "complete": [e["InvokeComplete"] for e in events if "InvokeComplete" in e],
}
observed["stream"]["complete"][0]["LogResult"] = base64.b64decode(observed["stream"]["complete"][0]["LogResult"]).decode()
failed = client.invoke_with_response_stream(FunctionName="fail", Payload=b"{}")
observed["streamError"] = [e["InvokeComplete"] for e in failed["EventStream"] if "InvokeComplete" in e]

errors = {}
for name, call in {
    "unknown": lambda: client.invoke(FunctionName="missing"),
    "tooLarge": lambda: client.invoke(FunctionName="echo", Payload=b'"' + b"x" * 6_291_500 + b'"'),
    "badJSON": lambda: client.invoke(FunctionName="echo", Payload=b"not json"),
}.items():
    try:
        call()
        errors[name] = None
    except client.exceptions.ResourceNotFoundException as error:
        errors[name] = ["ResourceNotFoundException", error.response["Error"]["Message"], error.response["ResponseMetadata"]["HTTPStatusCode"]]
    except client.exceptions.RequestTooLargeException as error:
        errors[name] = ["RequestTooLargeException", error.response["Error"]["Message"], error.response["ResponseMetadata"]["HTTPStatusCode"]]
    except client.exceptions.InvalidRequestContentException as error:
        errors[name] = ["InvalidRequestContentException", error.response["Error"]["Message"], error.response["ResponseMetadata"]["HTTPStatusCode"]]
    except botocore.exceptions.ClientError as error:  # Lambda's RequestEntityTooLargeException is not modeled
        errors[name] = [error.response["Error"]["Code"], error.response["Error"]["Message"], error.response["ResponseMetadata"]["HTTPStatusCode"]]
observed["errors"] = errors
print(json.dumps(observed))
