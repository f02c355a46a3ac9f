resource "aws_lambda_function" "worker" {
  function_name = "krewdata-worker"
  role          = aws_iam_role.worker.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_cloudwatch_metric_alarm" "worker_errors" {
  alarm_name          = "krewdata-worker-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.oncall.arn]
  dimensions = {
    FunctionName = aws_lambda_function.worker.function_name
  }
}

# By literal name: the alarm names the function as written.
resource "aws_lambda_function" "reports" {
  function_name = "krewdata-reports"
  role          = aws_iam_role.worker.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_cloudwatch_metric_alarm" "reports_errors" {
  alarm_name          = "krewdata-reports-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = ["arn:aws:sns:ap-northeast-1:123456789012:oncall"]
  dimensions = {
    FunctionName = "krewdata-reports"
  }
}
