"""Reads an InvokeWithResponseStream with boto3 and prints, as JSON, when each event arrived (seconds since the
call) and what it carried, so a test can tell a stream forwarded as it goes from one sent at its end."""
import json
import sys
import time

from lambda_client import lambda_client

port, function, payload = int(sys.argv[1]), sys.argv[2], sys.argv[3]
client = lambda_client(port, {"mode": "standard", "max_attempts": 1})
began = time.monotonic()
response = client.invoke_with_response_stream(FunctionName=function, Payload=payload.encode())
events = []
for event in response["EventStream"]:
    at = time.monotonic() - began
    if "PayloadChunk" in event:
        events.append({"at": at, "chunk": event["PayloadChunk"]["Payload"].decode()})
    elif "InvokeComplete" in event:
        events.append({"at": at, "complete": event["InvokeComplete"]})
print(json.dumps(events))
