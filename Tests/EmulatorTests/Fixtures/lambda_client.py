"""A boto3 Lambda client for the emulator's Invoke API on 127.0.0.1:port (dummy keys), shared by the checks."""
import boto3
from botocore.config import Config


def lambda_client(port, retries):
    return boto3.client(
        "lambda",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries=retries, read_timeout=30),
    )
