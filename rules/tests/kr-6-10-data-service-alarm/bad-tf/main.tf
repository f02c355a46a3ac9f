# krewlint-expect: KR-6-10-DATA-SERVICE-ALARM
resource "aws_db_instance" "main" {
  identifier     = "krewdata"
  engine         = "postgres"
  instance_class = "db.t4g.medium"
}

# an alarm without actions notifies nobody
# krewlint-expect: KR-6-10-DATA-SERVICE-ALARM
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_cloudwatch_metric_alarm" "jobs_age" {
  alarm_name          = "jobs-age"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateAgeOfOldestMessage"
  namespace           = "AWS/SQS"
  period              = 300
  statistic           = "Maximum"
  threshold           = 600
  dimensions = {
    QueueName = aws_sqs_queue.jobs.name
  }
}
