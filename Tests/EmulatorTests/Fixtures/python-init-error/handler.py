print("init: about to fail")
raise RuntimeError("cannot configure: missing BUCKET")


def handle(event, context):
    return "never"
