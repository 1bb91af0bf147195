import json
import os
import sys
import time

print("init: handler module loaded")


def echo(event, context):
    print(f"echo: {json.dumps(event)}")
    return event


def info(event, context):
    return {
        "requestId": context.aws_request_id,
        "arn": context.invoked_function_arn,
        "remainingMs": context.get_remaining_time_in_millis(),
        "memory": context.memory_limit_in_mb,
        "clientContext": getattr(context.client_context, "custom", None) if context.client_context else None,
        "env": {k: v for k, v in os.environ.items() if k.startswith(("AWS_", "LAMBDA_", "_HANDLER", "TZ", "GREETING", "LANG"))},
        "cwd": os.getcwd(),
        "pid": os.getpid(),
    }


def slow(event, context):
    print("slow: sleeping", event.get("seconds", 5))
    time.sleep(event.get("seconds", 5))
    return {"slept": event.get("seconds", 5), "pid": os.getpid()}


def crash(event, context):
    print("crash: exiting with 3")
    sys.stdout.flush()
    os._exit(3)


def fail(event, context):
    raise ValueError("bad input: " + json.dumps(event))


def big(event, context):
    return "x" * event.get("size", 7_000_000)


def chatty(event, context):
    for index in range(event.get("lines", 200)):
        print(f"line {index:04d} " + "y" * 40)
    return "done"


def proxy(event, context):
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json", "X-Handler": "proxy"},
        "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
        "body": json.dumps({"event": event}),
        "isBase64Encoded": False,
    }


def bad_proxy(event, context):
    return {"body": {"not": "a string"}}


def recurse(event, context):
    """Recursion without end: awslambdaric reports the RecursionError with a stack trace of ~1000 frames, and sends
    it as an X-Ray error cause header of about 190 KB."""
    def down(depth):
        return down(depth + 1)

    return down(0)
