import os


def env(event, context):
    """The variables lambda-local resolved for this function."""
    return {k: v for k, v in os.environ.items() if k.startswith(("RESOLVED_", "SECRET_ID"))}
