# A child module: no provider block, the calling module's default_tags apply.
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
