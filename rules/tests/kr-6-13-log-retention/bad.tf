resource "aws_cloudwatch_log_group" "thirty" {
  name              = "/aws/lambda/api"
  retention_in_days = 30 # krewlint-expect: KR-6-13-LOG-RETENTION
}

resource "aws_cloudwatch_log_group" "one" {
  name = "/aws/lambda/worker"
  # krewlint-expect: KR-6-13-LOG-RETENTION
  retention_in_days = 1
}

resource "aws_cloudwatch_log_group" "almost" {
  name              = "/app/audit"
  retention_in_days = 180 # krewlint-expect: KR-6-13-LOG-RETENTION
}

resource "aws_cloudwatch_log_group" "unknown" {
  name              = "/app/batch"
  retention_in_days = local.log_days # krewlint-expect: KR-6-13-LOG-RETENTION
}
