# SSE-SQS is on by default
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue" "kms" {
  name                    = "kms"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = aws_kms_key.sqs.id
}
