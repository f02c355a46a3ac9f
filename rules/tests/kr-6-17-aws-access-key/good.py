import os

import boto3

session = boto3.Session(
    aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
    region_name="ap-northeast-1",
)
DOC_KEY = "AKIAIOSFODNN7EXAMPLE"
