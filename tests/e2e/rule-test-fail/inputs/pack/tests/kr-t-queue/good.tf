resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue" "oops" {
  sqs_managed_sse_enabled = false
}
