resource "aws_cloudwatch_log_group" "year" {
  name              = "/aws/lambda/api"
  retention_in_days = 365
}

resource "aws_cloudwatch_log_group" "longer" {
  name              = "/app/audit"
  retention_in_days = 3653
}

# never expire
resource "aws_cloudwatch_log_group" "zero" {
  name              = "/app/access"
  retention_in_days = 0
}

# never expire (absent)
resource "aws_cloudwatch_log_group" "absent" {
  name = "/app/events"
}
