import boto3

session = boto3.Session(
    aws_access_key_id="AKIAZ7Q4M2XK5RT3WV6B",  # krewlint-expect: KR-6-17-AWS-ACCESS-KEY
    region_name="ap-northeast-1",
)
# krewlint-expect: KR-6-17-AWS-ACCESS-KEY
CONFIG = """
[default]
aws_access_key_id = ASIAY2B3C4D5E6F7G2H3
"""
