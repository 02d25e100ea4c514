"""Waits for the S3 server at ROZNAMA_S3_ENDPOINT_URL and creates ROZNAMA_S3_BUCKET there,
readable by anyone (as a newsroom's public media bucket is); used by scripts/with-s3.sh and
the tests' own S3 server (tests/roznama/s3media)."""

import json
import os
import sys
import time

import boto3
from botocore.exceptions import EndpointConnectionError


def main() -> int:
    client = boto3.client(
        "s3",
        endpoint_url=os.environ["ROZNAMA_S3_ENDPOINT_URL"],
        region_name=os.environ.get("ROZNAMA_S3_REGION") or "us-east-1",
        aws_access_key_id=os.environ["ROZNAMA_S3_ACCESS_KEY"],
        aws_secret_access_key=os.environ["ROZNAMA_S3_SECRET_KEY"],
    )
    bucket = os.environ["ROZNAMA_S3_BUCKET"]
    for _ in range(150):
        try:
            client.create_bucket(Bucket=bucket)
            break
        except EndpointConnectionError:
            time.sleep(0.1)
    else:
        print(f"no S3 server answered at {os.environ['ROZNAMA_S3_ENDPOINT_URL']}", file=sys.stderr)
        return 1
    # Readers fetch media anonymously, as from a public bucket or through a CDN (deploy/README.md).
    client.put_bucket_policy(
        Bucket=bucket,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{bucket}/*",
                    }
                ],
            }
        ),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
