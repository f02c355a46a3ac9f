# krewlint-expect: KR-6-10-LAMBDA-ERROR-ALARM
resource "aws_lambda_function" "worker" {
  function_name = "krewdata-worker"
  role          = aws_iam_role.worker.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

# An alarm on the function, but nobody is told.
resource "aws_cloudwatch_metric_alarm" "worker_errors" {
  alarm_name          = "krewdata-worker-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  dimensions = {
    FunctionName = aws_lambda_function.worker.function_name
  }
}

# krewlint-expect: KR-6-10-LAMBDA-ERROR-ALARM
resource "aws_lambda_function" "unwatched" {
  function_name = "krewdata-unwatched"
  role          = aws_iam_role.worker.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}
