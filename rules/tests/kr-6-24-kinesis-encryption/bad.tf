# krewlint-expect: KR-6-24-KINESIS-ENCRYPTION
resource "aws_kinesis_stream" "events" {
  name        = "events"
  shard_count = 1
}

resource "aws_kinesis_stream" "none" {
  name            = "none"
  shard_count     = 1
  encryption_type = "NONE" # krewlint-expect: KR-6-24-KINESIS-ENCRYPTION
}

# krewlint-expect: KR-6-24-KINESIS-ENCRYPTION
resource "aws_kinesis_firehose_delivery_stream" "direct" {
  name        = "direct"
  destination = "extended_s3"
}
