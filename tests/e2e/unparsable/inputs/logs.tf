resource "aws_cloudwatch_log_group" "worker" {
  name              = "/krewdata/worker"
  retention_in_days = 30
}
