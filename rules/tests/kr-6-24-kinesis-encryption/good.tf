resource "aws_kinesis_stream" "events" {
  name            = "events"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis"
}

resource "aws_kinesis_firehose_delivery_stream" "direct" {
  name        = "direct"
  destination = "extended_s3"
  server_side_encryption {
    enabled  = true
    key_type = "AWS_OWNED_CMK"
  }
}

# reads from the encrypted stream: the source's encryption applies
resource "aws_kinesis_firehose_delivery_stream" "from_stream" {
  name        = "from-stream"
  destination = "extended_s3"
  kinesis_source_configuration {
    kinesis_stream_arn = aws_kinesis_stream.events.arn
    role_arn           = aws_iam_role.firehose.arn
  }
}
